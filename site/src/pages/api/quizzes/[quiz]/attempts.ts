import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../../lib/api-forward';
import { requireLearner } from '../../../../lib/auth';
import { grading, isGradingDocumentId } from '../../../../lib/grading';

/**
 * Starts an attempt (201 with the paper, no keys). A 409 `attempt-in-progress` carries
 * `details.attemptId`, which the runner opens instead.
 */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to take this quiz.');
  const quiz = context.params.quiz ?? '';
  if (!isGradingDocumentId(quiz)) return apiError(404, 'There is no such quiz.');
  return answerFromCms(async () => forwardOutcome(await grading().startAttempt(auth.token, quiz)));
};
