import type { Price } from '@contracts/catalog';
import type { CourseOutline, Enrollment, EnrollmentStatus, LessonLock, LessonRef, OutlineLesson } from '@contracts/enrollment';
import { formatDate } from './format';
import { enrollLabel } from './money';

/** The lesson player's address for a lesson. */
export function lessonHref(courseSlug: string, lessonSlug: string): string {
  return `/learn/${encodeURIComponent(courseSlug)}/${encodeURIComponent(lessonSlug)}`;
}

/** Where "Continue" goes: the lesson to pick up, or the course's entry (which finds the next open lesson). */
export function continueHref(courseSlug: string, lesson: LessonRef | null): string {
  return lesson ? lessonHref(courseSlug, lesson.slug) : `/learn/${encodeURIComponent(courseSlug)}`;
}

/** Every lesson of an outline in reading order (sections by order, then lessons by order). */
export function lessonsInOrder(outline: Pick<CourseOutline, 'sections'>): OutlineLesson[] {
  return [...outline.sections]
    .sort((a, b) => a.order - b.order)
    .flatMap((section) => [...section.lessons].sort((a, b) => a.order - b.order));
}

/** The lesson to open when a learner enters a course: the cms's pick, else the first open one not done, else the first open one. */
export function entryLesson(outline: CourseOutline): OutlineLesson | null {
  const lessons = lessonsInOrder(outline);
  if (outline.nextLesson) {
    const next = lessons.find((l) => l.documentId === outline.nextLesson?.documentId);
    if (next && next.state !== 'locked') return next;
  }
  return lessons.find((l) => l.state === 'open') ?? lessons.find((l) => l.state !== 'locked') ?? null;
}

/** Enrollments that open the course's lessons. */
export function hasAccess(status: EnrollmentStatus | null | undefined): boolean {
  return status === 'active' || status === 'completed';
}

/** A lock in a few words for the outline ("Opens on 3 March 2026"). */
export function lockSummary(lock: LessonLock | null): string {
  if (!lock) return 'Locked';
  switch (lock.reason) {
    case 'drip': {
      const date = formatDate(lock.unlocksAt);
      return date ? `Opens on ${date}` : lock.message;
    }
    case 'prerequisite': {
      const titles = lock.lessons.map((l) => `“${l.title}”`);
      if (!titles.length) return lock.message;
      return `Finish ${titles.length > 2 ? `${titles.slice(0, 2).join(', ')} and ${titles.length - 2} more` : titles.join(' and ')} first`;
    }
    case 'not-enrolled':
      return 'Enroll to open';
    default:
      return (lock as { message?: string }).message ?? 'Locked';
  }
}

export { progressLabel } from './progress-text';

/** What the course page offers a visitor, decided from the price and their enrollment. */
export type CourseAction =
  | { kind: 'sign-in'; label: string; href: string }
  | { kind: 'enroll'; label: string }
  | { kind: 'buy'; label: string }
  | { kind: 'continue'; label: string; href: string; progress: number }
  | { kind: 'revoked'; message: string };

export function courseAction(options: {
  courseSlug: string;
  price: Price;
  signedIn: boolean;
  enrollment: Pick<Enrollment, 'status' | 'progress'> | null;
  nextLesson: LessonRef | null;
}): CourseAction {
  const { courseSlug, price, signedIn, enrollment } = options;
  const coursePath = `/courses/${encodeURIComponent(courseSlug)}`;
  if (!signedIn) return { kind: 'sign-in', label: enrollLabel(price), href: `/login?next=${encodeURIComponent(coursePath)}` };
  if (enrollment && hasAccess(enrollment.status)) {
    const started = enrollment.progress > 0;
    const label = enrollment.status === 'completed' || enrollment.progress >= 100 ? 'Review the course' : started ? 'Continue learning' : 'Start learning';
    return { kind: 'continue', label, href: continueHref(courseSlug, options.nextLesson), progress: enrollment.progress };
  }
  if (enrollment?.status === 'revoked') {
    return { kind: 'revoked', message: 'Your access to this course was withdrawn. Contact the site’s administrators if you think this is a mistake.' };
  }
  const free = price.model === 'free' || price.amount <= 0;
  return free ? { kind: 'enroll', label: enrollLabel(price) } : { kind: 'buy', label: enrollLabel(price) };
}
