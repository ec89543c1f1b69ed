import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../../lib/api-forward';
import { requireLearner } from '../../../../lib/auth';
import { grading, isGradingDocumentId } from '../../../../lib/grading';

/** The quiz runner's overview: rules, my attempts, my grade and whether I may start (quizzes/contracts.ts QuizOverview). */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to take this quiz.');
  const quiz = context.params.quiz ?? '';
  if (!isGradingDocumentId(quiz)) return apiError(404, 'There is no such quiz.');
  return answerFromCms(async () => forwardOutcome(await grading().quizOverview(auth.token, quiz)));
};
