import { describe, expect, it } from 'vitest';
import { AnalyticsError, checkAnalyticsEvent } from '.';

describe('checkAnalyticsEvent', () => {
  it('accepts a lesson completion and normalises its instant to ISO UTC', () => {
    const fact = checkAnalyticsEvent({ type: 'lesson.completed', payload: { learnerId: 7, courseId: 'c1', lessonId: 'l1', enrollmentId: 3, completedAt: '2026-03-01T12:00:00+02:00' } });
    expect(fact).toEqual({ type: 'lesson.completed', payload: { learnerId: 7, courseId: 'c1', lessonId: 'l1', completedAt: '2026-03-01T10:00:00.000Z' } });
  });

  it('names the bad field of a payload', () => {
    const bad = () => checkAnalyticsEvent({ type: 'quiz.graded', payload: { learnerId: 7, courseId: 'c1', quizId: 'q1', attemptId: 0, score: 1, maxScore: 2, passed: true, gradedAt: '2026-03-01T00:00:00Z' } });
    expect(bad).toThrow(AnalyticsError);
    expect(bad).toThrow(/^payload\.attemptId: /);
    expect(() => checkAnalyticsEvent({ type: 'enrollment.granted', payload: { learnerId: 'x' } })).toThrow(/^payload\.learnerId: /);
    expect(() => checkAnalyticsEvent({ type: 'course.completed', payload: { learnerId: 1, courseId: 'a b', completedAt: '2026-03-01T00:00:00Z' } })).toThrow(/^payload\.courseId: expected a documentId/);
    expect(() => checkAnalyticsEvent({ type: 'course.completed', payload: { learnerId: 1, courseId: 'c', completedAt: 'yesterday' } })).toThrow(/^payload\.completedAt: expected an ISO 8601 instant/);
    expect(() => checkAnalyticsEvent({ type: 'course.completed', payload: null })).toThrow(/^payload: /);
  });

  it('refuses events it does not summarise', () => {
    expect(() => checkAnalyticsEvent({ type: 'badge.awarded', payload: {} })).toThrow(/^type: "badge.awarded" is not summarised/);
  });
});
