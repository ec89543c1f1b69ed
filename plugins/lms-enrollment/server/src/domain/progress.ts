import type { LessonBlockInfo } from './types';

export interface CourseProgressSummary {
  lessonsTotal: number;
  lessonsCompleted: number;
  /** Completed required lessons / published lessons, rounded down, 0–100. */
  percent: number;
  /** Every published lesson is complete (and there is at least one). */
  allLessonsComplete: boolean;
}

/**
 * Course progress from the published lessons (all of them are required today) and the ones this
 * learner completed. Lessons completed earlier but since unpublished do not count.
 */
export function courseProgress(publishedLessonIds: readonly string[], completed: ReadonlySet<string>): CourseProgressSummary {
  const lessonsTotal = publishedLessonIds.length;
  const lessonsCompleted = publishedLessonIds.filter((id) => completed.has(id)).length;
  return {
    lessonsTotal,
    lessonsCompleted,
    percent: lessonsTotal === 0 ? 0 : Math.floor((lessonsCompleted * 100) / lessonsTotal),
    allLessonsComplete: lessonsTotal > 0 && lessonsCompleted === lessonsTotal,
  };
}

/**
 * Extension point for course completion beyond lessons: lms-grading adds "quiz X passed",
 * "assignment Y graded" as requirements (see the enrollments service's
 * `addCompletionRequirement`). The course completes when every lesson is complete and every
 * requirement is met.
 */
export interface RequirementOutcome {
  name: string;
  met: boolean;
  /** What is still missing, for the learner ("pass the final quiz"). */
  missing?: string;
}

export function isCourseComplete(progress: CourseProgressSummary, requirements: readonly RequirementOutcome[]): boolean {
  return progress.allLessonsComplete && requirements.every((r) => r.met);
}

/** What must happen in a lesson for it to count as done, besides opening it. */
export type LessonRequirement =
  | { kind: 'video'; blockId: number; threshold: number }
  | { kind: 'quiz'; blockId: number }
  | { kind: 'assignment'; blockId: number }
  | { kind: 'h5p'; blockId: number };

export function lessonRequirements(blocks: readonly LessonBlockInfo[]): LessonRequirement[] {
  const out: LessonRequirement[] = [];
  for (const b of blocks) {
    if (b.kind === 'video') out.push({ kind: 'video', blockId: b.id, threshold: clampPercent(b.completionThreshold ?? 90) });
    else if (b.kind === 'quiz' && b.countsTowardCompletion !== false) out.push({ kind: 'quiz', blockId: b.id });
    else if (b.kind === 'assignment') out.push({ kind: 'assignment', blockId: b.id });
    else if (b.kind === 'h5p' && b.graded !== false) out.push({ kind: 'h5p', blockId: b.id });
  }
  return out;
}

/** Share of a video reached, 0–100, rounded down. */
export function watchedPercent(position: number, duration: number): number {
  if (!(duration > 0)) return 0;
  return clampPercent(Math.floor((Math.max(0, position) * 100) / duration));
}

/**
 * A video report completes the lesson when that video is the lesson's only requirement and the
 * watched share reached its threshold. (With several videos, or a quiz, the learner completes the
 * lesson explicitly or through grading.)
 */
export function videoCompletesLesson(blocks: readonly LessonBlockInfo[], blockId: number, percent: number): boolean {
  const requirements = lessonRequirements(blocks);
  const only = requirements.length === 1 ? requirements[0] : undefined;
  return only?.kind === 'video' && only.blockId === blockId && percent >= only.threshold;
}

function clampPercent(n: number): number {
  return Math.min(100, Math.max(0, Math.floor(n)));
}
