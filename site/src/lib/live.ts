import type { JoinResponse, LearnerSessionResponse, LearnerSessionsResponse, TimeZonePreferenceResponse } from '../../../plugins/lms-live/server/src/contracts';
import { createCmsHttp, CmsUnavailableError, type CmsHttpOptions } from './cms-http';
import { siteConfig } from './config';

const LIVE = '/api/lms-live';

export type { JoinResponse, LearnerSessionView, LearnerSessionsResponse } from '../../../plugins/lms-live/server/src/contracts';

/** A session id from a route parameter ("12"), or null. */
export function parseSessionId(raw: string | undefined | null): number | null {
  return raw && /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

/** The seat form's choice. */
export function parseSeatAction(raw: unknown): 'reserve' | 'cancel' | null {
  return raw === 'reserve' || raw === 'cancel' ? raw : null;
}

/** Seats left in words: "3 of 10 seats left", "Full". */
export function seatsLabel(left: number, capacity: number): string {
  return left <= 0 ? 'Full' : `${left} of ${capacity} ${capacity === 1 ? 'seat' : 'seats'} left`;
}

/** The site server's calls to lms-live's learner routes, with the learner's token. */
export function createLiveClient(options: CmsHttpOptions) {
  const request = createCmsHttp(options);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return {
    courseSessions(token: string, courseDocumentId: string) {
      return request<LearnerSessionsResponse>('GET', `${LIVE}/courses/${encodeURIComponent(courseDocumentId)}/sessions`, { token });
    },
    mySessions(token: string) {
      return request<LearnerSessionsResponse>('GET', `${LIVE}/me/sessions`, { token });
    },
    reserve(token: string, id: number) {
      return request<LearnerSessionResponse>('POST', `${LIVE}/sessions/${id}/seat`, { token, body: {} });
    },
    cancel(token: string, id: number) {
      return request<LearnerSessionResponse>('DELETE', `${LIVE}/sessions/${id}/seat`, { token });
    },
    session(token: string, id: number) {
      return request<LearnerSessionResponse>('GET', `${LIVE}/sessions/${id}`, { token });
    },
    join(token: string, id: number) {
      return request<JoinResponse>('POST', `${LIVE}/sessions/${id}/join`, { token, body: {} });
    },
    setTimeZone(token: string, timeZone: string | null) {
      return request<TimeZonePreferenceResponse>('PUT', `${LIVE}/me/time-zone`, { token, body: { timeZone } });
    },
    /** The .ics file as the cms writes it (not JSON): status and text. */
    async calendar(token: string, id: number): Promise<{ status: number; body: string; filename: string | null }> {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}${LIVE}/sessions/${id}/ics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(8000) });
      } catch (error) {
        throw new CmsUnavailableError(`cms at ${baseUrl} did not answer GET ${LIVE}/sessions/${id}/ics: ${String(error)}`, { cause: error });
      }
      if (res.status >= 500) throw new CmsUnavailableError(`cms answered GET ${LIVE}/sessions/${id}/ics with ${res.status}`);
      const disposition = res.headers.get('content-disposition') ?? '';
      return { status: res.status, body: await res.text(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
    },
  };
}

export type LiveClient = ReturnType<typeof createLiveClient>;

let client: LiveClient | undefined;
export function live(): LiveClient {
  client ??= createLiveClient({ baseUrl: siteConfig().cmsUrl, internalSecret: siteConfig().internalSecret });
  return client;
}

/** IANA zones for the "show times in" picker (the runtime's list). */
export function timeZoneChoices(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}
