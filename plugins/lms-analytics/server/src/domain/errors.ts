/** A domain error the caller can act on: `field` in the caller's terms (`payload.learnerId`, `from`). */
export class AnalyticsError extends Error {
  constructor(
    readonly code: 'invalid-event' | 'unsupported-event' | 'invalid-range',
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AnalyticsError';
  }
}
