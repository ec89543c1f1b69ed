import { describe, expect, it } from 'vitest';
import { contentDisposition, createDownloadSigner, MAX_DOWNLOAD_SECONDS } from './signed-url';

const grant = { key: 'certificates/7K3Q-M9XD-2HRB-TW4C/a.pdf', filename: 'certificate.pdf', contentType: 'application/pdf', expiresInSeconds: 600 };
const now = new Date('2026-05-01T10:00:00Z');
const signer = createDownloadSigner(['first-app-key-0000000', 'second-app-key-000000']);

describe('signed download tokens', () => {
  it('verify what they were signed for until they expire', () => {
    const { token, expiresAt } = signer.sign(grant, now);
    expect(expiresAt.toISOString()).toBe('2026-05-01T10:10:00.000Z');
    expect(signer.verify(token, new Date(now.getTime() + 599_000))).toEqual({
      ok: true,
      download: { key: grant.key, filename: grant.filename, contentType: grant.contentType, expiresAt },
    });
    const late = signer.verify(token, new Date(now.getTime() + 600_000));
    expect(late).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuse a token whose payload or signature was changed', () => {
    const { token } = signer.sign(grant, now);
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), k: 'certificates/OTHER/b.pdf' })).toString('base64url');
    expect(signer.verify(`${version}.${other}.${signature}`, now)).toMatchObject({ ok: false, reason: 'signature' });
    const flipped = signature.slice(0, -2) + (signature.endsWith('A') ? 'B' : 'A') + signature.slice(-1);
    expect(signer.verify(`${version}.${payload}.${flipped}`, now)).toMatchObject({ ok: false, reason: 'signature' });
    // A longer expiry needs a new signature too.
    const extended = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), e: 9_999_999_999 })).toString('base64url');
    expect(signer.verify(`${version}.${extended}.${signature}`, now)).toMatchObject({ ok: false, reason: 'signature' });
  });

  it('refuse tokens of another deployment, and garbage', () => {
    const foreign = createDownloadSigner(['someone-elses-key-0000']).sign(grant, now).token;
    expect(signer.verify(foreign, now)).toMatchObject({ ok: false, reason: 'signature' });
    for (const junk of ['', 'abc', 'v1.x.y', 'v2.e30.' + 'A'.repeat(43), 'v1.e30', '../../etc/passwd']) {
      expect(signer.verify(junk, now), junk).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });

  it('rotate like APP_KEYS: the first key signs, every listed key verifies', () => {
    const old = createDownloadSigner(['second-app-key-000000']).sign(grant, now).token;
    expect(signer.verify(old, now).ok).toBe(true);
    const fresh = signer.sign(grant, now).token;
    expect(createDownloadSigner(['first-app-key-0000000']).verify(fresh, now).ok).toBe(true);
  });

  it('refuse to sign bad keys or lifetimes', () => {
    expect(() => signer.sign({ ...grant, key: '../escape.pdf' }, now)).toThrow(/not valid/);
    expect(() => signer.sign({ ...grant, expiresInSeconds: 0 }, now)).toThrow(RangeError);
    expect(() => signer.sign({ ...grant, expiresInSeconds: MAX_DOWNLOAD_SECONDS + 1 }, now)).toThrow(RangeError);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name, never a broken header', () => {
    expect(contentDisposition('certificate-git-7K3Q.pdf')).toBe(`attachment; filename="certificate-git-7K3Q.pdf"; filename*=UTF-8''certificate-git-7K3Q.pdf`);
    expect(contentDisposition('Zoë "quoted"\r\nX-Evil: 1.pdf')).toBe(`attachment; filename="Zoe _quoted___X-Evil: 1.pdf"; filename*=UTF-8''Zo%C3%AB%20_quoted___X-Evil%3A%201.pdf`);
  });
});
