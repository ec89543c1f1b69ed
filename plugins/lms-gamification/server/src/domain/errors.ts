/**
 * The one error type of the gamification domain. `code` names the rule that was broken, `field`
 * the input in the caller's terms (`quiz-passed.courseIds[2]`, `badges[1].criterion.count`,
 * `timeZone`, `payload.learnerId`), so a controller answers 400 with both as they are and a test
 * asserts on the code rather than on wording.
 */
export type GamificationErrorCode =
  // point rules
  | 'invalid-rules'
  | 'unknown-rule'
  | 'invalid-enabled'
  | 'invalid-points'
  | 'invalid-course-ids'
  | 'empty-scope'
  | 'scope-not-applicable'
  | 'invalid-milestones'
  | 'duplicate-milestone'
  // levels and badges
  | 'invalid-levels'
  | 'invalid-level-name'
  | 'duplicate-level-name'
  | 'first-level-not-zero'
  | 'levels-not-increasing'
  | 'invalid-badges'
  | 'invalid-badge-id'
  | 'duplicate-badge-id'
  | 'invalid-badge-name'
  | 'invalid-criterion'
  // time
  | 'invalid-time-zone'
  | 'invalid-date'
  | 'invalid-period'
  // events and leaderboards
  | 'invalid-event'
  | 'unsupported-event'
  | 'invalid-scope'
  | 'invalid-limit';

export class GamificationError extends Error {
  constructor(
    readonly code: GamificationErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'GamificationError';
  }
}

/** A short description of a value for messages ("a string", "null", "an array"). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Strapi documentIds and our own ids: they appear inside idempotency subjects and board ids. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
