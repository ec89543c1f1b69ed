import type { CourseRef } from '../contracts';
import type { EndedEnrollmentStatus, EnrollmentStatus, PricingModel } from './types';

export const ENDED_STATUSES: readonly EndedEnrollmentStatus[] = ['refunded', 'revoked', 'expired'];

/** Active and completed enrollments open the course; ended ones do not. */
export function grantsAccess(status: EnrollmentStatus): boolean {
  return status === 'active' || status === 'completed';
}

export function isEnded(status: EnrollmentStatus): status is EndedEnrollmentStatus {
  return (ENDED_STATUSES as readonly string[]).includes(status);
}

/** The status an ended enrollment returns to when it is granted again. */
export function reactivatedStatus(allLessonsComplete: boolean): Extract<EnrollmentStatus, 'active' | 'completed'> {
  return allLessonsComplete ? 'completed' : 'active';
}

/** Stripe subscription statuses that give access (with a period end in the future or none). */
export const ACTIVE_SUBSCRIPTION_STATUSES = ['active', 'trialing'] as const;

export function isSubscriptionActive(row: { status: string; currentPeriodEnd: Date | null }, now: Date): boolean {
  return (
    (ACTIVE_SUBSCRIPTION_STATUSES as readonly string[]).includes(row.status) &&
    (row.currentPeriodEnd === null || row.currentPeriodEnd.getTime() > now.getTime())
  );
}

export type SelfEnrollmentDecision =
  /** Already enrolled (active or completed): nothing changes. */
  | { kind: 'already-enrolled' }
  /** Enroll now (or re-open an ended enrollment) with this source. */
  | { kind: 'grant'; source: 'free' | 'subscription' }
  /** The course is sold (or needs a subscription): go through checkout. */
  | { kind: 'payment-required'; pricingModel: Exclude<PricingModel, 'free'> }
  | { kind: 'prerequisites-missing'; missing: CourseRef[] }
  /** An admin revoked access; the learner cannot undo that by enrolling again. */
  | { kind: 'revoked'; reason: string | null };

/**
 * What happens when a learner asks to enroll themselves. Prerequisites come before payment: no
 * one should be sent to pay for a course they may not take yet.
 */
export function decideSelfEnrollment(input: {
  pricingModel: PricingModel;
  prerequisites: readonly CourseRef[];
  existing: { status: EnrollmentStatus; reason: string | null } | null;
  /** documentIds of courses this learner has completed. */
  completedCourses: ReadonlySet<string>;
  hasActiveSubscription: boolean;
}): SelfEnrollmentDecision {
  const { existing } = input;
  if (existing && grantsAccess(existing.status)) return { kind: 'already-enrolled' };
  if (existing?.status === 'revoked') return { kind: 'revoked', reason: existing.reason };
  const missing = input.prerequisites.filter((p) => !input.completedCourses.has(p.documentId));
  if (missing.length > 0) return { kind: 'prerequisites-missing', missing };
  if (input.pricingModel === 'free') return { kind: 'grant', source: 'free' };
  if (input.pricingModel === 'subscription' && input.hasActiveSubscription) return { kind: 'grant', source: 'subscription' };
  return { kind: 'payment-required', pricingModel: input.pricingModel };
}

/** `"A", "B" and "C"` for messages. */
export function quotedList(titles: readonly string[]): string {
  const quoted = titles.map((t) => `"${t}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
