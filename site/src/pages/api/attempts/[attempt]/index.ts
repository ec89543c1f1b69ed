import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../../lib/api-forward';
import { requireLearner } from '../../../../lib/auth';
import { grading, parseAttemptId } from '../../../../lib/grading';

/** One of my attempts: the paper, my saved answers, the time left, and the review once submitted. */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to see this attempt.');
  const id = parseAttemptId(context.params.attempt);
  if (id === null) return apiError(404, 'There is no such attempt.');
  return answerFromCms(async () => forwardOutcome(await grading().attempt(auth.token, id)));
};
