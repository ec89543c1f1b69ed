import { describe, expect, it } from 'vitest';
import { assertName, assertRetryPolicy, backoffDelay, batchJobId, DEFAULT_RETRY_POLICY, deliveryJobId, splitBatch, describeError, isFinalAttempt, namedJobKey, totalBackoff } from './jobs';

describe('backoff', () => {
  const policy = { attempts: 5, backoffMs: 1000, maxBackoffMs: 5000 };

  it('doubles after each failure, capped', () => {
    expect([0, 1, 2, 3, 4, 5, 60].map((n) => backoffDelay(n, policy))).toEqual([0, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('knows the last attempt and the worst-case wait', () => {
    expect(isFinalAttempt(4, policy)).toBe(false);
    expect(isFinalAttempt(5, policy)).toBe(true);
    expect(totalBackoff(policy)).toBe(1000 + 2000 + 4000 + 5000);
    expect(totalBackoff({ ...policy, attempts: 1 })).toBe(0);
  });

  it('validates a policy with messages that name the setting', () => {
    expect(assertRetryPolicy(DEFAULT_RETRY_POLICY)).toBe(DEFAULT_RETRY_POLICY);
    expect(() => assertRetryPolicy({ ...policy, attempts: 0 })).toThrow(/retry.attempts must be an integer from 1 to 100/);
    expect(() => assertRetryPolicy({ ...policy, backoffMs: -1 })).toThrow(/retry.backoffMs/);
    expect(() => assertRetryPolicy({ ...policy, maxBackoffMs: 10 })).toThrow(/retry.maxBackoffMs/);
  });
});

describe('names and ids', () => {
  it('accepts short lower-case names', () => {
    expect(() => assertName('consumer', 'certificates')).not.toThrow();
    expect(() => assertName('consumer', 'lti-grade-passback')).not.toThrow();
    expect(() => assertName('consumer', 'Certificates')).toThrow(/use lower-case letters, digits and "-"/);
    expect(() => assertName('job', 'a:b')).toThrow(/job name "a:b" is not valid/);
    expect(() => assertName('job', 'x'.repeat(64))).toThrow();
  });

  it('builds deterministic job ids without ":" (BullMQ forbids it)', () => {
    const id = deliveryJobId('2b1c0a7e-6f5d-4c3b-9a8e-7d6c5b4a3f21', 'certificates');
    expect(id).toBe('evt.2b1c0a7e-6f5d-4c3b-9a8e-7d6c5b4a3f21.certificates');
    expect(id).not.toContain(':');
    expect(namedJobKey('rebuild-leaderboards', 'daily-2026-03-01')).toBe('job.rebuild-leaderboards.daily-2026-03-01');
    expect(() => namedJobKey('x', 'a:b')).toThrow(/may only hold letters/);
  });

  it('names a batch by its first and last event and count, and splits it into the single deliveries', () => {
    const event = (id: string) => ({ id, type: 'course.completed', version: 1, occurredAt: '2026-03-01T10:00:00.000Z', actor: null, payload: {} }) as never;
    const events = [event('a1'), event('b2'), event('c3')];
    expect(batchJobId(events, 'gamification-awards')).toBe('batch.a1.c3.3.gamification-awards');
    expect(batchJobId(events, 'x')).not.toContain(':');
    expect(() => batchJobId([], 'x')).toThrow(/at least one event/);
    const singles = splitBatch({ kind: 'batch', key: 'batch.a1.c3.3.x', consumer: 'x', events });
    expect(singles.map((s) => s.key)).toEqual(['evt.a1.x', 'evt.b2.x', 'evt.c3.x']);
    expect(singles.every((s) => s.kind === 'event' && s.consumer === 'x')).toBe(true);
  });

  it('describes errors on one line', () => {
    expect(describeError(new TypeError('boom'))).toBe('TypeError: boom');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('text')).toBe('text');
  });
});
