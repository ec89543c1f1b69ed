import type { LearnerAnalyticsResponse } from '@contracts/analytics';
import { createCmsHttp, type CmsHttpOptions } from './cms-http';
import { siteConfig } from './config';

/** The learner's own analytics (GET /api/lms-analytics/me): progress, completed lessons, quiz average. */
export function createAnalyticsClient(options: CmsHttpOptions) {
  const request = createCmsHttp(options);
  return {
    me(token: string) {
      return request<LearnerAnalyticsResponse>('GET', '/api/lms-analytics/me', { token });
    },
  };
}

export type AnalyticsClient = ReturnType<typeof createAnalyticsClient>;

let client: AnalyticsClient | undefined;

/** The client for this process, configured from the shared settings. */
export function analytics(): AnalyticsClient {
  client ??= createAnalyticsClient({ baseUrl: siteConfig().cmsUrl });
  return client;
}

/** `66.66%` from basis points (rounded down, as the server computes them). */
export const bpLabel = (bp: number | null) => (bp === null ? '—' : `${Math.trunc(bp / 100)}${bp % 100 === 0 ? '' : `.${String(bp % 100).padStart(2, '0')}`}%`);
