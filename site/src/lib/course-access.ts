import type { CourseDetail } from '@contracts/catalog';
import type { CourseOutline } from '@contracts/enrollment';
import { cms } from './cms';
import { CmsRequestError } from './cms-http';
import { entryLesson, hasAccess, lessonHref } from './learning';
import { isDocumentId, learner } from './learner';

/**
 * A learner's view of one course: the catalog entry (public, cached) and their outline with
 * lesson states (per learner). Both lookups the course page, the lesson player and the checkout
 * return page share.
 */
export interface LearnerCourse {
  course: CourseDetail;
  outline: CourseOutline;
}

/** The outline for this learner; a 4xx from the cms here is a bug (the course exists), so it throws. */
export async function learnerOutline(token: string, course: Pick<CourseDetail, 'documentId' | 'slug'>): Promise<CourseOutline> {
  const outcome = await learner().outline(token, course.documentId);
  if (!outcome.ok) throw new CmsRequestError(outcome.status, `cms refused the outline of "${course.slug}" (${outcome.status}): ${outcome.message}`);
  return outcome.body.data;
}

/** The course by slug (or, for links built by the payment flow, by documentId), with the learner's outline; null when there is none. */
export async function findLearnerCourse(token: string, slugOrDocumentId: string): Promise<LearnerCourse | null> {
  let course = await cms().getCourse(slugOrDocumentId);
  if (!course && isDocumentId(slugOrDocumentId)) {
    const byId = await learner().outline(token, slugOrDocumentId);
    if (byId.ok) course = await cms().getCourse(byId.body.data.course.slug);
  }
  if (!course) return null;
  return { course, outline: await learnerOutline(token, course) };
}

/** Whether the outline says the learner may study, and where to start. */
export function accessOf(outline: CourseOutline): { active: boolean; startHref: string | null } {
  const active = hasAccess(outline.enrollment?.status);
  const entry = active ? entryLesson(outline) : null;
  return { active, startHref: entry ? lessonHref(outline.course.slug, entry.slug) : null };
}
