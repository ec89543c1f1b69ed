import type { Core } from '@strapi/strapi';
import { getService } from '../../utils';
import type { StripeWebhookResponse } from '../contracts';
import { PaymentError, sendPaymentError } from '../errors';

/** Where koa-body keeps the exact request bytes (`includeUnparsed: true` in cms/config/middlewares.ts). */
const UNPARSED_BODY = Symbol.for('unparsedBody');

interface Ctx {
  request: { body?: unknown; header: Record<string, string | string[] | undefined> };
  status: number;
  body: unknown;
}

function rawBodyOf(ctx: Ctx): string | Buffer | undefined {
  const body = ctx.request.body as Record<symbol, unknown> | undefined;
  const raw = body?.[UNPARSED_BODY];
  return typeof raw === 'string' || Buffer.isBuffer(raw) ? raw : undefined;
}

export const createStripeWebhookController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /stripe/webhook: verified against the raw body, stored once, applied by the queue. */
  async receive(ctx: Ctx) {
    const header = ctx.request.header['stripe-signature'];
    try {
      ctx.body = (await getService(strapi, 'stripeWebhooks').receive(rawBodyOf(ctx), Array.isArray(header) ? header[0] : header)) satisfies StripeWebhookResponse;
    } catch (error) {
      if (error instanceof PaymentError) return sendPaymentError(ctx, error);
      throw error;
    }
  },
});
