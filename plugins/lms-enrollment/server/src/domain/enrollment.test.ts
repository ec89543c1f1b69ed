import { describe, expect, it } from 'vitest';
import { decideSelfEnrollment, grantsAccess, isEnded, isSubscriptionActive, quotedList, reactivatedStatus } from './enrollment';

const intro = { documentId: 'intro', slug: 'intro', title: 'Intro' };
const basics = { documentId: 'basics', slug: 'basics', title: 'Basics' };

const decide = (over: Partial<Parameters<typeof decideSelfEnrollment>[0]> = {}) =>
  decideSelfEnrollment({ pricingModel: 'free', prerequisites: [], existing: null, completedCourses: new Set(), hasActiveSubscription: false, ...over });

describe('self-enrollment', () => {
  it('enrolls in a free course at once', () => {
    expect(decide()).toEqual({ kind: 'grant', source: 'free' });
  });

  it('sends a one-time course to checkout, even with a subscription', () => {
    expect(decide({ pricingModel: 'one_time', hasActiveSubscription: true })).toEqual({ kind: 'payment-required', pricingModel: 'one_time' });
  });

  it('enrolls a subscriber in a subscription course, and sends others to checkout', () => {
    expect(decide({ pricingModel: 'subscription', hasActiveSubscription: true })).toEqual({ kind: 'grant', source: 'subscription' });
    expect(decide({ pricingModel: 'subscription' })).toEqual({ kind: 'payment-required', pricingModel: 'subscription' });
  });

  it('names the prerequisite courses not completed, before asking for payment', () => {
    expect(decide({ pricingModel: 'one_time', prerequisites: [intro, basics], completedCourses: new Set(['intro']) })).toEqual({
      kind: 'prerequisites-missing',
      missing: [basics],
    });
    expect(decide({ prerequisites: [intro], completedCourses: new Set(['intro']) })).toEqual({ kind: 'grant', source: 'free' });
  });

  it('leaves an active or completed enrollment alone, whatever else holds', () => {
    for (const status of ['active', 'completed'] as const) {
      expect(decide({ pricingModel: 'one_time', prerequisites: [intro], existing: { status, reason: null } })).toEqual({ kind: 'already-enrolled' });
    }
  });

  it('does not let a learner undo a revocation, but re-opens refunded or expired free enrollments', () => {
    expect(decide({ existing: { status: 'revoked', reason: 'abuse' } })).toEqual({ kind: 'revoked', reason: 'abuse' });
    expect(decide({ existing: { status: 'refunded', reason: null } })).toEqual({ kind: 'grant', source: 'free' });
    expect(decide({ pricingModel: 'one_time', existing: { status: 'refunded', reason: null } })).toEqual({ kind: 'payment-required', pricingModel: 'one_time' });
    expect(decide({ pricingModel: 'subscription', hasActiveSubscription: true, existing: { status: 'expired', reason: null } })).toEqual({
      kind: 'grant',
      source: 'subscription',
    });
  });
});

describe('statuses', () => {
  it('gives access only while active or completed', () => {
    expect(['active', 'completed', 'refunded', 'revoked', 'expired'].filter((s) => grantsAccess(s as never))).toEqual(['active', 'completed']);
    expect(['active', 'completed', 'refunded', 'revoked', 'expired'].filter((s) => isEnded(s as never))).toEqual(['refunded', 'revoked', 'expired']);
  });

  it('re-opens to completed only when every lesson was complete', () => {
    expect(reactivatedStatus(true)).toBe('completed');
    expect(reactivatedStatus(false)).toBe('active');
  });
});

describe('subscriptions', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('count when active or trialing and the period has not ended', () => {
    expect(isSubscriptionActive({ status: 'active', currentPeriodEnd: null }, now)).toBe(true);
    expect(isSubscriptionActive({ status: 'trialing', currentPeriodEnd: new Date('2026-03-02T00:00:00Z') }, now)).toBe(true);
    expect(isSubscriptionActive({ status: 'active', currentPeriodEnd: new Date('2026-03-01T12:00:00Z') }, now)).toBe(false);
    for (const status of ['past_due', 'canceled', 'unpaid', 'incomplete', 'incomplete_expired', 'paused']) {
      expect(isSubscriptionActive({ status, currentPeriodEnd: null }, now), status).toBe(false);
    }
  });
});

describe('quotedList', () => {
  it('reads naturally', () => {
    expect(quotedList([])).toBe('');
    expect(quotedList(['A'])).toBe('"A"');
    expect(quotedList(['A', 'B'])).toBe('"A" and "B"');
    expect(quotedList(['A', 'B', 'C'])).toBe('"A", "B" and "C"');
  });
});
