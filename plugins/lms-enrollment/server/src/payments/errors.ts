import { errors } from '@strapi/utils';
import type { ApiErrorBody } from '../contracts';

/**
 * Refusals with a status Strapi's error middleware does not map (it knows 400/401/403/404/413/
 * 429/501): 409 (free course, already enrolled), 502 (Stripe refused), 503 (not configured). The
 * controllers write them with {@link sendPaymentError}; elsewhere they surface as a 400.
 */
export class PaymentError extends errors.ApplicationError<'PaymentError', string, Record<string, unknown>> {
  constructor(
    readonly status: 409 | 502 | 503,
    readonly errorName: 'ConflictError' | 'BadGatewayError' | 'ServiceUnavailableError',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
    this.name = 'PaymentError';
  }
}

export const conflict = (message: string, details: Record<string, unknown> = {}) => new PaymentError(409, 'ConflictError', message, details);
export const badGateway = (message: string, details: Record<string, unknown> = {}) => new PaymentError(502, 'BadGatewayError', message, details);
/** 503 naming the setting that turns the feature on. */
export const notConfigured = (setting: string, what: string) =>
  new PaymentError(503, 'ServiceUnavailableError', `${what} is not available on this server: ${setting} is not set`, { setting });

export function sendPaymentError(ctx: { status: number; body: unknown }, error: PaymentError): void {
  sendErrorBody(ctx, error.status, error.errorName, error.message, error.details as Record<string, unknown>);
}

/**
 * A 403 raised by a handler: Strapi's route authorisation step wraps the handler and turns any
 * ForbiddenError from it into a bare "Forbidden", losing the reason (prerequisites missing,
 * revoked); the controller answers with it itself.
 */
export function sendForbidden(ctx: { status: number; body: unknown }, error: errors.ForbiddenError): void {
  sendErrorBody(ctx, 403, 'ForbiddenError', error.message, (error.details ?? {}) as Record<string, unknown>);
}

function sendErrorBody(ctx: { status: number; body: unknown }, status: number, name: string, message: string, details: Record<string, unknown>): void {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } } satisfies ApiErrorBody;
}
