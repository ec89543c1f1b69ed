import { describe, expect, it } from 'vitest';
import {
  answersInTime,
  attemptDeadline,
  decideSave,
  decideStart,
  feedbackDuringAttempt,
  feedbackRelease,
  isAnswerLocked,
  isExpired,
  parseQuizRules,
  quizGrade,
  type QuizRules,
  type SubmittedAttempt,
} from './attempt-rules';
import { GradingError } from './errors';

const t = (iso: string) => new Date(`2026-03-01T${iso}Z`);
const rules = (over: Partial<QuizRules> = {}): QuizRules => ({
  passingScore: 70,
  maxAttempts: 3,
  timeLimitMinutes: 30,
  dueDate: null,
  feedbackMode: 'after_submit',
  attemptPolicy: 'best',
  ...over,
});

describe('parseQuizRules', () => {
  it('reads the quiz entry with the content type defaults', () => {
    expect(parseQuizRules({})).toEqual({ passingScore: 70, maxAttempts: 0, timeLimitMinutes: null, dueDate: null, feedbackMode: 'after_submit', attemptPolicy: 'best' });
    expect(parseQuizRules({ passingScore: 80, maxAttempts: 3, timeLimitMinutes: 30, dueDate: '2026-03-10T00:00:00.000Z', feedbackMode: 'after_due', attemptPolicy: 'average' })).toEqual({
      passingScore: 80,
      maxAttempts: 3,
      timeLimitMinutes: 30,
      dueDate: new Date('2026-03-10T00:00:00.000Z'),
      feedbackMode: 'after_due',
      attemptPolicy: 'average',
    });
    expect(parseQuizRules({ timeLimitMinutes: 0 }).timeLimitMinutes).toBeNull();
  });
  it('names a bad setting', () => {
    expect(() => parseQuizRules({ passingScore: 101 })).toThrow('passingScore: must be a whole number from 0 to 100; got 101');
    expect(() => parseQuizRules({ feedbackMode: 'sometimes' })).toThrow(/feedbackMode: must be one of immediate, after_submit, after_due, never/);
    expect(() => parseQuizRules({ attemptPolicy: 'first' })).toThrow(GradingError);
    expect(() => parseQuizRules({ dueDate: 'tomorrow' })).toThrow(/dueDate/);
    expect(() => parseQuizRules({ maxAttempts: 1.5 })).toThrow(/maxAttempts/);
  });
});

describe('deadlines', () => {
  it('is the start plus the time limit, or the due date if earlier, or none', () => {
    expect(attemptDeadline(t('10:00:00'), rules())).toEqual(t('10:30:00'));
    expect(attemptDeadline(t('10:00:00'), rules({ dueDate: t('10:10:00') }))).toEqual(t('10:10:00'));
    expect(attemptDeadline(t('10:00:00'), rules({ dueDate: t('11:00:00') }))).toEqual(t('10:30:00'));
    expect(attemptDeadline(t('10:00:00'), rules({ timeLimitMinutes: null, dueDate: t('12:00:00') }))).toEqual(t('12:00:00'));
    expect(attemptDeadline(t('10:00:00'), rules({ timeLimitMinutes: null }))).toBeNull();
  });

  it('answers saved after the deadline are ignored; at the deadline they count', () => {
    const saved = [
      { q: 'a', savedAt: t('10:29:59') },
      { q: 'b', savedAt: t('10:30:00') },
      { q: 'c', savedAt: new Date(t('10:30:00').getTime() + 1) },
    ];
    const { counted, ignored } = answersInTime(saved, t('10:30:00'));
    expect(counted.map((a) => a.q)).toEqual(['a', 'b']);
    expect(ignored.map((a) => a.q)).toEqual(['c']);
    expect(answersInTime(saved, null).counted).toHaveLength(3);
  });

  it('saving is refused after the deadline and after submission; expiry is detected', () => {
    const open = { number: 1, status: 'in_progress' as const, deadline: t('10:30:00') };
    expect(decideSave(open, t('10:30:00'))).toEqual({ ok: true });
    expect(decideSave(open, t('10:30:01'))).toMatchObject({ ok: false, code: 'deadline-passed' });
    expect(decideSave({ ...open, status: 'graded' }, t('10:00:00'))).toMatchObject({ ok: false, code: 'attempt-closed' });
    expect(isExpired(open, t('10:30:01'))).toBe(true);
    expect(isExpired(open, t('10:30:00'))).toBe(false);
    expect(isExpired({ ...open, deadline: null }, t('23:59:59'))).toBe(false);
    expect(isExpired({ ...open, status: 'pending_review' }, t('23:59:59'))).toBe(false);
  });
});

describe('decideStart', () => {
  const done = (number: number) => ({ number, status: 'graded' as const, deadline: t('10:30:00') });

  it('numbers attempts from 1', () => {
    expect(decideStart(rules(), [], t('09:00:00'))).toEqual({ ok: true, number: 1 });
    expect(decideStart(rules(), [done(1), done(2)], t('09:00:00'))).toEqual({ ok: true, number: 3 });
  });

  it('enforces max attempts; 0 means unlimited', () => {
    expect(decideStart(rules(), [done(1), done(2), done(3)], t('11:00:00'))).toMatchObject({ ok: false, code: 'max-attempts-reached', message: 'all 3 attempt(s) allowed for this quiz have been used' });
    expect(decideStart(rules({ maxAttempts: 0 }), Array.from({ length: 50 }, (_, i) => done(i + 1)), t('11:00:00'))).toEqual({ ok: true, number: 51 });
  });

  it('resumes an open attempt, and asks for an expired one to be submitted first', () => {
    const open = { number: 2, status: 'in_progress' as const, deadline: t('10:30:00') };
    expect(decideStart(rules(), [done(1), open], t('10:15:00'))).toMatchObject({ ok: false, code: 'attempt-in-progress', attemptNumber: 2 });
    expect(decideStart(rules(), [done(1), open], t('10:45:00'))).toMatchObject({ ok: false, code: 'expired-attempt-open', attemptNumber: 2 });
  });

  it('refuses a closed quiz', () => {
    expect(decideStart(rules({ dueDate: t('12:00:00') }), [], t('12:00:01'))).toMatchObject({ ok: false, code: 'quiz-closed' });
    expect(decideStart(rules({ dueDate: t('12:00:00') }), [], t('12:00:00'))).toEqual({ ok: true, number: 1 });
  });
});

describe('quizGrade by attempt policy', () => {
  const graded = (number: number, score: number, maxScore = 10_000): SubmittedAttempt => ({ number, status: 'graded', score, maxScore });
  const pending = (number: number, maxScore = 10_000): SubmittedAttempt => ({ number, status: 'pending_review', score: null, maxScore });

  it('no attempts', () => expect(quizGrade([], 'best', 70)).toEqual({ status: 'not-attempted' }));

  it('best: the highest exact ratio, earliest on ties, provisional while others are pending', () => {
    expect(quizGrade([graded(1, 6000), graded(2, 8000), graded(3, 7000)], 'best', 70)).toMatchObject({ status: 'graded', percent: 8000, passed: true, countedAttempts: [2], provisional: false });
    expect(quizGrade([graded(1, 8000), graded(2, 8000)], 'best', 70)).toMatchObject({ countedAttempts: [1] });
    // Different maxima (drawn from a pool): 2/3 beats 6/10.
    expect(quizGrade([graded(1, 6000, 10_000), graded(2, 2000, 3000)], 'best', 70)).toMatchObject({ countedAttempts: [2], percent: 6666, passed: false });
    expect(quizGrade([graded(1, 7000), pending(2)], 'best', 70)).toMatchObject({ status: 'graded', passed: true, provisional: true, countedAttempts: [1] });
    expect(quizGrade([pending(1)], 'best', 70)).toMatchObject({ status: 'pending-review' });
  });

  it('last: the most recent attempt, pending while it is', () => {
    expect(quizGrade([graded(2, 9000), graded(1, 5000), graded(3, 6000)], 'last', 70)).toMatchObject({ percent: 6000, passed: false, countedAttempts: [3] });
    expect(quizGrade([graded(1, 9000), pending(2)], 'last', 70)).toMatchObject({ status: 'pending-review' });
  });

  it('average: mean of exact ratios, truncated once; pass decided exactly', () => {
    expect(quizGrade([graded(1, 6000), graded(2, 8000)], 'average', 70)).toMatchObject({ percent: 7000, passed: true, countedAttempts: [1, 2] });
    // (2/3 + 3/4) / 2 = 17/24 = 70.8333…%
    const g = quizGrade([graded(1, 2000, 3000), graded(2, 3000, 4000)], 'average', 70);
    expect(g).toMatchObject({ percent: 7083, passed: true, ratio: { num: '17', den: '24' } });
    // (1/3 + 1/3 + 1/3) = exactly 1/3: 33.33% truncated, passes 33 exactly, not 34.
    const thirds = [graded(1, 1000, 3000), graded(2, 1000, 3000), graded(3, 1000, 3000)];
    expect(quizGrade(thirds, 'average', 33)).toMatchObject({ percent: 3333, passed: true });
    expect(quizGrade(thirds, 'average', 34)).toMatchObject({ passed: false });
    expect(quizGrade([graded(1, 9000), pending(2)], 'average', 70)).toMatchObject({ status: 'pending-review' });
  });

  it('a zero-point attempt counts as 100 % (nothing to lose)', () => {
    expect(quizGrade([graded(1, 0, 0)], 'best', 100)).toMatchObject({ percent: 10_000, passed: true });
  });

  it('69.996 % is shown as 69.99 % and fails a 70 % pass mark', () => {
    expect(quizGrade([graded(1, 69_996, 100_000)], 'last', 70)).toMatchObject({ percent: 6999, passed: false });
  });
});

describe('feedback release', () => {
  const now = t('12:00:00');
  const submitted = { submittedAt: t('11:00:00') };
  const inProgress = { submittedAt: null };

  it('nothing while the attempt is in progress (outside immediate checks)', () => {
    for (const mode of ['immediate', 'after_submit', 'after_due', 'never'] as const) {
      expect(feedbackRelease(mode, inProgress, null, now)).toMatchObject({ score: false, correctness: false, feedback: false, correctAnswers: false });
    }
  });

  it('immediate and after_submit: everything once submitted', () => {
    for (const mode of ['immediate', 'after_submit'] as const) {
      expect(feedbackRelease(mode, submitted, null, now)).toMatchObject({ score: true, correctness: true, feedback: true, correctAnswers: true });
    }
  });

  it('after_due: the score now, the rest from the due date on; no due date behaves as after_submit', () => {
    expect(feedbackRelease('after_due', submitted, t('12:00:01'), now)).toMatchObject({ score: true, correctness: false, feedback: false, correctAnswers: false });
    expect(feedbackRelease('after_due', submitted, t('12:00:00'), now)).toMatchObject({ score: true, correctness: true, feedback: true, correctAnswers: true });
    expect(feedbackRelease('after_due', submitted, null, now)).toMatchObject({ correctAnswers: true, reason: expect.stringContaining('no due date') });
  });

  it('never: the score only', () => {
    expect(feedbackRelease('never', submitted, t('01:00:00'), now)).toMatchObject({ score: true, correctness: false, feedback: false, correctAnswers: false });
  });

  it('immediate: per question once checked, and a checked answer is final', () => {
    expect(feedbackDuringAttempt('immediate', true)).toMatchObject({ correctness: true, feedback: true });
    expect(feedbackDuringAttempt('immediate', false)).toMatchObject({ correctness: false });
    expect(feedbackDuringAttempt('after_submit', true)).toMatchObject({ correctness: false });
    expect(isAnswerLocked('immediate', true)).toBe(true);
    expect(isAnswerLocked('after_submit', true)).toBe(false);
  });
});
