/**
 * Request and response types of lms-grading's quiz routes. Type-only (no runtime imports), so the
 * site and the admin page can import this file; the controllers check their bodies against it
 * (`ctx.body = { ... } satisfies X`). Changes are additive only.
 *
 * Conventions: quizzes and courses by Strapi `documentId`; attempts by their numeric id; instants
 * ISO 8601 UTC; points as JSON numbers of points (2.5 = two and a half points, at most three
 * decimals); percentages as numbers with two decimals, truncated (69.99 never shows as 70).
 * Every 4xx has Strapi's error body ({@link ApiErrorBody}); `details.code` names the reason.
 *
 * Learner routes: `/api/lms-grading/...`, users-permissions JWT (Authenticated role); the learner
 * must hold an active or completed enrollment in the quiz's course. Write routes are rate-limited.
 * Admin routes: `/lms-grading/admin/...`, admin JWT with "See submissions…" (read) or
 * "Grade submissions and essays" (grade); an instructor sees only their own courses.
 */
import type { AttemptPolicy, FeedbackMode, LearnerQuestion, LearnerQuestionReview } from '../domain';

export type { LearnerQuestion, LearnerQuestionReview } from '../domain';

/** Strapi's error body, as every 4xx returns it. */
export interface ApiErrorBody<Details = Record<string, unknown>> {
  data: null;
  error: { status: number; name: string; message: string; details?: Details };
}

/**
 * `details.code` of the refusals:
 * - 403 `not-enrolled` (no active/completed enrollment in the quiz's course), `quiz-closed` (its
 *   due date passed), `max-attempts-reached`;
 * - 409 `attempt-in-progress` (details.attemptId: continue that one), `deadline-passed` (the
 *   attempt's time is up; the answer was not saved), `attempt-closed` (already submitted),
 *   `attempt-open` (admin: not submitted yet), `quiz-misconfigured` (details.field: what the
 *   author must fix);
 * - 400 with `details.field` for bad input (`answer.optionIds[1]`, `params.questionId`, `points`);
 * - 404 for an unknown or unpublished quiz, and for an attempt that is not the caller's.
 */
export type QuizErrorCode =
  | 'not-enrolled'
  | 'lesson-locked'
  | 'quiz-closed'
  | 'max-attempts-reached'
  | 'attempt-in-progress'
  | 'deadline-passed'
  | 'attempt-closed'
  | 'attempt-open'
  | 'quiz-misconfigured'
  | 'not-your-course'
  | 'check-not-allowed'
  | 'answer-locked';

export type AttemptStatus = 'open' | 'pending_review' | 'graded';

/** The learner's answer to one question (ANSWER_SHAPES in the domain): */
export type AnswerWire =
  | { optionId: string | null } // single choice
  | { optionIds: string[] } // multiple choice
  | { value: boolean | null } // true / false
  | { text: string } // short answer, essay
  | { value: string } // numeric ("1.67"; a decimal comma is accepted)
  | { itemIds: string[] } // ordering: every item once, in the learner's order
  | { matches: Record<string, string | null> } // matching: left id → right id
  | { blanks: string[] }; // fill in the blanks: one text per blank

export interface QuizRulesView {
  /** Percent needed to pass (0–100). */
  passingScore: number;
  /** 0 = unlimited. */
  maxAttempts: number;
  timeLimitMinutes: number | null;
  /** After it no attempt starts and open attempts end. */
  dueDate: string | null;
  feedbackMode: FeedbackMode;
  attemptPolicy: AttemptPolicy;
}

export interface AttemptSummary {
  id: number;
  number: number;
  status: AttemptStatus;
  startedAt: string;
  /** When the attempt ends (time limit or the quiz's due date); null: no limit. */
  deadline: string | null;
  submittedAt: string | null;
  /** true when the deadline submitted it rather than the learner. */
  autoSubmitted: boolean;
  /** null while open; pending essays count 0 until graded. */
  score: number | null;
  maxScore: number;
  /** Points still waiting for an instructor. */
  pendingPoints: number;
  /** null while open or pending review. */
  percent: number | null;
  passed: boolean | null;
}

/** The quiz grade under the quiz's attempt policy; `basis` says how it was reached ("best of 2 graded attempt(s): attempt 1"). */
export type QuizGradeView =
  | { status: 'not-attempted' }
  | { status: 'pending-review'; policy: AttemptPolicy; basis: string }
  | { status: 'graded'; policy: AttemptPolicy; percent: number; passed: boolean; countedAttempts: number[]; provisional: boolean; basis: string };

export type StartAvailability =
  | { canStart: true; nextNumber: number }
  | { canStart: false; code: QuizErrorCode; message: string; attemptId?: number };

// ---------------------------------------------------------------------------------------------
// GET /api/lms-grading/quizzes/:quizDocumentId
// ---------------------------------------------------------------------------------------------

export interface QuizOverview {
  quiz: {
    documentId: string;
    title: string;
    description: string | null;
    course: { documentId: string; title: string };
    rules: QuizRulesView;
    /** Questions in the pool, and how many each attempt draws. */
    questionCount: number;
    questionsPerAttempt: number;
  };
  attempts: AttemptSummary[];
  grade: QuizGradeView;
  /** Attempts left (null: unlimited). */
  attemptsLeft: number | null;
  start: StartAvailability;
}

export interface QuizOverviewResponse {
  data: QuizOverview;
}

// ---------------------------------------------------------------------------------------------
// POST /api/lms-grading/quizzes/:quizDocumentId/attempts            → 201 StartAttemptResponse
// GET  /api/lms-grading/attempts/:id                                → AttemptResponse
// POST /api/lms-grading/attempts/:id/submit                         → SubmitAttemptResponse
// ---------------------------------------------------------------------------------------------

/** What the feedback mode releases of a submitted attempt now. */
export interface ReleaseView {
  score: boolean;
  correctness: boolean;
  feedback: boolean;
  correctAnswers: boolean;
  reason: string;
}

export interface AttemptView extends AttemptSummary {
  quiz: { documentId: string; title: string };
  courseDocumentId: string;
  /** The server's "now" the view was made at, and the seconds left until the deadline (null: none, or submitted). */
  serverNow: string;
  secondsLeft: number | null;
  /** The questions as drawn and shuffled for this attempt: no keys, no feedback. */
  paper: { questions: LearnerQuestion[]; maxPoints: number };
  /** The learner's saved answers by question id. */
  answers: Record<string, AnswerWire>;
  /** null while open; afterwards exactly what the quiz's feedback mode releases. */
  review: { release: ReleaseView; questions: LearnerQuestionReview[] } | null;
  /**
   * Immediate feedback (feedbackMode "immediate") while the attempt is open: the result of each
   * question the learner checked, by question id. Those answers are final. Empty otherwise.
   */
  checked: Record<string, LearnerQuestionReview>;
}

export interface StartAttemptResponse {
  data: AttemptView;
}

export interface AttemptResponse {
  data: AttemptView;
}

export interface SubmitAttemptResponse {
  data: AttemptView;
  /** false when the attempt had been submitted already (by another request or its deadline). */
  meta: { submittedNow: boolean };
}

// ---------------------------------------------------------------------------------------------
// PUT /api/lms-grading/attempts/:id/answers/:questionId
// ---------------------------------------------------------------------------------------------

export interface SaveAnswerRequest {
  answer: AnswerWire;
}

export interface SaveAnswerResponse {
  data: { attemptId: number; questionId: string; answer: AnswerWire; savedAt: string; secondsLeft: number | null };
}

// ---------------------------------------------------------------------------------------------
// POST /api/lms-grading/attempts/:id/answers/:questionId/check
// Immediate feedback only: saves the answer when one is sent (else checks the saved one), grades
// that question and returns its result, feedback and explanation. The answer is final from then
// on (a later save → 409 answer-locked); checking again returns the same result.
// 403 check-not-allowed when the quiz's feedback mode is not "immediate".
// ---------------------------------------------------------------------------------------------

export interface CheckAnswerRequest {
  answer?: AnswerWire;
}

export interface CheckAnswerResponse {
  data: { attemptId: number; questionId: string; answer: AnswerWire; checkedAt: string; review: LearnerQuestionReview; secondsLeft: number | null };
}

// ---------------------------------------------------------------------------------------------
// Admin: GET /lms-grading/admin/essays?status=pending|graded&course=&quiz=&page=&pageSize=
// ---------------------------------------------------------------------------------------------

export interface AdminPerson {
  id: string;
  name: string | null;
}

export interface EssayToGrade {
  attemptId: number;
  attemptNumber: number;
  questionId: string;
  /** pending: waiting for a grade; graded: an instructor graded it. */
  status: 'pending' | 'graded';
  learner: { id: number; username: string | null; email: string | null };
  quiz: { documentId: string; title: string };
  course: { documentId: string; title: string };
  prompt: string;
  guidance: string | null;
  minWords: number | null;
  maxWords: number | null;
  answerText: string;
  wordCount: number;
  maxPoints: number;
  points: number | null;
  comment: string | null;
  grader: AdminPerson | null;
  gradedAt: string | null;
  submittedAt: string;
}

export interface AdminEssayListResponse {
  data: EssayToGrade[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

// ---------------------------------------------------------------------------------------------
// Admin: POST /lms-grading/admin/attempts/:attemptId/answers/:questionId/grade
// ---------------------------------------------------------------------------------------------

export interface GradeAnswerRequest {
  /** Points as a decimal string ("3.5") or number, 0 … the question's points, at most 3 decimals. */
  points: string | number;
  /** Shown to the learner with the score. */
  comment?: string | null;
}

export interface AdminAttemptTotals {
  id: number;
  number: number;
  status: AttemptStatus;
  score: number | null;
  maxScore: number;
  pendingPoints: number;
  percent: number | null;
  passed: boolean | null;
  gradedAt: string | null;
}

export interface GradeAnswerResponse {
  data: {
    answer: { questionId: string; questionType: string; points: number; maxPoints: number; comment: string | null; grader: AdminPerson; gradedAt: string; summary: string };
    attempt: AdminAttemptTotals;
  };
}
