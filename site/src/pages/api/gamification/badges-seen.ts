import type { APIRoute } from 'astro';
import { jsonError, requireLearner } from '../../../lib/auth';
import { answerFromCms, forwardOutcome } from '../../../lib/api-forward';
import { gamification } from '../../../lib/gamification';

/** The toast was shown: the badges it announced are not new any more. CSRF-checked by the middleware. */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return jsonError(401, 'Log in first.');
  const body = (await context.request.json().catch(() => null)) as { badgeIds?: unknown } | null;
  const ids = Array.isArray(body?.badgeIds) ? body.badgeIds.filter((id): id is string => typeof id === 'string').slice(0, 100) : null;
  if (!ids) return jsonError(400, 'badgeIds: expected a list of badge ids');
  return answerFromCms(async () => forwardOutcome(await gamification().markBadgesSeen(auth.token, ids)));
};
