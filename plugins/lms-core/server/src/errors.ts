import { errors } from '@strapi/utils';
import { EventError } from './domain/events';
import { MoneyError } from './domain/money';

/**
 * Errors a person can act on, as Strapi's own classes so its error middleware answers with the
 * right status (400, 403, 404) and the message instead of a 500. Each helper asks for the
 * pieces a good message needs: what was wrong, and what to do about it.
 */

/** 400: input the caller can fix. `field` is the path of the offending value ("payload.amount"). */
export function invalidInput(field: string, problem: string, details: Record<string, unknown> = {}): errors.ValidationError {
  return new errors.ValidationError(`${field}: ${problem}`, { field, ...details });
}

/** 404: `notFound('course', 'intro-to-ts', 'it may be a draft; publish it first')`. */
export function notFound(what: string, id: string | number, hint?: string): errors.NotFoundError {
  return new errors.NotFoundError(`${what} ${JSON.stringify(String(id))} was not found${hint ? `; ${hint}` : ''}`, { what, id });
}

/** 403: the caller is known but may not do this; say which permission or ownership is missing. */
export function forbidden(message: string, details: Record<string, unknown> = {}): errors.ForbiddenError {
  return new errors.ForbiddenError(message, details);
}

/** 401: no or bad credentials. */
export function unauthorized(message = 'sign in first; this route needs an authenticated user'): errors.UnauthorizedError {
  return new errors.UnauthorizedError(message);
}

/**
 * 400: the request is well-formed but the record is not in a state that allows it
 * (`invalidState('payout 12 is already paid; nothing to approve')`).
 */
export function invalidState(message: string, details: Record<string, unknown> = {}): errors.ApplicationError {
  return new errors.ApplicationError(message, details);
}

/** 429: with when to come back. */
export function rateLimited(retryAfterSeconds: number): errors.RateLimitError {
  return new errors.RateLimitError(`too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/**
 * Turns the kernel's domain errors (money, events) into a 400 naming the field; anything else is
 * returned unchanged (a real bug stays a 500 and is logged by Strapi).
 */
export function fromDomainError(error: unknown, field = 'input'): unknown {
  if (error instanceof MoneyError) return invalidInput(field, error.message, { code: error.code });
  if (error instanceof EventError) return invalidInput(field, error.message);
  return error;
}

/**
 * Parses input with a zod schema and throws a 400 whose message names the first bad field,
 * e.g. `query.pageSize: expected a number from 1 to 100`.
 */
export function parseInput<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: Array<string | number>; message: string }> } } },
  value: unknown,
  root: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [root, ...(issue?.path ?? [])].join('.');
  throw invalidInput(field, issue?.message ?? 'invalid value', {
    issues: result.error.issues.map((i) => ({ path: [root, ...i.path].join('.'), message: i.message })),
  });
}

export { errors };
