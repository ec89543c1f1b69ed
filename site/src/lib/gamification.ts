import type { LeaderboardResponse, MeResponse } from '@contracts/gamification';
import { createCmsHttp, type CmsHttpOptions } from './cms-http';
import { siteConfig } from './config';

const GAMIFICATION = '/api/lms-gamification';

export type LeaderboardPeriod = 'all' | 'week' | 'month';
export const PERIODS: ReadonlyArray<{ id: LeaderboardPeriod; label: string }> = [
  { id: 'week', label: 'This week' },
  { id: 'month', label: 'This month' },
  { id: 'all', label: 'All time' },
];

/** The period a visitor asked for, or the week (what most boards show first). */
export function periodParam(raw: string | null): LeaderboardPeriod {
  return raw === 'all' || raw === 'month' || raw === 'week' ? raw : 'week';
}

/** Gamification calls of the site server; every one is the signed-in learner's own. */
export function createGamificationClient(options: CmsHttpOptions) {
  const request = createCmsHttp(options);
  return {
    /** Points, level, badges, streak. Calling it counts as the day's visit. */
    me(token: string) {
      return request<MeResponse>('GET', `${GAMIFICATION}/me`, { token });
    },

    leaderboard(token: string, query: { period: LeaderboardPeriod; courseId?: string | null; limit?: number }) {
      const params = new URLSearchParams({ scope: query.courseId ? `course:${query.courseId}` : 'global', period: query.period, limit: String(query.limit ?? 10) });
      return request<LeaderboardResponse>('GET', `${GAMIFICATION}/leaderboard?${params}`, { token });
    },

    markBadgesSeen(token: string, badgeIds: string[]) {
      return request<{ data: { updated: number } }>('POST', `${GAMIFICATION}/me/badges/seen`, { token, body: { badgeIds } });
    },
  };
}

export type GamificationClient = ReturnType<typeof createGamificationClient>;

let client: GamificationClient | undefined;

/** The client for this process, configured from the shared settings. */
export function gamification(): GamificationClient {
  client ??= createGamificationClient({ baseUrl: siteConfig().cmsUrl });
  return client;
}
