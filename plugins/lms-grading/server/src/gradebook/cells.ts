/**
 * The gradebook's cells, course grade and completion view, made from plain facts (attempt and
 * submission rows, quiz rules). Pure: no Strapi, no database; the grading rules themselves are
 * the domain's (quizGrade, courseGrade, evaluateCompletion, feedbackRelease), so the gradebook
 * shows exactly what completion decides on.
 */
import {
  assignmentPassed,
  courseGrade,
  evaluateCompletion,
  feedbackRelease,
  formatPercent,
  formatPoints,
  percentOf,
  quizGrade,
  type AssignmentStatus,
  type AttemptPolicy,
  type BasisPoints,
  type FeedbackMode,
  type QuizGrade,
} from '../domain';
import type { CompletionView, CourseGradeView, FeedbackAvailability, GradeCell, GradedItemRef } from './contracts';

export interface QuizAttemptFact {
  id: number;
  number: number;
  status: 'open' | 'pending_review' | 'graded';
  /** Millipoints; null while open. */
  score: number | null;
  maxScore: number;
  submittedAt: Date | null;
}

export interface QuizPolicy {
  attemptPolicy: AttemptPolicy;
  passingScore: number;
}

/** The learner's current submission of an assignment (points in millipoints). */
export interface SubmissionFact {
  attempt: number;
  status: 'submitted' | 'graded' | 'returned';
  score: number | null;
  maxScore: number | null;
  passScore: number | null;
  late: boolean;
  /** The grade's written feedback or rubric, or the return message, exists. */
  hasFeedback: boolean;
}

const toPercent = (bp: BasisPoints): number => bp / 100;

/** A quiz's cell under its attempt policy, and the quiz grade completion uses. */
export function quizCell(documentId: string, attempts: readonly QuizAttemptFact[], policy: QuizPolicy): { cell: GradeCell; grade: QuizGrade } {
  const submitted = attempts.filter((a) => a.status !== 'open');
  const grade = quizGrade(
    submitted.map((a) => ({ number: a.number, status: a.status as 'pending_review' | 'graded', score: a.status === 'graded' ? a.score : null, maxScore: a.maxScore })),
    policy.attemptPolicy,
    policy.passingScore,
  );
  return {
    grade,
    cell: {
      kind: 'quiz',
      documentId,
      status: grade.status,
      percent: grade.status === 'graded' ? toPercent(grade.percent) : null,
      passed: grade.status === 'graded' ? grade.passed : null,
      pending: submitted.some((a) => a.status === 'pending_review'),
      attempts: submitted.length,
      inProgress: attempts.some((a) => a.status === 'open'),
      provisional: grade.status === 'graded' && grade.provisional,
      late: false,
      basis: grade.status === 'not-attempted' ? null : grade.explanation,
    },
  };
}

/** The completion view of a current submission (as lms-grading's assignments concern defines it). */
export function assignmentStatusOf(s: SubmissionFact | undefined): AssignmentStatus {
  if (!s) return { status: 'not-submitted' };
  if (s.status === 'graded' && s.score !== null && s.maxScore !== null) return { status: 'graded', score: s.score, maxScore: s.maxScore, passScore: s.passScore ?? 0 };
  return { status: s.status === 'returned' ? 'returned' : 'submitted' };
}

export function assignmentCell(documentId: string, s: SubmissionFact | undefined): { cell: GradeCell; status: AssignmentStatus } {
  const status = assignmentStatusOf(s);
  const graded = status.status === 'graded' ? status : null;
  const basis = graded
    ? `${formatPoints(graded.score)} of ${formatPoints(graded.maxScore)} point(s), pass mark ${formatPoints(graded.passScore)}`
    : status.status === 'submitted'
      ? `attempt ${s?.attempt ?? 1} waiting for a grade`
      : status.status === 'returned'
        ? `attempt ${s?.attempt ?? 1} returned for another attempt`
        : null;
  return {
    status,
    cell: {
      kind: 'assignment',
      documentId,
      status: status.status,
      percent: graded ? toPercent(percentOf(graded.score, graded.maxScore)) : null,
      passed: graded ? assignmentPassed(graded) : null,
      pending: status.status === 'submitted',
      attempts: s?.attempt ?? 0,
      inProgress: false,
      provisional: false,
      late: s?.late ?? false,
      basis,
    },
  };
}

export interface LearnerGrades {
  quizGrades: Record<string, QuizGrade>;
  assignments: Record<string, AssignmentStatus>;
}

const idsOf = (items: readonly GradedItemRef[], kind: GradedItemRef['kind']) => items.filter((i) => i.kind === kind).map((i) => i.documentId);

/** The course grade (domain courseGrade: equal weights, an item without a grade counts 0) against the minimum. */
export function courseGradeView(items: readonly GradedItemRef[], grades: LearnerGrades, minimum: number | null): CourseGradeView & { basisPoints: BasisPoints | null } {
  const quizIds = idsOf(items, 'quiz');
  const assignmentIds = idsOf(items, 'assignment');
  const bp = courseGrade({ gradedQuizIds: quizIds, gradedAssignmentIds: assignmentIds }, grades);
  const gradedItems = quizIds.filter((id) => grades.quizGrades[id]?.status === 'graded').length + assignmentIds.filter((id) => grades.assignments[id]?.status === 'graded').length;
  return {
    basisPoints: bp,
    percent: bp === null ? null : toPercent(bp),
    minimum,
    // As evaluateCompletion: a course without graded items has nothing to fall short of.
    meetsMinimum: minimum === null ? null : (bp ?? 10_000) >= minimum * 100,
    gradedItems,
    totalItems: items.length,
  };
}

/** "course grade 62.5% is below the course's minimum of 70% (…)": the requirement's `missing` text. */
export function minimumGradeShortfall(view: Pick<CourseGradeView, 'minimum' | 'gradedItems' | 'totalItems'> & { basisPoints: BasisPoints | null }): string | null {
  if (view.minimum === null) return null;
  const actual = view.basisPoints ?? 10_000;
  if (actual >= view.minimum * 100) return null;
  const ungraded = view.totalItems - view.gradedItems;
  return (
    `course grade ${formatPercent(actual)}% is below the course's minimum of ${view.minimum}%` +
    (ungraded > 0 ? ` (${ungraded} of ${view.totalItems} graded item(s) have no grade yet and count 0)` : ' (raise it by improving quiz or assignment grades)')
  );
}

/**
 * Where the learner stands: completed, ended (refunded, revoked, expired), or in progress with
 * what still holds completion back: lessons, items not passed, the minimum course grade.
 */
export function completionView(
  enrollment: { status: string; completedAt: Date | string | null; progress: number },
  items: readonly GradedItemRef[],
  grades: LearnerGrades,
  minimum: number | null,
): CompletionView {
  const completedAt = enrollment.completedAt === null ? null : new Date(enrollment.completedAt).toISOString();
  if (enrollment.status === 'completed') return { status: 'completed', completedAt, missing: [] };
  if (enrollment.status !== 'active') return { status: 'ended', completedAt, missing: [] };
  const titles = new Map(items.map((i) => [i.documentId, i.title]));
  const result = evaluateCompletion(
    { requiredLessonIds: [], gradedQuizIds: idsOf(items, 'quiz'), gradedAssignmentIds: idsOf(items, 'assignment'), minimumCourseGrade: null },
    { completedLessonIds: [], quizGrades: grades.quizGrades, assignments: grades.assignments },
  );
  const missing: string[] = [];
  if (enrollment.progress < 100) missing.push(`lessons: ${enrollment.progress}% completed`);
  for (const m of result.missing) {
    if (m.kind === 'quiz') missing.push(`"${titles.get(m.quizId) ?? m.quizId}": ${m.message}`);
    else if (m.kind === 'assignment') missing.push(`"${titles.get(m.assignmentId) ?? m.assignmentId}": ${m.message}`);
  }
  const shortfall = minimumGradeShortfall(courseGradeView(items, grades, minimum));
  if (shortfall) missing.push(shortfall);
  return { status: 'in-progress', completedAt, missing };
}

/** Feedback on a quiz: what the quiz's feedback mode releases of the latest submitted attempt now. */
export function quizFeedback(
  attempts: readonly QuizAttemptFact[],
  rules: { feedbackMode: FeedbackMode; dueDate: Date | null } | null,
  now: Date,
): FeedbackAvailability {
  const latest = [...attempts].filter((a) => a.status !== 'open' && a.submittedAt).sort((a, b) => b.number - a.number)[0];
  if (!latest) return { available: false, reason: 'no submitted attempt yet', attemptId: null, assignmentDocumentId: null };
  if (!rules) return { available: false, reason: 'the quiz is not published any more', attemptId: latest.id, assignmentDocumentId: null };
  const release = feedbackRelease(rules.feedbackMode, { submittedAt: latest.submittedAt }, rules.dueDate, now);
  return { available: release.feedback || release.correctness, reason: release.reason, attemptId: latest.id, assignmentDocumentId: null };
}

export function assignmentFeedback(documentId: string, s: SubmissionFact | undefined): FeedbackAvailability {
  const none = (reason: string): FeedbackAvailability => ({ available: false, reason, attemptId: null, assignmentDocumentId: documentId });
  if (!s) return none('nothing submitted yet');
  if (s.status === 'submitted') return none('waiting for the instructor');
  if (!s.hasFeedback) return none(s.status === 'graded' ? 'graded without written feedback' : 'returned without a message');
  return { available: true, reason: s.status === 'graded' ? 'graded with feedback' : 'returned with the instructor’s message', attemptId: null, assignmentDocumentId: documentId };
}
