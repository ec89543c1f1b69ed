import { describe, expect, it } from 'vitest';
import { evaluateAnalyticsTargets } from './report';

const http = (p95: number, failed = 0) => ({ p50: p95 / 2, p95, p99: p95, max: p95, mean: p95 / 2, count: 100, failed });

describe('evaluateAnalyticsTargets', () => {
  it('passes a dashboard at or under 300 ms p95 and fails one over it, with the ratio', () => {
    const checks = evaluateAnalyticsTargets({
      learners: 100_000,
      progressRows: 1_000_000,
      dashboards: [
        { route: 'GET /lms-analytics/instructor', http: http(120) },
        { route: 'GET /lms-analytics/platform', http: http(301) },
      ],
      outcome: { enrollments: 10, summarisedEnrollments: 10, completedLessons: 5, summarisedLessons: 5 },
    });
    expect(checks.map((c) => c.pass)).toEqual([true, false, true]);
    expect(checks[0]?.figure).toBe('120.0 ms / 300 ms = 0.40×');
    expect(checks[0]?.note).toMatch(/^100000 learners, 1000000 lesson-progress rows/);
  });

  it('says when the run was smaller than the target size, and fails on failed requests or missing rows', () => {
    const checks = evaluateAnalyticsTargets({
      learners: 5_000,
      progressRows: 50_000,
      dashboards: [{ route: 'GET /lms-analytics/platform', http: http(10, 1) }],
      outcome: { enrollments: 10, summarisedEnrollments: 9, completedLessons: 5, summarisedLessons: 5 },
    });
    expect(checks.map((c) => c.pass)).toEqual([false, false]);
    expect(checks[0]?.note).toMatch(/run without --short/);
  });
});
