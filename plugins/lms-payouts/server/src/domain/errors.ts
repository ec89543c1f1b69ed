/**
 * A payout rule the caller broke: `code` names the rule, `field` the input at fault ('' when it is
 * the record's state, not an input), `message` what to do. Controllers turn it into 400 (input) or
 * 409 (state).
 */
export class PayoutError extends Error {
  constructor(
    readonly code: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PayoutError';
  }
}
