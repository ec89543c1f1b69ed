import type { EventPayloads } from '@lms/plugin-lms-core/server';
import { GamificationError, ID_PATTERN, describeValue, isPlainObject } from './errors';
import { type LocalDate, dayNumber } from './local-time';

/**
 * The events points come from. `lesson.completed`, `quiz.graded` and `course.completed` are
 * lms-core's declarations (imported as types, so a payload change there breaks this build).
 * `assignment.graded` belongs to lms-grading, whose internals we do not import: its payload is
 * mirrored here and must be kept in step with plugins/lms-grading/server/src/assignments/events.ts.
 * `learner.visited` is this plugin's own: the visit service records the visit (streaks.ts) and
 * passes the outcome in.
 */
export type LessonCompletedPayload = EventPayloads['lesson.completed'];
export type QuizGradedPayload = EventPayloads['quiz.graded'];
export type CourseCompletedPayload = EventPayloads['course.completed'];

/** Mirror of lms-grading's `assignment.graded` (points in millipoints; pass mark applied by the grader). */
export interface AssignmentGradedPayload {
  learnerId: number;
  courseId: string;
  assignmentId: string;
  submissionId: number;
  scoreMillipoints: number;
  maxMillipoints: number;
  passed: boolean;
  gradedAt: string;
  graderId: number;
}

/** A visit the streak service counted (a new date on the learner's calendar). */
export interface LearnerVisitedPayload {
  learnerId: number;
  visitedAt: string;
  /** The visit's local date (the streak's `lastDay` after it). */
  day: LocalDate;
  /** The streak after this visit: its length and first date (the run's identity). */
  streakLength: number;
  streakStartDay: LocalDate;
}

export interface AwardSourcePayloads {
  'lesson.completed': LessonCompletedPayload;
  'quiz.graded': QuizGradedPayload;
  'assignment.graded': AssignmentGradedPayload;
  'course.completed': CourseCompletedPayload;
  'learner.visited': LearnerVisitedPayload;
}

export type AwardSourceType = keyof AwardSourcePayloads;
export const AWARD_SOURCE_TYPES: readonly AwardSourceType[] = ['lesson.completed', 'quiz.graded', 'assignment.graded', 'course.completed', 'learner.visited'];

/**
 * One input to awardsFor: lms-core's `DomainEvent` envelope fits as is (`id` is kept on the award
 * as its source; it is not part of the idempotency key, so a re-emitted fact with a new id is
 * still the same award).
 */
export type AwardSource = {
  [K in AwardSourceType]: { id?: string; type: K; payload: AwardSourcePayloads[K] };
}[AwardSourceType];

const bad = (field: string, message: string) => new GamificationError('invalid-event', `payload.${field}`, message);

function learnerId(p: Record<string, unknown>): number {
  const v = p.learnerId;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw bad('learnerId', `must be a users-permissions user id (positive integer); got ${describeValue(v)}`);
  return v;
}

function docId(p: Record<string, unknown>, field: string): string {
  const v = p[field];
  if (typeof v !== 'string' || !ID_PATTERN.test(v)) throw bad(field, `must be a documentId (1–64 letters, digits, _ or -); got ${describeValue(v)}`);
  return v;
}

function instant(p: Record<string, unknown>, field: string): string {
  const v = p[field];
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw bad(field, `must be an ISO 8601 instant; got ${describeValue(v)}`);
  return new Date(ms).toISOString();
}

function finite(p: Record<string, unknown>, field: string): number {
  const v = p[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(field, `must be a number ≥ 0; got ${describeValue(v)}`);
  return v;
}

function bool(p: Record<string, unknown>, field: string): boolean {
  const v = p[field];
  if (typeof v !== 'boolean') throw bad(field, `must be true or false; got ${describeValue(v)}`);
  return v;
}

function date(p: Record<string, unknown>, field: string): LocalDate {
  const v = p[field];
  try {
    if (typeof v === 'string') {
      dayNumber(v);
      return v;
    }
  } catch {
    // reported below with the field name
  }
  throw bad(field, `must be a calendar date YYYY-MM-DD; got ${describeValue(v)}`);
}

/** The facts awardsFor reads from an event, checked and normalised (instants as ISO UTC). */
export type CheckedSource =
  | { type: 'lesson.completed'; learnerId: number; courseId: string; lessonId: string; at: string }
  | { type: 'quiz.graded'; learnerId: number; courseId: string; quizId: string; passed: boolean; perfect: boolean; at: string }
  | { type: 'assignment.graded'; learnerId: number; courseId: string; assignmentId: string; passed: boolean; at: string }
  | { type: 'course.completed'; learnerId: number; courseId: string; at: string }
  | { type: 'learner.visited'; learnerId: number; day: LocalDate; streakLength: number; streakStartDay: LocalDate; at: string };

/**
 * Validates an event read from the outbox (or built by the visit service). A payload that does
 * not match its declaration is a producer bug: the consumer fails loudly (and the event lands in
 * the failed set) rather than awarding something half-understood.
 */
export function checkAwardSource(event: { type: string; payload: unknown }): CheckedSource {
  const p = event.payload;
  if (!isPlainObject(p)) throw new GamificationError('invalid-event', 'payload', `must be an object; got ${describeValue(p)}`);
  switch (event.type) {
    case 'lesson.completed':
      return { type: event.type, learnerId: learnerId(p), courseId: docId(p, 'courseId'), lessonId: docId(p, 'lessonId'), at: instant(p, 'completedAt') };
    case 'quiz.graded': {
      const score = finite(p, 'score');
      const maxScore = finite(p, 'maxScore');
      const passed = bool(p, 'passed');
      // Full marks: the grader's own numbers (points, exact decimals of millipoints), compared
      // exactly. A quiz worth 0 points has no perfect score.
      return { type: event.type, learnerId: learnerId(p), courseId: docId(p, 'courseId'), quizId: docId(p, 'quizId'), passed, perfect: passed && maxScore > 0 && score >= maxScore, at: instant(p, 'gradedAt') };
    }
    case 'assignment.graded':
      return { type: event.type, learnerId: learnerId(p), courseId: docId(p, 'courseId'), assignmentId: docId(p, 'assignmentId'), passed: bool(p, 'passed'), at: instant(p, 'gradedAt') };
    case 'course.completed':
      return { type: event.type, learnerId: learnerId(p), courseId: docId(p, 'courseId'), at: instant(p, 'completedAt') };
    case 'learner.visited': {
      const length = p.streakLength;
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 1) throw bad('streakLength', `must be a positive integer; got ${describeValue(length)}`);
      return { type: event.type, learnerId: learnerId(p), day: date(p, 'day'), streakLength: length, streakStartDay: date(p, 'streakStartDay'), at: instant(p, 'visitedAt') };
    }
    default:
      throw new GamificationError('unsupported-event', 'type', `${describeValue(event.type)} does not award points; expected one of ${AWARD_SOURCE_TYPES.join(', ')}`);
  }
}
