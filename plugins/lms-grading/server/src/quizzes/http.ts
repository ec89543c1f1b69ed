import { conflict, ConflictError, forbidden, invalidInput, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { GradingError } from '../domain';

/** A learner-side 403 whose message and details reach the client (lms-core's withVisibleErrors). */
export const refused = (message: string, details: Record<string, unknown> & { code: string }) => forbidden(message, details);

/**
 * A GradingError from parsing the learner's input becomes a 400 naming the field; one from the
 * quiz as authored (a broken question) is not the learner's fault: 409 naming what the author
 * must fix.
 */
export function fromGradingError(error: unknown, quizTitle?: string): unknown {
  if (!(error instanceof GradingError)) return error;
  if (error.code === 'invalid-answer' || error.code === 'invalid-grade' || error.code === 'invalid-points') return invalidInput(error.field, error.message.replace(`${error.field}: `, ''), { code: error.code });
  return conflict(`${quizTitle ? `quiz "${quizTitle}"` : 'this quiz'} cannot be taken as authored: ${error.message}; its instructor must fix it`, {
    code: 'quiz-misconfigured',
    field: error.field,
  });
}

export { conflict, ConflictError, withVisibleErrors };
