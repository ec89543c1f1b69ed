import { describe, expect, it } from 'vitest';
import type { CourseOutline, OutlineLesson, OutlineSection } from '@contracts/enrollment';
import { continueHref, courseAction, entryLesson, hasAccess, lessonHref, lessonsInOrder, lockSummary, progressLabel } from './learning';

const lesson = (slug: string, order: number, state: OutlineLesson['state'] = 'open'): OutlineLesson => ({
  documentId: `doc-${slug}`,
  slug,
  title: slug.toUpperCase(),
  order,
  freePreview: false,
  estimatedMinutes: 5,
  kinds: ['rich-text'],
  state,
  lock: null,
  locks: [],
  progress: null,
});
const section = (order: number, lessons: OutlineLesson[]): OutlineSection => ({
  documentId: `s${order}`,
  title: `Section ${order}`,
  order,
  drip: { type: 'none', days: null, date: null },
  unlocksAt: null,
  lessons,
});
const outline = (sections: OutlineSection[], nextLesson: CourseOutline['nextLesson'] = null): CourseOutline => ({
  course: { documentId: 'c1', slug: 'git', title: 'Git', pricingModel: 'free' },
  enrollment: null,
  progress: 0,
  sections,
  nextLesson,
});

describe('lessons in order', () => {
  it('orders sections, then lessons within them', () => {
    const o = outline([section(2, [lesson('d', 1)]), section(1, [lesson('b', 2), lesson('a', 1)])]);
    expect(lessonsInOrder(o).map((l) => l.slug)).toEqual(['a', 'b', 'd']);
  });

  it('enters a course at the cms’s next lesson, else the first open one', () => {
    const o = outline([section(1, [lesson('a', 1, 'done'), lesson('b', 2, 'open'), lesson('c', 3, 'locked')])]);
    expect(entryLesson(o)?.slug).toBe('b');
    expect(entryLesson({ ...o, nextLesson: { documentId: 'doc-a', slug: 'a', title: 'A' } })?.slug).toBe('a');
    expect(entryLesson({ ...o, nextLesson: { documentId: 'doc-c', slug: 'c', title: 'C' } })?.slug).toBe('b');
    expect(entryLesson(outline([section(1, [lesson('a', 1, 'done')])]))?.slug).toBe('a');
    expect(entryLesson(outline([section(1, [lesson('a', 1, 'locked')])]))).toBeNull();
  });
});

describe('links', () => {
  it('builds lesson player addresses', () => {
    expect(lessonHref('git', 'intro')).toBe('/learn/git/intro');
    expect(continueHref('git', { documentId: 'x', slug: 'branching', title: 'B' })).toBe('/learn/git/branching');
    expect(continueHref('git', null)).toBe('/learn/git');
  });
});

describe('lock summaries', () => {
  it('say when and why a lesson opens', () => {
    expect(lockSummary({ reason: 'drip', message: 'x', unlocksAt: '2026-03-03T10:00:00.000Z' })).toBe('Opens on March 3, 2026');
    expect(lockSummary({ reason: 'prerequisite', message: 'x', lessons: [{ documentId: '1', slug: 'a', title: 'Basics' }] })).toBe('Finish “Basics” first');
    expect(
      lockSummary({
        reason: 'prerequisite',
        message: 'x',
        lessons: ['A', 'B', 'C', 'D'].map((t) => ({ documentId: t, slug: t, title: t })),
      }),
    ).toBe('Finish “A”, “B” and 2 more first');
    expect(lockSummary({ reason: 'not-enrolled', message: 'Enroll in Git' })).toBe('Enroll to open');
    expect(lockSummary(null)).toBe('Locked');
  });
});

describe('progress', () => {
  it('labels progress and knows which enrollments open lessons', () => {
    expect(progressLabel(0)).toBe('0% complete');
    expect(progressLabel(42.4)).toBe('42% complete');
    expect(progressLabel(100)).toBe('Complete');
    expect(hasAccess('active')).toBe(true);
    expect(hasAccess('completed')).toBe(true);
    for (const status of ['refunded', 'revoked', 'expired', null] as const) expect(hasAccess(status)).toBe(false);
  });
});

describe('courseAction', () => {
  const free = { model: 'free', amount: 0, currency: null } as const;
  const paid = { model: 'one_time', amount: 49900, currency: 'ZAR' } as const;
  const base = { courseSlug: 'git', signedIn: true, enrollment: null, nextLesson: null };

  it('asks visitors to sign in first, keeping the price in the label', () => {
    expect(courseAction({ ...base, price: paid, signedIn: false })).toEqual({ kind: 'sign-in', label: expect.stringMatching(/^Buy for R\s499\.00$/), href: '/login?next=%2Fcourses%2Fgit' });
  });

  it('offers enroll for free courses and buy for paid ones', () => {
    expect(courseAction({ ...base, price: free })).toEqual({ kind: 'enroll', label: 'Enroll for free' });
    expect(courseAction({ ...base, price: paid })).toEqual({ kind: 'buy', label: expect.stringMatching(/^Buy for R\s499\.00$/) });
    // an ended enrollment can be bought again
    expect(courseAction({ ...base, price: paid, enrollment: { status: 'refunded', progress: 40 } }).kind).toBe('buy');
  });

  it('continues an enrollment where the learner left off', () => {
    const next = { documentId: 'l2', slug: 'branching', title: 'Branching' };
    expect(courseAction({ ...base, price: paid, enrollment: { status: 'active', progress: 0 }, nextLesson: null })).toMatchObject({
      kind: 'continue',
      label: 'Start learning',
      href: '/learn/git',
    });
    expect(courseAction({ ...base, price: free, enrollment: { status: 'active', progress: 40 }, nextLesson: next })).toEqual({
      kind: 'continue',
      label: 'Continue learning',
      href: '/learn/git/branching',
      progress: 40,
    });
    expect(courseAction({ ...base, price: free, enrollment: { status: 'completed', progress: 100 }, nextLesson: null }).kind).toBe('continue');
    expect(courseAction({ ...base, price: free, enrollment: { status: 'revoked', progress: 10 } }).kind).toBe('revoked');
  });
});
