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

/**
 * An error that carries an HTTP status Strapi's error middleware does not know (402, 409).
 * {@link withVisibleErrors} answers it with that status and Strapi's error body.
 */
export class StatusError<Details extends Record<string, unknown> = Record<string, unknown>> extends errors.ApplicationError<string, string, Details> {
  constructor(
    readonly httpStatus: number,
    name: string,
    message: string,
    details: Details,
  ) {
    super(message, details);
    this.name = name;
  }
}

/** 409: the request is fine but the record is in a state that refuses it; `details.code` names the reason. */
export class ConflictError extends StatusError<Record<string, unknown> & { code: string }> {
  constructor(message: string, details: Record<string, unknown> & { code: string }) {
    super(409, 'ConflictError', message, details);
  }
}

export const conflict = (message: string, details: Record<string, unknown> & { code: string }) => new ConflictError(message, details);

interface ErrorCtx {
  status: number;
  body: unknown;
}

function visibleStatusOf(error: unknown): number | null {
  if (error instanceof StatusError) return error.httpStatus;
  // PolicyError already reaches the client with its message; plain ForbiddenErrors do not.
  if (error instanceof errors.ForbiddenError && !(error instanceof errors.PolicyError)) return 403;
  if (error instanceof errors.UnauthorizedError) return 401;
  return null;
}

/**
 * Strapi's route composer answers a bare "Forbidden"/"Unauthorized" for every ForbiddenError and
 * UnauthorizedError a handler throws, dropping the message, and its error middleware knows no 402
 * or 409. A learner needs the reason (which lesson to complete first, maximum attempts reached),
 * so these handlers write Strapi's own error body for those (same shape, real message and
 * details). Anything else is rethrown to Strapi's error middleware as usual.
 */
export function withVisibleErrors<C extends ErrorCtx, H extends Record<string, (ctx: C) => Promise<void>>>(handlers: H): H {
  const wrapped: Record<string, (ctx: C) => Promise<void>> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = async (ctx: C) => {
      try {
        await handler(ctx);
      } catch (error) {
        const status = visibleStatusOf(error);
        if (status === null) throw error;
        const e = error as errors.ApplicationError;
        ctx.status = status;
        ctx.body = { data: null, error: { status, name: e.name, message: e.message, details: (e.details ?? {}) as Record<string, unknown> } };
      }
    };
  }
  return wrapped as H;
}

export { errors };
