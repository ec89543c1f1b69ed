import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../../lib/api-forward';
import { requireLearner } from '../../../../lib/auth';
import { grading, isGradingDocumentId } from '../../../../lib/grading';

/** The assignment panel's data: brief, my submissions with grades and feedback, whether I may submit now. */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to see this assignment.');
  const assignment = context.params.assignment ?? '';
  if (!isGradingDocumentId(assignment)) return apiError(404, 'There is no such assignment.');
  return answerFromCms(async () => forwardOutcome(await grading().assignmentOverview(auth.token, assignment)));
};
