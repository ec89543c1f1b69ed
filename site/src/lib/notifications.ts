import type { MarkReadRequest, MarkReadResponse, MyNotificationsResponse, PreferencesResponse } from '../../../plugins/lms-notifications/server/src/contracts';
import { createCmsHttp, type CmsHttpOptions } from './cms-http';
import { siteConfig } from './config';

const NOTIFICATIONS = '/api/lms-notifications';

export type { MarkReadResponse, MyNotificationsResponse, NotificationView, PreferencesResponse } from '../../../plugins/lms-notifications/server/src/contracts';

/** A list size the site asks for: 1–50, default 10. */
export function parseLimit(value: string | null | undefined): number {
  if (!value || !/^\d{1,2}$/.test(value)) return 10;
  return Math.min(50, Math.max(1, Number(value)));
}

/**
 * What the read form or an island asked to mark: `ids` (comma-separated or repeated) or "all".
 * Null when it names nothing usable.
 */
export function parseMarkRead(input: { ids?: unknown; all?: unknown }): MarkReadRequest | null {
  if (input.all === true || input.all === 'true' || input.all === '1') return { all: true };
  const raw = Array.isArray(input.ids) ? input.ids : typeof input.ids === 'string' ? input.ids.split(',') : typeof input.ids === 'number' ? [input.ids] : [];
  const ids = raw.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : NaN));
  if (ids.length === 0 || ids.length > 200 || ids.some((id) => !Number.isSafeInteger(id) || id < 1)) return null;
  return { ids };
}

/** The site server's calls to lms-notifications' learner routes, with the learner's token from the session cookie. */
export function createNotificationsClient(options: CmsHttpOptions) {
  const request = createCmsHttp(options);
  return {
    mine(token: string, limit = 10) {
      return request<MyNotificationsResponse>('GET', `${NOTIFICATIONS}/me?limit=${parseLimit(String(limit))}`, { token });
    },
    markRead(token: string, body: MarkReadRequest) {
      return request<MarkReadResponse>('POST', `${NOTIFICATIONS}/me/read`, { token, body });
    },
    preferences(token: string) {
      return request<PreferencesResponse>('GET', `${NOTIFICATIONS}/me/preferences`, { token });
    },
    setPreferences(token: string, emailNonEssential: boolean) {
      return request<PreferencesResponse>('PUT', `${NOTIFICATIONS}/me/preferences`, { token, body: { emailNonEssential } });
    },
  };
}

export type NotificationsClient = ReturnType<typeof createNotificationsClient>;

let client: NotificationsClient | undefined;
export function notifications(): NotificationsClient {
  client ??= createNotificationsClient({ baseUrl: siteConfig().cmsUrl, internalSecret: siteConfig().internalSecret });
  return client;
}
