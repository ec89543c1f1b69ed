/**
 * Request and response types of lms-grading's assignment routes. Type-only, so the site and the
 * admin page can import this file; the controllers check their bodies against it
 * (`ctx.body = { ... } satisfies X`). Changes are additive only.
 *
 * Conventions (as quizzes/contracts.ts): assignments and courses by Strapi `documentId`;
 * submissions by numeric id; instants ISO 8601 UTC; points as JSON numbers of points (87.5),
 * at most three decimals; percentages as numbers with two decimals, truncated. Every 4xx has
 * Strapi's error body; `details.code` names the reason, `details.field` the bad input.
 *
 * Learner routes: `/api/lms-grading/...`, users-permissions JWT (Authenticated role); the learner
 * must hold an active or completed enrollment in the assignment's course. Submitting is
 * rate-limited. Admin routes: `/lms-grading/admin/...`, admin JWT with "See submissions…"
 * (read) or "Grade submissions and essays" (grade); an instructor sees only their own courses.
 */

export type SubmissionStatus = 'submitted' | 'graded' | 'returned';

/**
 * `details.code` of the refusals:
 * - 403 `not-enrolled`;
 * - 409 `already-submitted`, `already-graded` (resubmission not allowed), `max-attempts-reached`,
 *   `submission-replaced` (admin: a newer attempt exists), `submission-returned` (admin: waiting
 *   for the learner), `rubric-misconfigured` (details.field: what the author must fix),
 *   `assignment-unpublished` (admin: grading needs the published assignment),
 *   `submission-race` (two submissions at once; reload);
 * - 400 with `details.field` for bad input (`text`, `files[1]`, `selections[0].levelId`, `score`);
 * - 413 with `details.field` for a file over the assignment's size limit;
 * - 404 for an unknown or unpublished assignment, and for a submission outside the admin's courses.
 */
export type AssignmentErrorCode =
  | 'not-enrolled'
  | 'lesson-locked'
  | 'already-submitted'
  | 'already-graded'
  | 'max-attempts-reached'
  | 'submission-replaced'
  | 'submission-returned'
  | 'rubric-misconfigured'
  | 'assignment-unpublished'
  | 'submission-race';

export interface RubricLevelView {
  id: string;
  label: string;
  points: number;
  description: string | null;
}

export interface RubricCriterionView {
  id: string;
  title: string;
  description: string | null;
  levels: RubricLevelView[];
}

/** A grade's rubric line, as stored with the grade (titles and labels at grading time). */
export interface RubricBreakdownLine {
  criterionId: string;
  title: string;
  levelId: string;
  label: string;
  points: number;
  maxPoints: number;
}

export interface SubmissionFileView {
  id: number;
  filename: string;
  /** The type verified from the content (what the download is served as). */
  contentType: string;
  size: number;
  sha256: string;
  /** Signed, expiring path on the cms (`/api/lms-grading/files/<token>`); prefix the cms URL. */
  downloadUrl: string;
  downloadExpiresAt: string;
}

export interface SubmissionGradeView {
  score: number;
  maxScore: number;
  passScore: number;
  percent: number;
  passed: boolean;
  /** null when graded with a typed score rather than the rubric. */
  rubric: RubricBreakdownLine[] | null;
  /** How the score was reached ("Argument: Good 3/4; … → 7 of 8, scaled to 100: …"). */
  summary: string | null;
  feedback: string | null;
  graderName: string | null;
  gradedAt: string;
}

export interface SubmissionView {
  id: number;
  attempt: number;
  /** The learner's current attempt (the one graded and counted). */
  current: boolean;
  status: SubmissionStatus;
  text: string | null;
  submittedAt: string;
  late: boolean;
  files: SubmissionFileView[];
  /** Present when graded (and kept on a later return). */
  grade: SubmissionGradeView | null;
  /** Present when returned for resubmission. */
  returned: { feedback: string | null; returnedAt: string; byName: string | null } | null;
}

export interface AssignmentBrief {
  documentId: string;
  title: string;
  /** Strapi "blocks" rich text. */
  instructions: unknown;
  course: { documentId: string; title: string; slug: string };
  dueDate: string | null;
  maxScore: number;
  passScore: number;
  allowResubmission: boolean;
  /** Extensions accepted (content-verified), e.g. ["pdf", "docx"]; empty: text only. */
  acceptedFileTypes: string[];
  maxFileSizeMb: number;
  maxFiles: number;
  maxTextLength: number;
  /** The rubric the work is graded with (shown to learners up front); null: none. */
  rubric: RubricCriterionView[] | null;
}

export type SubmitAvailability =
  | { canSubmit: true; nextAttempt: number; lateIfNow: boolean }
  | { canSubmit: false; code: AssignmentErrorCode; message: string };

// ---------------------------------------------------------------------------------------------
// GET /api/lms-grading/assignments/:documentId
// ---------------------------------------------------------------------------------------------

export interface AssignmentOverview {
  assignment: AssignmentBrief;
  /** The learner's attempts, newest first; grade and feedback only once graded or returned. */
  submissions: SubmissionView[];
  submit: SubmitAvailability;
  serverNow: string;
}

export interface AssignmentOverviewResponse {
  data: AssignmentOverview;
}

// ---------------------------------------------------------------------------------------------
// POST /api/lms-grading/assignments/:documentId/submissions      → 201 SubmitAssignmentResponse
// multipart/form-data: `text` (optional), `files` (0..maxFiles); or JSON { text }.
// ---------------------------------------------------------------------------------------------

export interface SubmitAssignmentResponse {
  data: SubmissionView;
}

// ---------------------------------------------------------------------------------------------
// Admin: GET /lms-grading/admin/submissions?status=submitted|graded|returned&course=&assignment=&page=&pageSize=
// ---------------------------------------------------------------------------------------------

export interface LearnerRef {
  id: number;
  username: string | null;
  email: string | null;
}

export interface QueuedSubmission {
  id: number;
  attempt: number;
  status: SubmissionStatus;
  late: boolean;
  submittedAt: string;
  gradedAt: string | null;
  returnedAt: string | null;
  learner: LearnerRef;
  course: { documentId: string; title: string };
  assignment: { documentId: string; title: string };
  fileCount: number;
  score: number | null;
  maxScore: number | null;
  passed: boolean | null;
}

export interface AdminSubmissionListResponse {
  data: QueuedSubmission[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

// ---------------------------------------------------------------------------------------------
// Admin: GET /lms-grading/admin/submissions/:id
//        POST /lms-grading/admin/submissions/:id/grade   GradeSubmissionRequest → AdminSubmissionResponse
//        POST /lms-grading/admin/submissions/:id/return  ReturnSubmissionRequest → AdminSubmissionResponse
// ---------------------------------------------------------------------------------------------

export interface AdminSubmissionDetail {
  submission: SubmissionView;
  learner: LearnerRef;
  course: { documentId: string; title: string };
  assignment: {
    documentId: string;
    title: string;
    maxScore: number;
    passScore: number;
    dueDate: string | null;
    allowResubmission: boolean;
    /** The published rubric to grade with (ids for `selections`); null when there is none. */
    rubric: RubricCriterionView[] | null;
    /** Why the rubric cannot be used as authored (grade with a typed score until it is fixed). */
    rubricProblem: string | null;
    /** false when the assignment is no longer published (grading then needs it republished). */
    published: boolean;
  };
  /** The learner's other attempts at this assignment, newest first. */
  history: SubmissionView[];
  /** Whether this attempt can be graded / returned now, and why not. */
  actions: { grade: string | null; return: string | null };
}

export interface AdminSubmissionResponse {
  data: AdminSubmissionDetail;
}

/** Exactly one of `selections` (one level per rubric criterion) or `score` ("87.5", 0 … maxScore). */
export interface GradeSubmissionRequest {
  selections?: Array<{ criterionId: string; levelId: string }>;
  score?: string | number;
  /** Shown to the learner with the grade. */
  feedback?: string | null;
}

export interface ReturnSubmissionRequest {
  /** Why, and what to change: shown to the learner. */
  feedback: string;
}

// ---------------------------------------------------------------------------------------------
// Admin: GET /lms-grading/admin/grading-courses   (the course filter of the grading queue)
// ---------------------------------------------------------------------------------------------

export interface GradingCourse {
  documentId: string;
  title: string;
  /** Current submissions waiting for a grade. */
  submitted: number;
}

export interface AdminGradingCoursesResponse {
  data: GradingCourse[];
}
