import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../../lib/api-forward';
import { requireLearner } from '../../../../lib/auth';
import { grading, parseAttemptId } from '../../../../lib/grading';

/** Submits an attempt; a second submit answers the graded attempt with `meta.submittedNow: false`. */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to submit this attempt.');
  const id = parseAttemptId(context.params.attempt);
  if (id === null) return apiError(404, 'There is no such attempt.');
  return answerFromCms(async () => forwardOutcome(await grading().submitAttempt(auth.token, id)));
};
