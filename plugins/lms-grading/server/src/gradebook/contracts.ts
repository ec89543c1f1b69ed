/**
 * Request and response types of lms-grading's gradebook routes. Type-only (no runtime imports),
 * so the site and the admin page can import this file; the controllers check their bodies against
 * it (`ctx.body = { ... } satisfies X`). Changes are additive only.
 *
 * Conventions (as quizzes/contracts.ts): courses, quizzes and assignments by Strapi `documentId`;
 * learners by their users-permissions id; instants ISO 8601 UTC; percentages as numbers with two
 * decimals, truncated (69.99 never shows as 70). Every 4xx has Strapi's error body
 * ({@link ApiErrorBody}); `details.code` names the reason where there is one.
 *
 * The course grade (docs/decisions, "gradebook and course grade"): the plain mean of the
 * percentages of the course's graded items (quizzes and assignments in lesson blocks that count
 * toward completion), every item weighing the same; a quiz by its attempt policy, an assignment by
 * its current graded submission; an item without a grade counts 0.
 *
 * Learner route: `GET /api/lms-grading/me/grades[?course=<documentId>]`, users-permissions JWT
 * (Authenticated role); a learner only ever sees their own grades.
 * Admin routes: `/lms-grading/admin/gradebook/...`, admin JWT with "See submissions, gradebook and
 * item analysis"; an instructor sees only the courses they teach (403 `not-your-course` otherwise).
 */
import type { QuestionType } from '../domain';

export type { ApiErrorBody } from '../quizzes/contracts';

export type GradedItemKind = 'quiz' | 'assignment';

/** A quiz or assignment of the course that counts toward completion and the course grade. */
export interface GradedItemRef {
  kind: GradedItemKind;
  documentId: string;
  title: string;
  /** The first lesson (course order) that embeds it. */
  lessonDocumentId: string;
}

/**
 * Quiz: `not-attempted` (no submitted attempt; `attempts` says whether one is open),
 * `pending-review` (an essay waits for an instructor), `graded`.
 * Assignment (the learner's current submission): `not-submitted`, `submitted` (waiting for a
 * grade), `returned` (sent back for another attempt), `graded`.
 */
export type QuizCellStatus = 'not-attempted' | 'pending-review' | 'graded';
export type AssignmentCellStatus = 'not-submitted' | 'submitted' | 'returned' | 'graded';

/** One learner's result at one graded item. */
export interface GradeCell {
  kind: GradedItemKind;
  documentId: string;
  status: QuizCellStatus | AssignmentCellStatus;
  /** The percentage the course grade counts (quiz: under its attempt policy); null until graded. */
  percent: number | null;
  /** Passed the quiz's pass mark / the assignment's pass score; null until graded. */
  passed: boolean | null;
  /** An instructor's grade is awaited (an essay, a submission). */
  pending: boolean;
  /** Quiz: submitted attempts. Assignment: the current attempt's number (0: none). */
  attempts: number;
  /** Quiz: an attempt is open right now. */
  inProgress: boolean;
  /** Quiz (best policy): attempts still being graded could raise the grade. */
  provisional: boolean;
  /** Assignment: handed in after its due date. */
  late: boolean;
  /** How the grade was reached, in words ("best of 2 graded attempt(s): attempt 1", "8 of 10 points, pass 6"). */
  basis: string | null;
}

export interface CourseGradeView {
  /** The course grade (see above); null when the course has no graded items. */
  percent: number | null;
  /** The course's minimum course grade in percent (0–100); null when it has none. */
  minimum: number | null;
  /** null when there is no minimum. */
  meetsMinimum: boolean | null;
  /** Items with a grade, out of all graded items. */
  gradedItems: number;
  totalItems: number;
}

export type CompletionStatus = 'completed' | 'in-progress' | 'ended';

export interface CompletionView {
  /** `ended`: the enrollment was refunded, revoked or expired before completion. */
  status: CompletionStatus;
  completedAt: string | null;
  /** What still holds completion back, in words (empty once completed). */
  missing: string[];
}

// ---------------------------------------------------------------------------------------------
// GET /api/lms-grading/me/grades[?course=<documentId>]
//   Without `course`: every course the learner is (or was) enrolled in, most recent activity
//   first. With it: that course only (403 `not-enrolled` without an enrollment, 404 unknown).
// ---------------------------------------------------------------------------------------------

/** Whether the learner can read feedback on this item now, and where. */
export interface FeedbackAvailability {
  available: boolean;
  /** Why (not), in words: "released on submission", "answers and feedback are released after …". */
  reason: string;
  /** Quiz: the latest submitted attempt (`GET /api/lms-grading/attempts/:id` shows its review). */
  attemptId: number | null;
  /** Assignment: the overview (`GET /api/lms-grading/assignments/:documentId`) shows the feedback. */
  assignmentDocumentId: string | null;
}

export interface MyGradeItem extends GradedItemRef, Omit<GradeCell, 'kind' | 'documentId'> {
  feedback: FeedbackAvailability;
}

/**
 * An activity scored by another plugin (an H5P activity, scored by lms-h5p from xAPI): a column
 * beside the graded items that does not count toward the course grade or completion.
 */
export interface ActivityColumn {
  /** The plugin that scores it ("lms-h5p"). */
  source: string;
  /** Stable within the course (lms-h5p: `<lessonDocumentId>:<package file id>`). */
  key: string;
  title: string;
  lessonDocumentId: string;
}

export interface ActivityCell {
  key: string;
  /** The score that counts (lms-h5p: the best), two decimals; null until there is one. */
  percent: number | null;
  attempts: number;
  passed: boolean | null;
}

export interface MyCourseGrades {
  course: { documentId: string; slug: string; title: string };
  enrollment: { status: 'active' | 'completed' | 'refunded' | 'revoked' | 'expired'; completedAt: string | null };
  items: MyGradeItem[];
  /** Activities scored by other plugins (H5P), with this learner's cell. */
  activities?: Array<ActivityColumn & ActivityCell>;
  courseGrade: CourseGradeView;
  completion: CompletionView;
}

export interface MyGradesResponse {
  data: MyCourseGrades[];
}

// ---------------------------------------------------------------------------------------------
// Admin: GET /lms-grading/admin/gradebook/courses
// ---------------------------------------------------------------------------------------------

export interface GradebookCourse {
  documentId: string;
  slug: string;
  title: string;
  /** Drafts are listed too; only a published course has graded items. */
  published: boolean;
  minimumCourseGrade: number | null;
}

export interface GradebookCoursesResponse {
  data: GradebookCourse[];
}

// ---------------------------------------------------------------------------------------------
// Admin: GET /lms-grading/admin/gradebook/:courseDocumentId?learner=&page=&pageSize=
//        GET /lms-grading/admin/gradebook/:courseDocumentId.csv?learner=   (text/csv, same rows)
// ---------------------------------------------------------------------------------------------

export interface GradebookQuery {
  /** Part of the learner's email or username. */
  learner?: string;
  page?: string;
  /** 1–100, default 20. */
  pageSize?: string;
}

export interface GradebookRow {
  learner: { id: number; email: string | null; username: string | null };
  enrollment: {
    id: number;
    status: 'active' | 'completed' | 'refunded' | 'revoked' | 'expired';
    /** Lessons completed, 0–100. */
    progress: number;
    enrolledAt: string;
    completedAt: string | null;
  };
  /** One per item, in the order of `items`. */
  cells: GradeCell[];
  /** One per activity column, in the order of `activities`. */
  activities?: ActivityCell[];
  courseGrade: CourseGradeView;
  completion: CompletionView;
}

export interface GradebookResponse {
  data: {
    course: GradebookCourse;
    /** The columns: quizzes first, then assignments, each in course order. */
    items: GradedItemRef[];
    /** Activities scored by other plugins (H5P): columns that do not count toward the course grade. */
    activities?: ActivityColumn[];
    rows: GradebookRow[];
  };
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

// ---------------------------------------------------------------------------------------------
// Admin: GET  /lms-grading/admin/gradebook/quizzes/:quizDocumentId/item-analysis
//        POST /lms-grading/admin/gradebook/quizzes/:quizDocumentId/item-analysis   (recompute now)
// ---------------------------------------------------------------------------------------------

/**
 * Classical item analysis of one question over each learner's first fully graded attempt
 * (docs/decisions, "item analysis"):
 * - facility: mean score share (points / max) in [0, 1]; for a right/wrong question the share of
 *   learners with full marks;
 * - discrimination: Pearson correlation between the question's score share and the score share of
 *   the rest of the attempt (corrected item-total; point-biserial for right/wrong questions), in
 *   [-1, 1]; null with fewer than 3 attempts or no variation;
 * - topWrongOption: the wrong option chosen most often (single/multiple choice, true/false).
 */
export interface ItemAnalysisQuestion {
  /** Stable across attempts and re-publishing: a fingerprint of the question's content. */
  questionId: string;
  /** 1-based position in the quiz as last seen in an attempt. */
  position: number;
  type: QuestionType;
  prompt: string;
  /** Attempts analysed that contained the question. */
  n: number;
  facility: number | null;
  discrimination: number | null;
  topWrongOption: { text: string; count: number } | null;
  /** Words for the instructor: "very easy", "negative discrimination: check the key", … */
  flags: string[];
}

export interface ItemAnalysisView {
  quiz: { documentId: string; title: string; course: { documentId: string; title: string } | null };
  /** null: never computed (no graded attempt yet). */
  computedAt: string | null;
  /** Learners whose first graded attempt was analysed. */
  attemptsAnalysed: number;
  /** Gradings happened after the last computation; the background job will catch up. */
  stale: boolean;
  questions: ItemAnalysisQuestion[];
}

export interface ItemAnalysisResponse {
  data: ItemAnalysisView;
}
