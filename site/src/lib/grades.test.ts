import type { CourseDetail } from '@contracts/catalog';
import type { MyGradeItem } from '@contracts/gradebook';
import { describe, expect, it } from 'vitest';
import { courseGradeText, enrollmentText, itemFacts, itemHref, itemStatus, percentLabel } from './grades';

const item = (over: Partial<MyGradeItem>): MyGradeItem => ({
  kind: 'quiz',
  documentId: 'q1',
  title: 'Quiz',
  lessonDocumentId: 'l2',
  status: 'not-attempted',
  percent: null,
  passed: null,
  pending: false,
  attempts: 0,
  inProgress: false,
  provisional: false,
  late: false,
  basis: null,
  feedback: { available: false, reason: '', attemptId: null, assignmentDocumentId: null },
  ...over,
});

describe('grades page words', () => {
  it('states a quiz and an assignment in every state', () => {
    expect(itemStatus(item({}))).toEqual({ text: 'Not attempted', tone: 'neutral' });
    expect(itemStatus(item({ inProgress: true }))).toEqual({ text: 'Attempt in progress', tone: 'neutral' });
    expect(itemStatus(item({ status: 'pending-review' })).tone).toBe('waiting');
    expect(itemStatus(item({ status: 'graded', passed: true }))).toEqual({ text: 'Passed', tone: 'good' });
    expect(itemStatus(item({ status: 'graded', passed: false, provisional: true })).text).toMatch(/^Not passed yet/);
    expect(itemStatus(item({ kind: 'assignment', status: 'not-submitted' })).text).toBe('Not submitted');
    expect(itemStatus(item({ kind: 'assignment', status: 'returned' })).text).toBe('Returned for changes');
    expect(itemStatus(item({ kind: 'assignment', status: 'graded', passed: false }))).toEqual({ text: 'Not passed', tone: 'bad' });
  });

  it('lists attempts and lateness', () => {
    expect(itemFacts(item({ attempts: 2 }))).toBe('2 attempts');
    expect(itemFacts(item({ kind: 'assignment', attempts: 2, late: true }))).toBe('attempt 2 · handed in late');
    expect(itemFacts(item({}))).toBe('');
  });

  it('states the course grade and the minimum', () => {
    expect(percentLabel(null)).toBe('—');
    expect(percentLabel(66.66)).toBe('66.66 %');
    expect(courseGradeText({ percent: null, minimum: null, meetsMinimum: null, gradedItems: 0, totalItems: 0 })).toBe('This course has no graded quizzes or assignments.');
    expect(courseGradeText({ percent: 80, minimum: 75, meetsMinimum: true, gradedItems: 1, totalItems: 2 })).toBe(
      '1 of 2 items graded; the course needs at least 75 %, which you meet.',
    );
  });

  it('states the enrollment', () => {
    const completion = { status: 'completed' as const, completedAt: '2026-02-01T00:00:00Z', missing: [] };
    expect(enrollmentText({ enrollment: { status: 'completed', completedAt: '2026-02-01T00:00:00Z' }, completion }, () => '1 February 2026')).toEqual({
      text: 'Completed 1 February 2026',
      tone: 'good',
    });
    expect(enrollmentText({ enrollment: { status: 'refunded', completedAt: null }, completion }, () => null).text).toBe('Refunded');
  });

  it('links an item to the lesson that holds it, from the catalog outline', () => {
    const course = {
      slug: 'ts-basics',
      sections: [
        { documentId: 's', title: 'S', order: 0, drip: { type: 'none', days: null, date: null }, lessons: [{ documentId: 'l2', slug: 'final quiz', title: 'T', order: 0, freePreview: false, estimatedMinutes: 1, kinds: ['quiz'] }] },
      ],
    } as Pick<CourseDetail, 'slug' | 'sections'>;
    expect(itemHref(course, item({}))).toBe('/learn/ts-basics/final%20quiz#quiz-block-q1');
    expect(itemHref(course, item({ lessonDocumentId: 'gone' }))).toBeNull();
    expect(itemHref(null, item({}))).toBeNull();
  });
});
