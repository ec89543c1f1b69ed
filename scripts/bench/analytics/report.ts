/** The analytics benchmark's figures against issue 8's target (pure). */
import type { Check } from '../learner/report';
import { fmt, type LatencySummary } from '../lib/stats';

export const ANALYTICS_TARGETS = { learners: 100_000, progressRows: 1_000_000, dashboardP95Ms: 300 } as const;

export interface DashboardFigures {
  route: string;
  http: LatencySummary & { count: number; failed: number };
}

export interface AnalyticsFigures {
  learners: number;
  progressRows: number;
  dashboards: DashboardFigures[];
  /** The summaries against the source tables after the rebuild (SQL). */
  outcome: { enrollments: number; summarisedEnrollments: number; completedLessons: number; summarisedLessons: number };
}

export function evaluateAnalyticsTargets(f: AnalyticsFigures): Check[] {
  const atSize = f.learners >= ANALYTICS_TARGETS.learners && f.progressRows >= ANALYTICS_TARGETS.progressRows;
  const sizeNote = atSize
    ? `${f.learners} learners, ${f.progressRows} lesson-progress rows`
    : `only ${f.learners} learners and ${f.progressRows} lesson-progress rows (target size ${ANALYTICS_TARGETS.learners} / ${ANALYTICS_TARGETS.progressRows}: run without --short)`;
  return [
    ...f.dashboards.map((d) => ({
      name: `${d.route} p95 ≤ ${ANALYTICS_TARGETS.dashboardP95Ms} ms`,
      route: d.route,
      pass: d.http.count > 0 && d.http.failed === 0 && d.http.p95 <= ANALYTICS_TARGETS.dashboardP95Ms,
      figure: `${fmt(d.http.p95, 1)} ms / ${ANALYTICS_TARGETS.dashboardP95Ms} ms = ${fmt(d.http.p95 / ANALYTICS_TARGETS.dashboardP95Ms, 2)}×`,
      note: `${sizeNote}; ${d.http.failed} failed of ${d.http.count}`,
    })),
    {
      name: 'the summaries hold every enrollment and every completed lesson of the source tables',
      pass: f.outcome.enrollments === f.outcome.summarisedEnrollments && f.outcome.completedLessons === f.outcome.summarisedLessons,
      figure: `${f.outcome.summarisedEnrollments}/${f.outcome.enrollments} enrollments, ${f.outcome.summarisedLessons}/${f.outcome.completedLessons} completed lessons`,
    },
  ];
}
