import { describe, expect, it } from 'vitest';
import { type PointEvent, awardKey, awardsFor, dedupeByKey, factsFor, pointTotals } from './awards';
import { gamificationErrorOf as errorOf } from '../testing/errors';
import { type AwardSource } from './events';
import { DEFAULT_POINT_RULES, type PointRules, parseRules } from './rules';

const rules = DEFAULT_POINT_RULES;
const at = '2026-03-02T10:00:00.000Z';

const lesson = (learnerId = 7, lessonId = 'l1', courseId = 'c1'): AwardSource => ({
  id: '0b8f6f36-0f38-4f36-9a57-3c2b2b6a0001',
  type: 'lesson.completed',
  payload: { learnerId, courseId, lessonId, enrollmentId: 3, completedAt: at },
});
const quiz = (score: number, maxScore: number, passed: boolean, quizId = 'q1', attemptId = 1): AwardSource => ({
  type: 'quiz.graded',
  payload: { learnerId: 7, courseId: 'c1', quizId, attemptId, score, maxScore, passed, gradedAt: at },
});
const assignment = (passed: boolean): AwardSource => ({
  type: 'assignment.graded',
  payload: { learnerId: 7, courseId: 'c2', assignmentId: 'a1', submissionId: 4, scoreMillipoints: passed ? 8000 : 3000, maxMillipoints: 10000, passed, gradedAt: at, graderId: 1 },
});
const course = (courseId = 'c1'): AwardSource => ({ type: 'course.completed', payload: { learnerId: 7, courseId, enrollmentId: 3, completedAt: at } });
const visit = (day: string, streakLength: number, streakStartDay: string): AwardSource => ({
  type: 'learner.visited',
  payload: { learnerId: 7, visitedAt: `${day}T08:00:00.000Z`, day, streakLength, streakStartDay },
});


const summary = (awards: PointEvent[]) => awards.map((a) => `${a.rule} ${a.subject} +${a.points}`);

describe('awardsFor', () => {
  it('a completed lesson: one award per lesson, in its course, at the time it happened', () => {
    expect(awardsFor(lesson(), rules)).toEqual([
      { learnerId: 7, rule: 'lesson-completed', subject: 'lesson:l1', points: 10, courseId: 'c1', occurredAt: at, sourceEventId: '0b8f6f36-0f38-4f36-9a57-3c2b2b6a0001' },
    ]);
  });

  it('a quiz: points once per quiz when passed, a bonus for full marks, nothing when failed', () => {
    expect(summary(awardsFor(quiz(6, 10, true), rules))).toEqual(['quiz-passed quiz:q1 +20']);
    expect(summary(awardsFor(quiz(10, 10, true), rules))).toEqual(['quiz-passed quiz:q1 +20', 'quiz-perfect quiz:q1 +10']);
    expect(summary(awardsFor(quiz(2.5, 10, false), rules))).toEqual([]);
    // Decimal points as the grader sends them (millipoints / 1000), compared exactly.
    expect(summary(awardsFor(quiz(7.25, 7.25, true), rules))).toEqual(['quiz-passed quiz:q1 +20', 'quiz-perfect quiz:q1 +10']);
    expect(summary(awardsFor(quiz(7.249, 7.25, true), rules))).toEqual(['quiz-passed quiz:q1 +20']);
    // A quiz worth nothing has no perfect score.
    expect(summary(awardsFor(quiz(0, 0, true), rules))).toEqual(['quiz-passed quiz:q1 +20']);
  });

  it('a second passing attempt has the same keys as the first (no double pay); a later perfect one adds only the bonus', () => {
    const first = awardsFor(quiz(7, 10, true, 'q1', 1), rules);
    const second = awardsFor(quiz(8, 10, true, 'q1', 2), rules);
    const perfect = awardsFor(quiz(10, 10, true, 'q1', 3), rules);
    const ledger = dedupeByKey([...first, ...second, ...perfect]);
    expect(summary(ledger)).toEqual(['quiz-passed quiz:q1 +20', 'quiz-perfect quiz:q1 +10']);
    expect(pointTotals([...first, ...second, ...perfect]).get(7)).toBe(30);
  });

  it('an assignment graded at or above its pass mark; a fail earns nothing', () => {
    expect(summary(awardsFor(assignment(true), rules))).toEqual(['assignment-passed assignment:a1 +30']);
    expect(awardsFor(assignment(false), rules)).toEqual([]);
    expect(awardsFor(assignment(true), rules)[0]?.courseId).toBe('c2');
  });

  it('a completed course', () => {
    expect(summary(awardsFor(course(), rules))).toEqual(['course-completed course:c1 +100']);
  });

  it('a visit: the day, and every milestone the run has reached (keys per run)', () => {
    expect(summary(awardsFor(visit('2026-03-02', 1, '2026-03-02'), rules))).toEqual(['daily-visit day:2026-03-02 +5']);
    expect(summary(awardsFor(visit('2026-03-08', 7, '2026-03-02'), rules))).toEqual(['daily-visit day:2026-03-08 +5', 'streak-milestone streak:2026-03-02/7 +50']);
    expect(summary(awardsFor(visit('2026-04-01', 31, '2026-03-02'), rules))).toEqual([
      'daily-visit day:2026-04-01 +5',
      'streak-milestone streak:2026-03-02/7 +50',
      'streak-milestone streak:2026-03-02/30 +200',
    ]);
    // A new run after a break earns its milestones again.
    expect(summary(awardsFor(visit('2026-05-07', 7, '2026-05-01'), rules))).toContain('streak-milestone streak:2026-05-01/7 +50');
    expect(awardsFor(visit('2026-03-08', 7, '2026-03-02'), rules).every((a) => a.courseId === null)).toBe(true);
  });

  it('honours switches and course scopes', () => {
    const scoped: PointRules = parseRules({
      'lesson-completed': { enabled: true, points: 3, courseIds: ['c9'] },
      'quiz-perfect': { enabled: false, points: 10 },
      'daily-visit': { enabled: false, points: 5 },
      'streak-milestone': { enabled: false, milestones: [] },
    });
    expect(awardsFor(lesson(7, 'l1', 'c1'), scoped)).toEqual([]);
    expect(summary(awardsFor(lesson(7, 'l1', 'c9'), scoped))).toEqual(['lesson-completed lesson:l1 +3']);
    expect(summary(awardsFor(quiz(10, 10, true), scoped))).toEqual(['quiz-passed quiz:q1 +20']);
    expect(awardsFor(visit('2026-03-08', 7, '2026-03-02'), scoped)).toEqual([]);
  });

  it('the key does not depend on the event id: a re-emitted fact is the same award', () => {
    const a = awardsFor(lesson(), rules)[0] as PointEvent;
    const b = awardsFor({ ...lesson(), id: 'ffffffff-0f38-4f36-9a57-3c2b2b6a0001' }, rules)[0] as PointEvent;
    expect(awardKey(a)).toBe(awardKey(b));
    expect(awardKey(a)).toBe('7|lesson-completed|lesson:l1');
    expect(pointTotals([a, b]).get(7)).toBe(10);
  });

  it('normalises instants to ISO UTC', () => {
    const e: AwardSource = { type: 'course.completed', payload: { learnerId: 7, courseId: 'c1', enrollmentId: 1, completedAt: '2026-03-02T12:00:00+02:00' } };
    expect(awardsFor(e, rules)[0]?.occurredAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('refuses payloads that do not match their declaration, naming the field', () => {
    const broken = (payload: Record<string, unknown>) => ({ type: 'lesson.completed', payload }) as unknown as AwardSource;
    expect(errorOf(() => awardsFor(broken({ learnerId: '7', courseId: 'c1', lessonId: 'l1', completedAt: at }), rules))).toMatchObject({ code: 'invalid-event', field: 'payload.learnerId' });
    expect(errorOf(() => awardsFor(broken({ learnerId: 7, courseId: 'c 1', lessonId: 'l1', completedAt: at }), rules))).toMatchObject({ field: 'payload.courseId' });
    expect(errorOf(() => awardsFor(broken({ learnerId: 7, courseId: 'c1', lessonId: 'l1', completedAt: 'soon' }), rules))).toMatchObject({ field: 'payload.completedAt' });
    expect(errorOf(() => awardsFor({ ...quiz(1, 1, true), payload: { ...quiz(1, 1, true).payload, score: Number.NaN } } as AwardSource, rules))).toMatchObject({ field: 'payload.score' });
    expect(errorOf(() => awardsFor({ ...visit('2026-02-30', 1, '2026-02-30') }, rules))).toMatchObject({ field: 'payload.day' });
    expect(errorOf(() => awardsFor({ type: 'payment.succeeded', payload: {} } as unknown as AwardSource, rules))).toMatchObject({ code: 'unsupported-event', field: 'type' });
  });
});

describe('factsFor', () => {
  it('records achievements whatever the point rules say', () => {
    expect(factsFor(quiz(10, 10, true)).map((f) => `${f.kind} ${f.subject}`)).toEqual(['quiz-passed quiz:q1', 'quiz-perfect quiz:q1']);
    expect(factsFor(assignment(false))).toEqual([]);
    expect(factsFor(visit('2026-03-02', 1, '2026-03-02'))).toEqual([]);
    expect(factsFor(course('c5'))).toEqual([{ learnerId: 7, kind: 'course-completed', subject: 'course:c5', courseId: 'c5', occurredAt: at }]);
  });
});
