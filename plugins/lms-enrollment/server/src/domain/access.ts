import type { LessonLock, LessonRef, LessonState } from '../contracts';
import { quotedList } from './enrollment';
import type { LessonNode, SectionNode } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a dripping section opens for a learner: `after_days` counts from enrollment (unknown
 * without one), `on_date` is the same instant for everyone. null: no drip.
 */
export function dripUnlockAt(drip: SectionNode['drip'], enrolledAt: Date | null): Date | null {
  if (drip.type === 'after_days') {
    if (!enrolledAt) return null;
    return new Date(enrolledAt.getTime() + Math.max(0, drip.days ?? 0) * DAY_MS);
  }
  if (drip.type === 'on_date') return drip.date;
  return null;
}

export interface LessonAccessInput {
  course: { title: string };
  section: SectionNode;
  lesson: LessonNode;
  /** The learner holds an active or completed enrollment. */
  hasAccess: boolean;
  enrolledAt: Date | null;
  /** documentIds of every lesson this learner completed (prerequisites may sit in other courses). */
  completedLessons: ReadonlySet<string>;
  now: Date;
}

/**
 * Why a lesson is closed to this learner, most decisive first: not enrolled (nothing else
 * matters), then drip (only time helps), then prerequisites (the learner can act). A free-preview
 * lesson is open to anyone.
 */
export function lessonLocks(input: LessonAccessInput): LessonLock[] {
  const { lesson } = input;
  if (lesson.freePreview) return [];
  if (!input.hasAccess) {
    return [{ reason: 'not-enrolled', message: `enroll in "${input.course.title}" to open lesson "${lesson.title}"` }];
  }
  const locks: LessonLock[] = [];
  const unlocksAt = dripUnlockAt(input.section.drip, input.enrolledAt);
  if (unlocksAt && input.now.getTime() < unlocksAt.getTime()) {
    locks.push({
      reason: 'drip',
      message: `lesson "${lesson.title}" opens on ${unlocksAt.toISOString()} (section "${input.section.title}" is released over time)`,
      unlocksAt: unlocksAt.toISOString(),
    });
  }
  const missing: LessonRef[] = lesson.prerequisites.filter((p) => !input.completedLessons.has(p.documentId));
  if (missing.length > 0) {
    locks.push({
      reason: 'prerequisite',
      message: `complete ${missing.length > 1 ? 'lessons' : 'lesson'} ${quotedList(missing.map((m) => m.title))} before lesson "${lesson.title}"`,
      lessons: missing.map((m) => ({ documentId: m.documentId, slug: m.slug, title: m.title })),
    });
  }
  return locks;
}

export function lessonState(input: LessonAccessInput): { state: LessonState; locks: LessonLock[] } {
  const completed = input.completedLessons.has(input.lesson.documentId);
  if (completed && (input.hasAccess || input.lesson.freePreview)) return { state: 'done', locks: [] };
  const locks = lessonLocks(input);
  return { state: locks.length ? 'locked' : 'open', locks };
}

/**
 * "Continue where you left off": the most recently opened lesson that is open and not done,
 * else the first open one; null when nothing is left to do.
 */
export function continueLesson<T extends { state: LessonState; lastAccessedAt: Date | null }>(lessons: readonly T[]): T | null {
  const open = lessons.filter((l) => l.state === 'open');
  let recent: T | null = null;
  for (const l of open) {
    if (l.lastAccessedAt && (!recent?.lastAccessedAt || l.lastAccessedAt.getTime() > recent.lastAccessedAt.getTime())) recent = l;
  }
  return recent ?? open[0] ?? null;
}
