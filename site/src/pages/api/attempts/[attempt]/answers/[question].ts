import type { APIRoute } from 'astro';
import type { AnswerWire } from '@contracts/quizzes';
import { answerFromCms, apiError, forwardOutcome } from '../../../../../lib/api-forward';
import { requireLearner } from '../../../../../lib/auth';
import { grading, isQuestionId, parseAttemptId } from '../../../../../lib/grading';

/** Largest answer body accepted: an essay of a few thousand words fits many times over. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Autosaves one answer: `{ "answer": … }` as in quizzes/contracts.ts. The shape is the cms's to
 * judge (400 naming the field); here only that it is a JSON object, so nothing else is forwarded.
 */
export const PUT: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to save your answers.');
  const id = parseAttemptId(context.params.attempt);
  const question = context.params.question ?? '';
  if (id === null) return apiError(404, 'There is no such attempt.');
  if (!isQuestionId(question)) return apiError(404, 'That question is not part of this attempt.', { field: 'params.questionId' });
  const text = await context.request.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) return apiError(413, 'This answer is too long to save.', { field: 'answer' });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return apiError(400, 'The answer could not be read (expected JSON such as { "answer": { "optionId": "…" } }).', { field: 'body' });
  }
  const answer = (body as { answer?: unknown } | null)?.answer;
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
    return apiError(400, 'Expected { "answer": { … } } with the answer to this question.', { field: 'answer' });
  }
  return answerFromCms(async () => forwardOutcome(await grading().saveAnswer(auth.token, id, question, answer as AnswerWire)));
};
