import { describe, expect, it } from 'vitest';
import { mediaUrl, sanitizeLink } from './urls';

describe('sanitizeLink', () => {
  it('accepts http(s), mailto and relative links', () => {
    expect(sanitizeLink('https://example.com')).toEqual({ href: 'https://example.com', external: true });
    expect(sanitizeLink('HTTP://example.com')).toEqual({ href: 'HTTP://example.com', external: true });
    expect(sanitizeLink('mailto:a@b.c')).toEqual({ href: 'mailto:a@b.c', external: false });
    expect(sanitizeLink('../other')).toEqual({ href: '../other', external: false });
    expect(sanitizeLink('page?x=1')).toEqual({ href: 'page?x=1', external: false });
  });

  it('treats protocol-relative URLs as external https', () => {
    expect(sanitizeLink('//evil.example')).toEqual({ href: 'https://evil.example', external: true });
    expect(sanitizeLink('/\\evil.example')).toEqual({ href: 'https://evil.example', external: true });
  });

  it('refuses other schemes, however they are disguised', () => {
    for (const url of ['javascript:x', '\u0001javascript:x', 'jav\nascript:x', 'data:x', 'file:///etc/passwd', 'ftp://x', '', null, undefined]) {
      expect(sanitizeLink(url), String(url)).toBeNull();
    }
  });
});

describe('mediaUrl', () => {
  it('prefixes cms uploads with the public cms URL', () => {
    expect(mediaUrl('/uploads/x.png', 'http://localhost:1337/')).toBe('http://localhost:1337/uploads/x.png');
  });
  it('keeps absolute http(s) URLs and refuses the rest', () => {
    expect(mediaUrl('https://bucket.s3.example/x.png', 'http://cms')).toBe('https://bucket.s3.example/x.png');
    expect(mediaUrl('//cdn.example/x.png', 'http://cms')).toBeNull();
    expect(mediaUrl('javascript:alert(1)', 'http://cms')).toBeNull();
    expect(mediaUrl(null, 'http://cms')).toBeNull();
  });
});
