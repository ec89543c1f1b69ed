import { describe, expect, it } from 'vitest';
import { loginHref, safeNextPath } from './redirects';

describe('safeNextPath', () => {
  it('keeps paths on this site with their query and fragment', () => {
    expect(safeNextPath('/learn/git/intro')).toBe('/learn/git/intro');
    expect(safeNextPath('/courses/git?x=1#enroll')).toBe('/courses/git?x=1#enroll');
    expect(safeNextPath('/a/../dashboard')).toBe('/dashboard');
  });

  it('falls back for anything that could leave the site', () => {
    for (const raw of ['//evil.example', '/\\evil.example', '/\tevil', 'https://evil.example', 'javascript:alert(1)', 'dashboard', '', null, undefined]) {
      expect(safeNextPath(raw), String(raw)).toBe('/dashboard');
    }
    expect(safeNextPath('//x', '/')).toBe('/');
  });
});

describe('loginHref', () => {
  it('sends the learner back where they were', () => {
    expect(loginHref('/learn/git/intro')).toBe('/login?next=%2Flearn%2Fgit%2Fintro');
    expect(loginHref('/')).toBe('/login');
    expect(loginHref('//evil.example')).toBe('/login');
  });
});
