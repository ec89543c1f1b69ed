import { z } from 'zod';
import { AnalyticsError } from './errors';

/**
 * The domain events the summaries are built from, checked at the boundary: the payloads are
 * declared by their producers (lms-core, lms-enrollment, lms-grading), whose type declarations
 * this plugin does not import. A payload that does not match is a producer bug: the consumer
 * fails with the field named and the event lands in lms-core's failed set.
 */
const learnerId = z.number().int().positive();
const docId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a documentId (1–64 letters, digits, _ or -)');
const instant = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO 8601 instant')
  .transform((s) => new Date(Date.parse(s)).toISOString());
const points = z.number().finite().min(0);

const schemas = {
  'enrollment.granted': z.object({ learnerId, courseId: docId, enrollmentId: z.number().int().positive(), reactivated: z.boolean(), grantedAt: instant }),
  'enrollment.ended': z.object({ learnerId, courseId: docId, enrollmentId: z.number().int().positive(), status: z.string().min(1), endedAt: instant }),
  'lesson.completed': z.object({ learnerId, courseId: docId, lessonId: docId, completedAt: instant }),
  'course.completed': z.object({ learnerId, courseId: docId, completedAt: instant }),
  'quiz.graded': z.object({ learnerId, courseId: docId, quizId: docId, attemptId: z.number().int().positive(), score: points, maxScore: points, passed: z.boolean(), gradedAt: instant }),
  'assignment.submitted': z.object({ learnerId, courseId: docId, assignmentId: docId, submissionId: z.number().int().positive(), submittedAt: instant }),
  'assignment.graded': z.object({ learnerId, courseId: docId, assignmentId: docId, submissionId: z.number().int().positive(), gradedAt: instant }),
  'assignment.returned': z.object({ learnerId, courseId: docId, assignmentId: docId, submissionId: z.number().int().positive(), returnedAt: instant }),
} as const;

export type AnalyticsEventType = keyof typeof schemas;
export const ANALYTICS_EVENT_TYPES = Object.keys(schemas) as AnalyticsEventType[];

/** A checked event: its type and its payload with instants normalised to ISO UTC. */
export type AnalyticsFact = { [K in AnalyticsEventType]: { type: K; payload: z.infer<(typeof schemas)[K]> } }[AnalyticsEventType];

export function checkAnalyticsEvent(event: { type: string; payload: unknown }): AnalyticsFact {
  if (!(event.type in schemas)) {
    throw new AnalyticsError('unsupported-event', 'type', `${JSON.stringify(event.type)} is not summarised; expected one of ${ANALYTICS_EVENT_TYPES.join(', ')}`);
  }
  const type = event.type as AnalyticsEventType;
  const parsed = schemas[type].safeParse(event.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? `payload.${issue.path.join('.')}` : 'payload';
    throw new AnalyticsError('invalid-event', path, issue?.message ?? 'does not match its declaration');
  }
  return { type, payload: parsed.data } as AnalyticsFact;
}
