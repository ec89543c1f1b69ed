import type { Core } from '@strapi/strapi';
import { forbidden } from '@lms/plugin-lms-core/server';
import { courseContentOf, learningOf, type LessonLockView } from './adapters/enrollment';
import { blockTargets } from './quizzes/course-items';

/** A lesson that holds a quiz or assignment and is closed to the learner, with why. */
export interface LessonLockOfItem {
  lesson: { documentId: string; slug: string; title: string };
  lock: LessonLockView;
}

/**
 * Quizzes and assignments live inside lesson blocks, and a lesson's prerequisites and drip date
 * apply to what it holds: a quiz in a locked lesson cannot be started before the lesson opens
 * (otherwise a learner could take it straight from the API). The item is open when at least one
 * lesson of the course that embeds it is open (or done) for the learner; an item no published
 * lesson embeds follows its course's enrollment only. Returns the first embedding lesson's lock
 * when every one is locked, else null. Reads: the cached course structure, one query on the
 * block components (blockTargets), the learner's enrollment and progress.
 */
export async function lessonLockOf(
  strapi: Core.Strapi,
  userId: number,
  courseDocumentId: string,
  kind: 'quiz' | 'assignment',
  documentId: string,
): Promise<LessonLockOfItem | null> {
  const course = await courseContentOf(strapi).getCourseStructure(courseDocumentId);
  if (!course) return null;
  const targets = await blockTargets(strapi, course, [kind]);
  const lessons = targets.filter((t) => t.documentId === documentId).map((t) => t.lesson);
  if (lessons.length === 0) return null;
  const states = await learningOf(strapi).lessonStates(userId, courseDocumentId, lessons.map((l) => l.documentId));
  let first: LessonLockOfItem | null = null;
  for (const lesson of lessons) {
    const state = states.get(lesson.documentId);
    if (!state || state.state !== 'locked') return null;
    if (!first && state.locks[0]) first = { lesson, lock: state.locks[0] };
  }
  return first;
}

/** 403 `lesson-locked` naming the lesson and the lock (prerequisites, drip date) when the item's lesson is closed. */
export async function requireOpenLesson(strapi: Core.Strapi, userId: number, courseDocumentId: string, kind: 'quiz' | 'assignment', item: { documentId: string; title: string }): Promise<void> {
  const locked = await lessonLockOf(strapi, userId, courseDocumentId, kind, item.documentId);
  if (!locked) return;
  throw forbidden(lessonLockedMessage(kind, item.title, locked), { code: 'lesson-locked', lesson: locked.lesson, lock: locked.lock });
}

export function lessonLockedMessage(kind: 'quiz' | 'assignment', title: string, locked: LessonLockOfItem): string {
  const why = locked.lock.message.replace(/[.]$/, '');
  return `${kind} "${title}" is in lesson "${locked.lesson.title}", which is not open yet: ${why}`;
}
