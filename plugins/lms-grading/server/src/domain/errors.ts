/**
 * The one error type of the grading domain. `field` names what was wrong in the caller's terms
 * (`questions[3].options`, `answers.q7k2m.optionIds[1]`, `selections[0].levelId`), so a controller
 * can answer 4xx naming it without re-validating.
 */
export type GradingErrorCode =
  | 'invalid-question'
  | 'invalid-quiz'
  | 'invalid-answer'
  | 'invalid-points'
  | 'invalid-seed'
  | 'invalid-rubric'
  | 'invalid-rubric-selection'
  | 'invalid-grade';

export class GradingError extends Error {
  constructor(
    readonly code: GradingErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'GradingError';
  }
}
