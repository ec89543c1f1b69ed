import { describe, expect, it } from 'vitest';
import { createCertificateSourceCache, DEFAULT_TEMPLATE, type CertificateSource } from './sources';

const source = (id: string, title = `Course ${id}`): CertificateSource => ({ course: { documentId: id, title }, templateDocumentId: null, template: DEFAULT_TEMPLATE });

function counting(titles: Record<string, string> = {}) {
  const calls: string[] = [];
  let fail = false;
  const pending: Array<() => void> = [];
  let hold = false;
  const load = async (id: string) => {
    calls.push(id);
    if (hold) await new Promise<void>((resolve) => pending.push(resolve));
    if (fail) throw new Error('database went away');
    return source(id, titles[id]);
  };
  return {
    calls,
    load,
    titles,
    setFail: (v: boolean) => (fail = v),
    setHold: (v: boolean) => (hold = v),
    release: () => pending.splice(0).forEach((r) => r()),
  };
}

describe('certificate source cache', () => {
  it('loads a course once within the TTL and again after it', async () => {
    let t = 1_000;
    const l = counting();
    const cache = createCertificateSourceCache(l.load, { ttlMs: 100, now: () => t });
    await cache.get('a');
    await cache.get('a');
    t += 99;
    await cache.get('a');
    expect(l.calls).toEqual(['a']);
    t += 1;
    await cache.get('a');
    expect(l.calls).toEqual(['a', 'a']);
  });

  it('shares one load between concurrent callers', async () => {
    const l = counting();
    const cache = createCertificateSourceCache(l.load);
    const [x, y] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect(x).toBe(y);
    expect(l.calls).toEqual(['a']);
  });

  it('forgets everything on invalidate, so the next issue reads the new title', async () => {
    const l = counting({ a: 'Old title' });
    const cache = createCertificateSourceCache(l.load);
    expect((await cache.get('a'))?.course.title).toBe('Old title');
    l.titles.a = 'New title';
    expect((await cache.get('a'))?.course.title).toBe('Old title');
    cache.invalidate();
    expect((await cache.get('a'))?.course.title).toBe('New title');
  });

  it('does not keep a failed load', async () => {
    const l = counting();
    const cache = createCertificateSourceCache(l.load);
    l.setFail(true);
    await expect(cache.get('a')).rejects.toThrow('database went away');
    l.setFail(false);
    await expect(cache.get('a')).resolves.toMatchObject({ course: { documentId: 'a' } });
    expect(l.calls).toEqual(['a', 'a']);
  });

  it('does not keep a load that was running when the content changed', async () => {
    const l = counting({ a: 'Old title' });
    const cache = createCertificateSourceCache(l.load);
    l.setHold(true);
    const racing = cache.get('a');
    await Promise.resolve();
    cache.invalidate();
    // The write landed after the read started; the racing caller still gets its result...
    l.titles.a = 'New title';
    l.release();
    await racing;
    l.setHold(false);
    // ...but the next caller reads again.
    expect((await cache.get('a'))?.course.title).toBe('New title');
    expect(l.calls).toEqual(['a', 'a']);
  });

  it('keeps at most maxCourses courses, dropping the oldest', async () => {
    const l = counting();
    const cache = createCertificateSourceCache(l.load, { maxCourses: 2 });
    await cache.get('a');
    await cache.get('b');
    await cache.get('c');
    expect(cache.size).toBe(2);
    await cache.get('b');
    await cache.get('a');
    expect(l.calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
