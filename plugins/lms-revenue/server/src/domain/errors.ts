/**
 * The one error type of the revenue domain. `code` names the rule that was broken, `field` the
 * input in the caller's terms (`weights[2].weight`, `amount`, `effectiveFrom`), so a controller
 * answers 400 with both as they are, and a test asserts on the code rather than on wording.
 */
export type RevenueErrorCode =
  // rule changes
  | 'invalid-rule'
  | 'invalid-share'
  | 'invalid-instructor-id'
  | 'invalid-course-id'
  | 'weights-empty'
  | 'weight-out-of-range'
  | 'duplicate-instructor'
  | 'weights-not-100-percent'
  | 'invalid-vat'
  | 'invalid-fee-formula'
  | 'invalid-holding-days'
  | 'invalid-date'
  | 'effective-in-the-past'
  // sales and reversals
  | 'invalid-sale'
  | 'currency-mismatch'
  | 'not-a-sale'
  | 'invalid-refund'
  | 'refund-exceeds-remaining'
  | 'already-fully-reversed'
  | 'inconsistent-reversals'
  // ledger
  | 'unbalanced-transaction'
  | 'invalid-account'
  | 'invalid-amount'
  // statements and reports
  | 'invalid-month'
  | 'invalid-statement';

export class RevenueError extends Error {
  constructor(
    readonly code: RevenueErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'RevenueError';
  }
}
