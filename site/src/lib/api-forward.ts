import { jsonResponse } from './auth';
import { CmsUnavailableError, type Outcome } from './cms-http';

/**
 * How the site's JSON endpoints for islands (quizzes, attempts, assignments) answer: the cms's
 * answer passed on as is (same status and body), its refusals with their `details` kept (the
 * island needs `code`, `field`, `attemptId` to act on them), and an unreachable cms as a 503
 * the island can put in words instead of Astro's HTML error page.
 */

export interface ApiErrorJson {
  data: null;
  error: { status: number; message: string; details?: Record<string, unknown> };
}

export function apiError(status: number, message: string, details?: Record<string, unknown>): Response {
  const body: ApiErrorJson = { data: null, error: { status, message, ...(details && Object.keys(details).length ? { details } : {}) } };
  return jsonResponse(status, body);
}

/** What the learner reads when the cms refuses with 401: the session cookie outlived the token. */
export const SESSION_ENDED = 'Your session has ended. Log in again; your saved answers are kept.';

export function forwardOutcome<T>(outcome: Outcome<T>): Response {
  if (outcome.ok) return jsonResponse(outcome.status, outcome.body);
  if (outcome.status === 401) return apiError(401, SESSION_ENDED);
  const details = outcome.details && typeof outcome.details === 'object' && !Array.isArray(outcome.details) ? (outcome.details as Record<string, unknown>) : undefined;
  if (outcome.status === 429) return apiError(429, 'Too many requests in a short time. Wait a few seconds; nothing was lost.', details);
  return apiError(outcome.status, outcome.message, details);
}

/** Runs a cms call; an unreachable cms becomes a 503 with words a learner can act on. */
export async function answerFromCms(call: () => Promise<Response>): Promise<Response> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CmsUnavailableError) {
      console.error(`site: ${error.message}`);
      return apiError(503, 'The course service is not answering right now. Try again in a moment; nothing on this page is lost.');
    }
    throw error;
  }
}
