import type { APIRoute } from 'astro';
import { answerFromCms, forwardOutcome, apiError } from '../../../lib/api-forward';
import { requireLearner } from '../../../lib/auth';
import { notifications, parseLimit } from '../../../lib/notifications';

/** The bell's data: the newest notifications and the unread count (GET /api/lms-notifications/me). */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to see your notifications.');
  const limit = parseLimit(context.url.searchParams.get('limit'));
  return answerFromCms(async () => forwardOutcome(await notifications().mine(auth.token, limit)));
};
