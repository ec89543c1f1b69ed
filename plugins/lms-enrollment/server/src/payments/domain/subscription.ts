/**
 * The learner's subscription as Stripe last reported it. Events carry `created` (when the fact
 * happened at Stripe); an event older than the one already applied is ignored, so the final
 * state is that of the newest fact whatever the delivery order. A canceled subscription is never
 * revived (Stripe cannot revive one either), which also settles events of the same second.
 */

/** Stripe.Subscription.Status */
export type SubscriptionStatus =
  | 'active'
  | 'trialing'
  | 'past_due'
  | 'unpaid'
  | 'paused'
  | 'incomplete'
  | 'incomplete_expired'
  | 'canceled'
  | (string & {});

const FINAL: ReadonlySet<string> = new Set(['canceled', 'incomplete_expired']);

export interface SubscriptionState {
  userId: number;
  customerId: string;
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  /** Stripe `created` (epoch seconds) of the last applied event. */
  lastEventCreated: number;
}

export interface SubscriptionFact {
  subscriptionId: string;
  customerId: string;
  /** From the subscription's metadata (lms_user); null when it is not one of ours. */
  userId: number | null;
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  eventCreated: number;
  /**
   * Whether the period end may move back. A subscription event states the period as it is; an
   * invoice only says a period was paid for, so it only ever extends it.
   */
  periodAuthoritative: boolean;
}

export type SubscriptionChange =
  | { kind: 'insert'; state: SubscriptionState }
  | { kind: 'update'; state: SubscriptionState }
  | { kind: 'ignore'; reason: string };

export function applySubscriptionFact(current: SubscriptionState | null, fact: SubscriptionFact): SubscriptionChange {
  if (!current) {
    if (fact.userId === null) return { kind: 'ignore', reason: `subscription ${fact.subscriptionId} carries no lms_user metadata; not started by this platform` };
    return {
      kind: 'insert',
      state: { userId: fact.userId, customerId: fact.customerId, status: fact.status, currentPeriodEnd: fact.currentPeriodEnd, lastEventCreated: fact.eventCreated },
    };
  }
  if (FINAL.has(current.status) && !FINAL.has(fact.status)) {
    return { kind: 'ignore', reason: `subscription ${fact.subscriptionId} is already ${current.status}; a "${fact.status}" report cannot revive it` };
  }
  if (fact.eventCreated < current.lastEventCreated) {
    return { kind: 'ignore', reason: `stale: event of ${fact.eventCreated} is older than the applied one of ${current.lastEventCreated}` };
  }
  const periodEnd =
    fact.currentPeriodEnd === null
      ? current.currentPeriodEnd
      : fact.periodAuthoritative || current.currentPeriodEnd === null || fact.currentPeriodEnd > current.currentPeriodEnd
        ? fact.currentPeriodEnd
        : current.currentPeriodEnd;
  return {
    kind: 'update',
    state: { ...current, status: fact.status, currentPeriodEnd: periodEnd, lastEventCreated: fact.eventCreated },
  };
}
