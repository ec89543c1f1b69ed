import { describe, expect, it } from 'vitest';
import { applySubscriptionFact, type SubscriptionFact, type SubscriptionState } from './subscription';

const fact = (status: string, eventCreated: number, periodEnd: number | null = 2_000, periodAuthoritative = true): SubscriptionFact => ({
  subscriptionId: 'sub_1',
  customerId: 'cus_1',
  userId: 7,
  status,
  currentPeriodEnd: periodEnd === null ? null : new Date(periodEnd * 1000),
  eventCreated,
  periodAuthoritative,
});

function fold(facts: SubscriptionFact[]): SubscriptionState | null {
  let state: SubscriptionState | null = null;
  for (const f of facts) {
    const change = applySubscriptionFact(state, f);
    if (change.kind !== 'ignore') state = change.state;
  }
  return state;
}

describe('applySubscriptionFact', () => {
  it('keeps the newest fact whatever the delivery order', () => {
    const updated = fact('past_due', 100);
    const deleted = fact('canceled', 200);
    expect(fold([updated, deleted])?.status).toBe('canceled');
    expect(fold([deleted, updated])?.status).toBe('canceled');
    expect(fold([fact('active', 300), fact('past_due', 100)])?.status).toBe('active');
  });

  it('never revives a canceled subscription, even from an event of the same second', () => {
    expect(fold([fact('canceled', 100), fact('active', 100)])?.status).toBe('canceled');
    expect(applySubscriptionFact(fold([fact('canceled', 100)]), fact('active', 500))).toMatchObject({ kind: 'ignore' });
  });

  it('an invoice only extends the period; a subscription event states it', () => {
    const state = fold([fact('active', 100, 5_000), fact('active', 200, 4_000, false)]);
    expect(state?.currentPeriodEnd?.getTime()).toBe(5_000_000);
    expect(fold([fact('active', 100, 5_000), fact('active', 200, 4_000, true)])?.currentPeriodEnd?.getTime()).toBe(4_000_000);
    expect(fold([fact('active', 100, 5_000), fact('active', 200, null, false)])?.currentPeriodEnd?.getTime()).toBe(5_000_000);
  });

  it('ignores subscriptions that were not started here (no lms_user)', () => {
    expect(applySubscriptionFact(null, { ...fact('active', 1), userId: null })).toMatchObject({ kind: 'ignore' });
  });
});
