import { describe, expect, it } from 'vitest';
import { continueLesson, dripUnlockAt, lessonLocks, lessonState, type LessonAccessInput } from './access';
import type { LessonNode, SectionNode } from './types';

const lesson = (id: string, over: Partial<LessonNode> = {}): LessonNode => ({
  documentId: id,
  slug: id,
  title: `Lesson ${id}`,
  order: 0,
  freePreview: false,
  estimatedMinutes: 5,
  prerequisites: [],
  kinds: ['rich-text'],
  blocks: [],
  ...over,
});
const section = (drip: SectionNode['drip'] = { type: 'none', days: null, date: null }): SectionNode => ({
  documentId: 's1',
  title: 'Week 2',
  order: 0,
  drip,
  lessons: [],
});
const enrolledAt = new Date('2026-03-01T10:00:00Z');
const input = (over: Partial<LessonAccessInput> = {}): LessonAccessInput => ({
  course: { title: 'TypeScript' },
  section: section(),
  lesson: lesson('b'),
  hasAccess: true,
  enrolledAt,
  completedLessons: new Set(),
  now: new Date('2026-03-02T10:00:00Z'),
  ...over,
});

describe('drip', () => {
  it('after_days opens N days after enrolling; unknown without an enrollment', () => {
    expect(dripUnlockAt({ type: 'after_days', days: 3, date: null }, enrolledAt)?.toISOString()).toBe('2026-03-04T10:00:00.000Z');
    expect(dripUnlockAt({ type: 'after_days', days: 3, date: null }, null)).toBeNull();
  });

  it('on_date opens at the date for everyone; none never drips', () => {
    const date = new Date('2026-04-01T00:00:00Z');
    expect(dripUnlockAt({ type: 'on_date', days: null, date }, null)).toEqual(date);
    expect(dripUnlockAt({ type: 'none', days: 5, date }, enrolledAt)).toBeNull();
  });

  it('locks until the unlock instant and opens at it', () => {
    const drip = { type: 'after_days' as const, days: 3, date: null };
    const before = lessonLocks(input({ section: section(drip), now: new Date('2026-03-04T09:59:59Z') }));
    expect(before).toEqual([
      { reason: 'drip', unlocksAt: '2026-03-04T10:00:00.000Z', message: 'lesson "Lesson b" opens on 2026-03-04T10:00:00.000Z (section "Week 2" is released over time)' },
    ]);
    expect(lessonLocks(input({ section: section(drip), now: new Date('2026-03-04T10:00:00Z') }))).toEqual([]);
  });
});

describe('lesson locks', () => {
  it('closes every non-preview lesson to someone without access, and only says so', () => {
    const locks = lessonLocks(input({ hasAccess: false, lesson: lesson('b', { prerequisites: [{ documentId: 'a', slug: 'a', title: 'A' }] }) }));
    expect(locks).toEqual([{ reason: 'not-enrolled', message: 'enroll in "TypeScript" to open lesson "Lesson b"' }]);
  });

  it('opens free previews to anyone, dripping or not', () => {
    const preview = lesson('p', { freePreview: true, prerequisites: [{ documentId: 'a', slug: 'a', title: 'A' }] });
    expect(lessonLocks(input({ hasAccess: false, lesson: preview, section: section({ type: 'on_date', days: null, date: new Date('2030-01-01') }) }))).toEqual([]);
  });

  it('names the prerequisite lessons still to complete', () => {
    const b = lesson('b', {
      prerequisites: [
        { documentId: 'a', slug: 'a', title: 'Setup' },
        { documentId: 'x', slug: 'x', title: 'Types' },
      ],
    });
    expect(lessonLocks(input({ lesson: b, completedLessons: new Set(['a']) }))).toEqual([
      { reason: 'prerequisite', message: 'complete lesson "Types" before lesson "Lesson b"', lessons: [{ documentId: 'x', slug: 'x', title: 'Types' }] },
    ]);
    expect(lessonLocks(input({ lesson: b, completedLessons: new Set(['a', 'x']) }))).toEqual([]);
  });

  it('lists drip before prerequisites when both hold', () => {
    const b = lesson('b', { prerequisites: [{ documentId: 'a', slug: 'a', title: 'Setup' }] });
    const locks = lessonLocks(input({ lesson: b, section: section({ type: 'on_date', days: null, date: new Date('2026-05-01T00:00:00Z') }) }));
    expect(locks.map((l) => l.reason)).toEqual(['drip', 'prerequisite']);
  });

  it('shows a completed lesson as done while access lasts', () => {
    expect(lessonState(input({ completedLessons: new Set(['b']) }))).toEqual({ state: 'done', locks: [] });
    expect(lessonState(input({ hasAccess: false, completedLessons: new Set(['b']) })).state).toBe('locked');
    expect(lessonState(input()).state).toBe('open');
  });
});

describe('continue where you left off', () => {
  const at = (iso: string | null) => (iso ? new Date(iso) : null);
  it('picks the most recently opened open lesson, else the first open one', () => {
    const lessons = [
      { id: 'a', state: 'done' as const, lastAccessedAt: at('2026-03-05T00:00:00Z') },
      { id: 'b', state: 'open' as const, lastAccessedAt: at('2026-03-02T00:00:00Z') },
      { id: 'c', state: 'open' as const, lastAccessedAt: at('2026-03-03T00:00:00Z') },
      { id: 'd', state: 'locked' as const, lastAccessedAt: at('2026-03-09T00:00:00Z') },
    ];
    expect(continueLesson(lessons)?.id).toBe('c');
    expect(continueLesson(lessons.map((l) => ({ ...l, lastAccessedAt: null })))?.id).toBe('b');
    expect(continueLesson([{ id: 'a', state: 'done' as const, lastAccessedAt: null }])).toBeNull();
  });
});
