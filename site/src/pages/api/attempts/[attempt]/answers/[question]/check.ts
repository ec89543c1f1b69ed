import type { APIRoute } from 'astro';
import type { AnswerWire } from '@contracts/quizzes';
import { answerFromCms, apiError, forwardOutcome } from '../../../../../../lib/api-forward';
import { requireLearner } from '../../../../../../lib/auth';
import { grading, isQuestionId, parseAttemptId } from '../../../../../../lib/grading';

const MAX_BODY_BYTES = 256 * 1024;

/**
 * Immediate feedback: checks one question (`{ "answer": … }` saves it first; `{}` checks the saved
 * answer). The cms decides whether the quiz allows it and grades; the answer is final afterwards.
 */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to check your answers.');
  const id = parseAttemptId(context.params.attempt);
  const question = context.params.question ?? '';
  if (id === null) return apiError(404, 'There is no such attempt.');
  if (!isQuestionId(question)) return apiError(404, 'That question is not part of this attempt.', { field: 'params.questionId' });
  const text = await context.request.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) return apiError(413, 'This answer is too long to check.', { field: 'answer' });
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      return apiError(400, 'The request could not be read (expected JSON such as { "answer": { "optionId": "…" } }).', { field: 'body' });
    }
  }
  const answer = (body as { answer?: unknown } | null)?.answer;
  if (answer !== undefined && (!answer || typeof answer !== 'object' || Array.isArray(answer))) {
    return apiError(400, 'Expected { "answer": { … } } with the answer to this question, or {} to check the saved one.', { field: 'answer' });
  }
  return answerFromCms(async () => forwardOutcome(await grading().checkAnswer(auth.token, id, question, answer as AnswerWire | undefined)));
};
