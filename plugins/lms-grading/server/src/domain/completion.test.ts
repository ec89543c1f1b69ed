import { describe, expect, it } from 'vitest';
import { quizGrade } from './attempt-rules';
import { courseGrade, evaluateCompletion, type CompletionRule, type LearnerFacts } from './completion';

const rule: CompletionRule = { requiredLessonIds: ['l1', 'l2', 'l3'], gradedQuizIds: ['q1'], gradedAssignmentIds: ['a1'], minimumCourseGrade: null };
const passedQuiz = quizGrade([{ number: 1, status: 'graded', score: 8000, maxScore: 10_000 }], 'best', 70);
const failedQuiz = quizGrade([{ number: 1, status: 'graded', score: 5000, maxScore: 10_000 }], 'best', 70);
const pendingQuiz = quizGrade([{ number: 1, status: 'pending_review', score: null, maxScore: 10_000 }], 'last', 70);
const graded = (score: number) => ({ status: 'graded' as const, score, maxScore: 100_000, passScore: 50_000 });

const complete: LearnerFacts = { completedLessonIds: ['l1', 'l2', 'l3'], quizGrades: { q1: passedQuiz }, assignments: { a1: graded(90_000) } };

describe('evaluateCompletion', () => {
  it('complete when every requirement is met', () => {
    expect(evaluateCompletion(rule, complete)).toEqual({ complete: true, missing: [], courseGrade: null });
    expect(evaluateCompletion(rule, { ...complete, completedLessonIds: new Set(['l3', 'l2', 'l1', 'extra']) }).complete).toBe(true);
  });

  it('lists every missing lesson', () => {
    const r = evaluateCompletion(rule, { ...complete, completedLessonIds: ['l2'] });
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual([
      { kind: 'lesson', lessonId: 'l1', message: 'lesson not completed' },
      { kind: 'lesson', lessonId: 'l3', message: 'lesson not completed' },
    ]);
  });

  it('says why a quiz is missing: not attempted, waiting for review, not passed', () => {
    const reason = (q: LearnerFacts['quizGrades'][string]) => evaluateCompletion(rule, { ...complete, quizGrades: { q1: q } }).missing[0];
    expect(reason(undefined)).toMatchObject({ kind: 'quiz', quizId: 'q1', reason: 'not-attempted' });
    expect(reason({ status: 'not-attempted' })).toMatchObject({ reason: 'not-attempted' });
    expect(reason(pendingQuiz)).toMatchObject({ reason: 'pending-review' });
    expect(reason(failedQuiz)).toMatchObject({ reason: 'not-passed', percent: 5000 });
  });

  it('says why an assignment is missing: not submitted, awaiting a grade, returned, below pass', () => {
    const reason = (a: LearnerFacts['assignments'][string]) => evaluateCompletion(rule, { ...complete, assignments: { a1: a } }).missing[0];
    expect(reason(undefined)).toMatchObject({ kind: 'assignment', reason: 'not-submitted' });
    expect(reason({ status: 'submitted' })).toMatchObject({ reason: 'awaiting-grade' });
    expect(reason({ status: 'returned' })).toMatchObject({ reason: 'returned' });
    expect(reason(graded(49_999))).toMatchObject({ reason: 'below-pass', score: 49_999, passScore: 50_000 });
    expect(reason(graded(50_000))).toBeUndefined(); // at the pass score is a pass
  });

  it('a minimum course grade: the mean of the graded items, missing items count 0', () => {
    const withMinimum = { ...rule, minimumCourseGrade: 85 };
    // quiz 80 %, assignment 90 % → 85 %
    expect(evaluateCompletion(withMinimum, complete)).toEqual({ complete: true, missing: [], courseGrade: 8500 });
    const below = evaluateCompletion(withMinimum, { ...complete, assignments: { a1: graded(89_999) } });
    expect(below.missing).toEqual([{ kind: 'course-grade', required: 85, actual: 8499, message: 'course grade below the minimum of 85%' }]);
  });

  it('reports everything at once', () => {
    const r = evaluateCompletion({ ...rule, minimumCourseGrade: 50 }, { completedLessonIds: [], quizGrades: {}, assignments: {} });
    expect(r.missing.map((m) => m.kind)).toEqual(['lesson', 'lesson', 'lesson', 'quiz', 'assignment', 'course-grade']);
  });

  it('a course with nothing required is complete', () => {
    expect(evaluateCompletion({ requiredLessonIds: [], gradedQuizIds: [], gradedAssignmentIds: [], minimumCourseGrade: 90 }, { completedLessonIds: [], quizGrades: {}, assignments: {} })).toMatchObject({
      complete: true,
      courseGrade: 10_000,
    });
  });
});

describe('courseGrade', () => {
  it('averages exact ratios and truncates once', () => {
    // quiz 2/3 (66.66…%) and assignment 73.335 % → mean 70.0008…%
    const quiz = quizGrade([{ number: 1, status: 'graded', score: 2000, maxScore: 3000 }], 'best', 70);
    expect(courseGrade({ gradedQuizIds: ['q'], gradedAssignmentIds: ['a'] }, { quizGrades: { q: quiz }, assignments: { a: graded(73_335) } })).toBe(7000);
    expect(courseGrade({ gradedQuizIds: [], gradedAssignmentIds: [] }, { quizGrades: {}, assignments: {} })).toBeNull();
    expect(courseGrade({ gradedQuizIds: ['q'], gradedAssignmentIds: [] }, { quizGrades: {}, assignments: {} })).toBe(0);
  });
});
