import { z } from 'zod';
import { isMoney, money, type Money } from '@lms/plugin-lms-core/server';

/**
 * The payloads of the events lms-notifications reacts to, checked where they cross the boundary.
 * Other plugins own their event declarations (and some, payouts and live sessions, are not
 * written yet), so nothing is imported from them: each payload is parsed here and a payload of
 * another shape fails with the field named, instead of mailing wrong facts.
 */

const id = z.number().int().positive();
const documentId = z.string().min(1).max(64);
/** lms-payouts' payout ids are strings (a number is read as one). */
const payoutId = z.union([z.string().min(1).max(64), id]).transform(String);
const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 date-time');
const moneyShape = z.unknown().refine(isMoney, 'expected { amount: integer minor units, currency: ISO 4217 code }').transform((m) => money(m.amount, m.currency) as Money);

export const payloadSchemas = {
  /** Emitted by lms-notifications itself when users-permissions creates an account. */
  'user.registered': z.object({ userId: id, registeredAt: instant }),
  'enrollment.granted': z.object({ learnerId: id, courseId: documentId, enrollmentId: id, reactivated: z.boolean().default(false) }),
  'payment.succeeded': z.object({
    paymentId: id,
    learnerId: id,
    courseId: documentId,
    gross: moneyShape,
    tax: moneyShape,
    providerReference: z.string().min(1).max(255),
    paidAt: instant,
  }),
  'assignment.graded': z.object({
    learnerId: id,
    courseId: documentId,
    assignmentId: documentId,
    submissionId: id,
    scoreMillipoints: z.number().int().nonnegative(),
    maxMillipoints: z.number().int().nonnegative(),
    passed: z.boolean(),
    gradedAt: instant,
  }),
  'certificate.issued': z.object({ certificateId: id, learnerId: id, courseId: documentId, verificationCode: z.string().min(1).max(64), issuedAt: instant }),
  /** Expected from the live-sessions work: one event per learner to remind. */
  'live-session.reminder': z.object({
    sessionId: z.union([id, documentId]),
    learnerId: id,
    courseId: documentId,
    title: z.string().min(1).max(300),
    startsAt: instant,
    timeZone: z.string().min(1).max(64).nullish(),
    joinUrl: z.string().max(2000).nullish(),
  }),
  /** Expected from lms-payouts: the instructor (documentId) whose payout changed. */
  'payout.approved': z.object({ payoutId, instructorId: documentId, amount: moneyShape, reference: z.string().max(255).nullish(), reason: z.string().max(2000).nullish() }),
  'payout.paid': z.object({ payoutId, instructorId: documentId, amount: moneyShape, reference: z.string().max(255).nullish(), reason: z.string().max(2000).nullish() }),
  'payout.rejected': z.object({ payoutId, instructorId: documentId, amount: moneyShape, reference: z.string().max(255).nullish(), reason: z.string().max(2000).nullish() }),
} as const;

export type WatchedEventType = keyof typeof payloadSchemas;
export type WatchedPayload<T extends WatchedEventType> = z.output<(typeof payloadSchemas)[T]>;
export const WATCHED_EVENT_TYPES = Object.keys(payloadSchemas) as WatchedEventType[];

export class PayloadError extends Error {
  constructor(
    readonly eventType: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${eventType} payload.${field}: ${problem}`);
    this.name = 'PayloadError';
  }
}

export function parsePayload<T extends WatchedEventType>(type: T, payload: unknown): WatchedPayload<T> {
  const result = payloadSchemas[type].safeParse(payload);
  if (result.success) return result.data as WatchedPayload<T>;
  const issue = result.error.issues[0];
  throw new PayloadError(type, issue?.path.join('.') || '(root)', issue?.message ?? 'invalid value');
}
