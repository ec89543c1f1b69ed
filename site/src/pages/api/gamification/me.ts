import type { APIRoute } from 'astro';
import { jsonError, requireLearner } from '../../../lib/auth';
import { answerFromCms, forwardOutcome } from '../../../lib/api-forward';
import { gamification } from '../../../lib/gamification';

/** The header island's points, level and new badges (the learner's own; counts as a visit). */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return jsonError(401, 'Log in to see your points.');
  return answerFromCms(async () => forwardOutcome(await gamification().me(auth.token)));
};
