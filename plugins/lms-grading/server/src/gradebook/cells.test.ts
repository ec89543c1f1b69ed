import { describe, expect, it } from 'vitest';
import { assignmentCell, assignmentFeedback, completionView, courseGradeView, minimumGradeShortfall, quizCell, quizFeedback, type QuizAttemptFact, type SubmissionFact } from './cells';
import type { GradedItemRef } from './contracts';

const at = (iso: string) => new Date(iso);
const attempt = (number: number, status: QuizAttemptFact['status'], score: number | null, maxScore = 10_000): QuizAttemptFact => ({
  id: 100 + number,
  number,
  status,
  score,
  maxScore,
  submittedAt: status === 'open' ? null : at(`2026-03-0${number}T10:00:00Z`),
});
const graded = (score: number, max = 10_000, pass = 6_000, extra: Partial<SubmissionFact> = {}): SubmissionFact => ({
  attempt: 1,
  status: 'graded',
  score,
  maxScore: max,
  passScore: pass,
  late: false,
  hasFeedback: true,
  ...extra,
});

const items: GradedItemRef[] = [
  { kind: 'quiz', documentId: 'quiz1', title: 'Quiz one', lessonDocumentId: 'l1' },
  { kind: 'quiz', documentId: 'quiz2', title: 'Quiz two', lessonDocumentId: 'l2' },
  { kind: 'assignment', documentId: 'asg1', title: 'Essay', lessonDocumentId: 'l3' },
];

describe('quizCell', () => {
  it('grades by the attempt policy and says how', () => {
    const { cell } = quizCell('quiz1', [attempt(1, 'graded', 4_000), attempt(2, 'graded', 8_500), attempt(3, 'open', null)], { attemptPolicy: 'best', passingScore: 70 });
    expect(cell).toEqual({
      kind: 'quiz',
      documentId: 'quiz1',
      status: 'graded',
      percent: 85,
      passed: true,
      pending: false,
      attempts: 2,
      inProgress: true,
      provisional: false,
      late: false,
      basis: 'best of 2 graded attempt(s): attempt 2',
    });
    expect(quizCell('quiz1', [attempt(1, 'graded', 4_000), attempt(2, 'graded', 8_500)], { attemptPolicy: 'average', passingScore: 70 }).cell).toMatchObject({ percent: 62.5, passed: false });
  });

  it('marks a best grade provisional while an attempt waits for an essay grade', () => {
    const { cell } = quizCell('quiz1', [attempt(1, 'graded', 5_000), attempt(2, 'pending_review', null)], { attemptPolicy: 'best', passingScore: 70 });
    expect(cell).toMatchObject({ status: 'graded', percent: 50, passed: false, pending: true, provisional: true });
    const last = quizCell('quiz1', [attempt(1, 'graded', 5_000), attempt(2, 'pending_review', null)], { attemptPolicy: 'last', passingScore: 70 }).cell;
    expect(last).toMatchObject({ status: 'pending-review', percent: null, passed: null, pending: true, basis: 'the last attempt (2) is still being graded' });
  });

  it('is not attempted with only an open attempt', () => {
    expect(quizCell('quiz1', [attempt(1, 'open', null)], { attemptPolicy: 'best', passingScore: 70 }).cell).toMatchObject({
      status: 'not-attempted',
      attempts: 0,
      inProgress: true,
      basis: null,
    });
  });
});

describe('assignmentCell', () => {
  it('shows the graded percentage (truncated) and pass by the exact pass score', () => {
    expect(assignmentCell('asg1', graded(6_667, 10_000, 6_667)).cell).toMatchObject({ status: 'graded', percent: 66.67, passed: true, basis: '6.667 of 10 point(s), pass mark 6.667' });
    expect(assignmentCell('asg1', graded(2_000, 3_000, 2_001)).cell).toMatchObject({ percent: 66.66, passed: false });
  });

  it('distinguishes waiting, returned and never submitted', () => {
    const waiting = assignmentCell('asg1', { ...graded(0), status: 'submitted', score: null, attempt: 2, late: true }).cell;
    expect(waiting).toMatchObject({ status: 'submitted', pending: true, percent: null, attempts: 2, late: true, basis: 'attempt 2 waiting for a grade' });
    expect(assignmentCell('asg1', { ...graded(0), status: 'returned' }).cell).toMatchObject({ status: 'returned', pending: false, basis: 'attempt 1 returned for another attempt' });
    expect(assignmentCell('asg1', undefined).cell).toMatchObject({ status: 'not-submitted', attempts: 0, basis: null });
  });
});

describe('course grade', () => {
  const policy = { attemptPolicy: 'best' as const, passingScore: 50 };
  const grades = {
    quizGrades: { quiz1: quizCell('quiz1', [attempt(1, 'graded', 8_000)], policy).grade, quiz2: quizCell('quiz2', [], policy).grade },
    assignments: { asg1: assignmentCell('asg1', graded(6_000)).status },
  };

  it('is the plain mean of the items, an item without a grade counting 0', () => {
    // (80 + 0 + 60) / 3 = 46.666… → 46.66
    expect(courseGradeView(items, grades, null)).toEqual({ basisPoints: 4_666, percent: 46.66, minimum: null, meetsMinimum: null, gradedItems: 2, totalItems: 3 });
  });

  it('is compared with the minimum and explains a shortfall', () => {
    const view = courseGradeView(items, grades, 50);
    expect(view.meetsMinimum).toBe(false);
    expect(minimumGradeShortfall(view)).toBe("course grade 46.66% is below the course's minimum of 50% (1 of 3 graded item(s) have no grade yet and count 0)");
    expect(courseGradeView(items, grades, 46).meetsMinimum).toBe(true);
    expect(minimumGradeShortfall(courseGradeView(items, grades, 46))).toBeNull();
    // No graded items: nothing to fall short of.
    expect(courseGradeView([], { quizGrades: {}, assignments: {} }, 90)).toMatchObject({ percent: null, meetsMinimum: true });
  });

  it('lists what holds completion back', () => {
    expect(completionView({ status: 'active', completedAt: null, progress: 75 }, items, grades, 50)).toEqual({
      status: 'in-progress',
      completedAt: null,
      missing: [
        'lessons: 75% completed',
        '"Quiz two": quiz not attempted',
        "course grade 46.66% is below the course's minimum of 50% (1 of 3 graded item(s) have no grade yet and count 0)",
      ],
    });
    expect(completionView({ status: 'completed', completedAt: '2026-03-04T00:00:00.000Z', progress: 100 }, items, grades, 50)).toEqual({
      status: 'completed',
      completedAt: '2026-03-04T00:00:00.000Z',
      missing: [],
    });
    expect(completionView({ status: 'revoked', completedAt: null, progress: 10 }, items, grades, 50).status).toBe('ended');
  });
});

describe('feedback availability', () => {
  it('follows the quiz feedback mode for the latest submitted attempt', () => {
    const attempts = [attempt(1, 'graded', 5_000), attempt(2, 'graded', 9_000), attempt(3, 'open', null)];
    const due = at('2026-04-01T00:00:00Z');
    expect(quizFeedback(attempts, { feedbackMode: 'after_due', dueDate: due }, at('2026-03-15T00:00:00Z'))).toEqual({
      available: false,
      reason: 'answers and feedback are released after the due date 2026-04-01T00:00:00.000Z',
      attemptId: 102,
      assignmentDocumentId: null,
    });
    expect(quizFeedback(attempts, { feedbackMode: 'after_due', dueDate: due }, at('2026-04-02T00:00:00Z')).available).toBe(true);
    expect(quizFeedback(attempts, { feedbackMode: 'never', dueDate: null }, at('2026-04-02T00:00:00Z')).available).toBe(false);
    expect(quizFeedback([attempt(1, 'open', null)], { feedbackMode: 'after_submit', dueDate: null }, at('2026-04-02T00:00:00Z'))).toMatchObject({ available: false, attemptId: null });
  });

  it('says when an assignment has feedback', () => {
    expect(assignmentFeedback('asg1', graded(7_000))).toMatchObject({ available: true, assignmentDocumentId: 'asg1' });
    expect(assignmentFeedback('asg1', graded(7_000, 10_000, 6_000, { hasFeedback: false })).available).toBe(false);
    expect(assignmentFeedback('asg1', { ...graded(0), status: 'submitted' }).reason).toBe('waiting for the instructor');
  });
});
