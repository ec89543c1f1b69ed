import { describe, expect, it } from 'vitest';
import type { PacedResult } from '../lib/paced';
import { describeSlowSpan, evaluateTargets, ratioText, slowSpan, summarizeRoute, type RouteRow } from './report';

const result = (tag: string, latencyMs: number, status = 200, plannedAt = 0): PacedResult => ({ tag, status, latencyMs, lagMs: 1, plannedAt, bytes: 100 });
const row = (key: string, latencies: number[], seconds = 10, failed = 0): RouteRow => ({
  ...summarizeRoute(key, key, [...latencies.map((l) => result(key, l)), ...Array.from({ length: failed }, () => result(key, 5, 500))], seconds),
});

describe('summarizeRoute', () => {
  it('counts answers and takes percentiles over the 2xx ones only', () => {
    const r = summarizeRoute('outline', 'outline', [result('outline', 10), result('outline', 30), result('outline', 20), result('outline', 999, 503), { ...result('outline', 0, 0), error: 'ECONNRESET' }], 2);
    expect(r).toMatchObject({ sent: 5, ok: 3, non2xx: 1, errors: 1, okPerSecond: 1.5 });
    expect(r.latency.p95).toBe(30);
    expect(r.latency.max).toBe(30);
  });
});

describe('ratioText', () => {
  it('prints figure / target = ratio', () => {
    expect(ratioText(83, 200, 'ms')).toBe('83 ms / 200 ms = 0.41×');
    expect(ratioText(250, 200, 'ms')).toBe('250 ms / 200 ms = 1.25×');
  });
});

describe('evaluateTargets', () => {
  const fast = Array.from({ length: 167 }, (_, i) => 20 + (i % 50));
  const hook = { ok: 600, deliveries: 600 };
  const outcome = { events: 480, deliveries: hook.deliveries, answeredNew: 480, answeredDuplicate: 120, storedRows: 480, outboxEvents: 480 };

  it('passes a fast, error-free run that held the rate, with the ratio to the baseline', () => {
    const reads = row('reads', fast);
    const checks = evaluateTargets({
      reads,
      readRoutes: [row('outline', fast)],
      baseline: row('users-me', fast.map((l) => l / 2)),
      plannedPerSecond: 16.7,
      webhook: { all: row('webhook', Array.from({ length: 600 }, () => 15), 30), outcome },
    });
    expect(checks.every((c) => c.pass)).toBe(true);
    expect(checks[0]?.figure).toBe(`${reads.latency.p95} ms / 200 ms = ${(reads.latency.p95 / 200).toFixed(2)}×`);
    expect(checks[0]?.note).toMatch(/^2\.0\d× the baseline's p95/);
    const webhookCheck = checks.find((c) => c.route === 'webhook');
    expect(webhookCheck?.figure).toBe('15 ms / 100 ms = 0.15×');
    expect(webhookCheck?.note).toMatch(/^0\.\d\d× the baseline's p99 \(\d+ ms\)$/);
  });

  it('fails a slow p95, a dropped rate, errors and a webhook event stored twice', () => {
    const slow = row('reads', Array.from({ length: 50 }, () => 450), 10, 2);
    const checks = evaluateTargets({
      reads: slow,
      readRoutes: [],
      plannedPerSecond: 16.7,
      webhook: { all: row('webhook', Array.from({ length: 600 }, () => 150), 30), outcome: { ...outcome, storedRows: 481 } },
    });
    expect(checks.map((c) => c.pass)).toEqual([false, false, false, false, false]);
    expect(checks[0]?.note).toBe('no baseline measured');
  });
});

describe('slowSpan', () => {
  it('counts the slow and failed requests and when the first and last of them were planned', () => {
    const at = Date.UTC(2026, 0, 1, 10, 0, 0);
    const span = slowSpan([result('a', 50, 200, at), result('a', 900, 200, at + 1000), result('a', 5, 0, at + 2500), result('a', 40, 200, at + 9000)], 200);
    expect(span).toEqual({ thresholdMs: 200, count: 2, firstAt: at + 1000, lastAt: at + 2500 });
    expect(describeSlowSpan(span)).toBe('2 over 200 ms, planned 10:00:01.0–10:00:02.5 UTC (1.5 s)');
    expect(describeSlowSpan(slowSpan([result('a', 50, 200, at)], 200))).toBe('none over 200 ms');
  });
});
