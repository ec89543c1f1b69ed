import { errors } from '@strapi/utils';
import type { ApiErrorBody, LessonLock, PaymentRequiredDetails } from './contracts';

/**
 * 402: the course is sold or needs a subscription. Strapi's error middleware knows no 402, so
 * {@link withVisibleErrors} writes this one (anywhere else it would be a 400).
 */
export class PaymentRequiredError extends errors.ApplicationError<'PaymentRequiredError', string, PaymentRequiredDetails> {
  constructor(message: string, details: PaymentRequiredDetails) {
    super(message, details);
    this.name = 'PaymentRequiredError';
  }
}

/** 403 for a locked lesson: the message says why, the details are the lock (reason, lessons, date). */
export function lessonLocked(lock: LessonLock): errors.ForbiddenError {
  return new errors.ForbiddenError(lock.message, lock);
}

interface ErrorCtx {
  status: number;
  body: unknown;
}

function statusOf(error: unknown): number | null {
  if (error instanceof PaymentRequiredError) return 402;
  // PolicyError already reaches the client with its message; the others do not (below).
  if (error instanceof errors.ForbiddenError && !(error instanceof errors.PolicyError)) return 403;
  if (error instanceof errors.UnauthorizedError) return 401;
  return null;
}

/**
 * Strapi's route composer catches every ForbiddenError and UnauthorizedError thrown by a handler
 * and answers a bare "Forbidden"/"Unauthorized", dropping the message. A learner needs to know
 * which lesson to complete first or when the section opens, so these handlers write Strapi's own
 * error body themselves (same shape, real message and details). Anything else is rethrown to
 * Strapi's error middleware as usual.
 */
export function withVisibleErrors<C extends ErrorCtx, H extends Record<string, (ctx: C) => Promise<void>>>(handlers: H): H {
  const wrapped: Record<string, (ctx: C) => Promise<void>> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = async (ctx: C) => {
      try {
        await handler(ctx);
      } catch (error) {
        const status = statusOf(error);
        if (status === null) throw error;
        const e = error as errors.ApplicationError;
        ctx.status = status;
        ctx.body = { data: null, error: { status, name: e.name, message: e.message, details: (e.details ?? {}) as Record<string, unknown> } } satisfies ApiErrorBody;
      }
    };
  }
  return wrapped as H;
}
