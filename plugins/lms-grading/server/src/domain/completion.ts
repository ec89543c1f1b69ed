/**
 * Course completion: all required lessons completed, every graded quiz passed, every graded
 * assignment graded at or above its pass score, and optionally a minimum course grade.
 * `evaluateCompletion` says what is still missing, item by item, so the learner's dashboard and
 * lms-enrollment's completion requirement (`addCompletionRequirement`) can both show why.
 */
import type { QuizGrade } from './attempt-rules';
import type { BasisPoints, Millipoints } from './points';

export interface CompletionRule {
  /** Lessons that must be completed (documentIds), e.g. every published lesson of the course. */
  requiredLessonIds: readonly string[];
  /** Quizzes whose lesson block counts toward completion (documentIds). */
  gradedQuizIds: readonly string[];
  /** Assignments whose lesson block counts toward completion (documentIds). */
  gradedAssignmentIds: readonly string[];
  /** Minimum course grade in percent (0–100), or null for none. */
  minimumCourseGrade: number | null;
}

export type AssignmentStatus =
  | { status: 'not-submitted' }
  | { status: 'submitted' }
  | { status: 'returned' }
  | { status: 'graded'; score: Millipoints; maxScore: Millipoints; passScore: Millipoints };

export interface LearnerFacts {
  completedLessonIds: ReadonlySet<string> | readonly string[];
  /** By quiz documentId; absent = not attempted. */
  quizGrades: Readonly<Record<string, QuizGrade | undefined>>;
  /** By assignment documentId; absent = not submitted. */
  assignments: Readonly<Record<string, AssignmentStatus | undefined>>;
}

export type MissingItem =
  | { kind: 'lesson'; lessonId: string; message: string }
  | { kind: 'quiz'; quizId: string; reason: 'not-attempted' | 'pending-review' | 'not-passed'; percent?: BasisPoints; message: string }
  | {
      kind: 'assignment';
      assignmentId: string;
      reason: 'not-submitted' | 'awaiting-grade' | 'returned' | 'below-pass';
      score?: Millipoints;
      passScore?: Millipoints;
      message: string;
    }
  | { kind: 'course-grade'; required: number; actual: BasisPoints; message: string };

export interface CompletionResult {
  complete: boolean;
  missing: MissingItem[];
  /** The course grade used for the minimum (see courseGrade), when one is set. */
  courseGrade: BasisPoints | null;
}

/** An assignment passes when graded at or above its pass score (exact millipoints). */
export function assignmentPassed(a: AssignmentStatus | undefined): boolean {
  return a?.status === 'graded' && a.score >= a.passScore;
}

/**
 * The course grade: the plain mean of the graded items' exact ratios (quizzes by their policy
 * grade, assignments by score / maxScore), each item weighing the same; an item without a grade
 * counts 0 (a final grade, not "so far"). Truncated once, to basis points. No items: null.
 */
export function courseGrade(rule: Pick<CompletionRule, 'gradedQuizIds' | 'gradedAssignmentIds'>, facts: Pick<LearnerFacts, 'quizGrades' | 'assignments'>): BasisPoints | null {
  const ratios: Array<[bigint, bigint]> = [];
  for (const id of rule.gradedQuizIds) {
    const g = facts.quizGrades[id];
    ratios.push(g?.status === 'graded' ? [BigInt(g.ratio.num), BigInt(g.ratio.den)] : [0n, 1n]);
  }
  for (const id of rule.gradedAssignmentIds) {
    const a = facts.assignments[id];
    ratios.push(a?.status === 'graded' && a.maxScore > 0 ? [BigInt(Math.min(a.score, a.maxScore)), BigInt(a.maxScore)] : a?.status === 'graded' ? [1n, 1n] : [0n, 1n]);
  }
  if (ratios.length === 0) return null;
  let num = 0n;
  let den = 1n;
  for (const [n, d] of ratios) {
    num = num * d + n * den;
    den *= d;
  }
  return Number((num * 10_000n) / (den * BigInt(ratios.length)));
}

export function evaluateCompletion(rule: CompletionRule, facts: LearnerFacts): CompletionResult {
  const missing: MissingItem[] = [];
  const done = facts.completedLessonIds instanceof Set ? facts.completedLessonIds : new Set(facts.completedLessonIds as readonly string[]);
  for (const lessonId of rule.requiredLessonIds) {
    if (!done.has(lessonId)) missing.push({ kind: 'lesson', lessonId, message: 'lesson not completed' });
  }
  for (const quizId of rule.gradedQuizIds) {
    const g = facts.quizGrades[quizId];
    if (!g || g.status === 'not-attempted') missing.push({ kind: 'quiz', quizId, reason: 'not-attempted', message: 'quiz not attempted' });
    else if (g.status === 'pending-review') missing.push({ kind: 'quiz', quizId, reason: 'pending-review', message: `quiz waiting for an instructor: ${g.explanation}` });
    else if (!g.passed) missing.push({ kind: 'quiz', quizId, reason: 'not-passed', percent: g.percent, message: `quiz not passed yet (${g.explanation})` });
  }
  for (const assignmentId of rule.gradedAssignmentIds) {
    const a = facts.assignments[assignmentId];
    if (!a || a.status === 'not-submitted') missing.push({ kind: 'assignment', assignmentId, reason: 'not-submitted', message: 'assignment not submitted' });
    else if (a.status === 'submitted') missing.push({ kind: 'assignment', assignmentId, reason: 'awaiting-grade', message: 'assignment waiting for a grade' });
    else if (a.status === 'returned') missing.push({ kind: 'assignment', assignmentId, reason: 'returned', message: 'assignment returned for resubmission' });
    else if (!assignmentPassed(a)) {
      missing.push({ kind: 'assignment', assignmentId, reason: 'below-pass', score: a.score, passScore: a.passScore, message: 'assignment graded below its pass score' });
    }
  }
  let grade: BasisPoints | null = null;
  if (rule.minimumCourseGrade !== null) {
    grade = courseGrade(rule, facts) ?? 10_000;
    if (grade < rule.minimumCourseGrade * 100) {
      missing.push({ kind: 'course-grade', required: rule.minimumCourseGrade, actual: grade, message: `course grade below the minimum of ${rule.minimumCourseGrade}%` });
    }
  }
  return { complete: missing.length === 0, missing, courseGrade: grade };
}
