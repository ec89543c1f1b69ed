import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { parseInput, unauthorized } from '@lms/plugin-lms-core/server';
import { documentId } from '../../controllers/validation';
import { getService } from '../../utils';
import type { CheckoutResponse } from '../contracts';
import { PaymentError, sendForbidden, sendPaymentError } from '../errors';

interface Ctx {
  request: { body?: unknown };
  state: { user?: { id: number } };
  status: number;
  body: unknown;
}

const checkoutBody = z.object({ course: documentId('course') }).strict();

export const createCheckoutController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /checkout: `{ course }` → `{ url }` of a Stripe Checkout Session for the signed-in learner. */
  async create(ctx: Ctx) {
    const userId = ctx.state.user?.id;
    if (!userId) throw unauthorized();
    const { course } = parseInput(checkoutBody, ctx.request.body ?? {}, 'body');
    try {
      ctx.body = (await getService(strapi, 'checkout').startCheckout(userId, course)) satisfies CheckoutResponse;
    } catch (error) {
      if (error instanceof PaymentError) return sendPaymentError(ctx, error);
      if (error instanceof errors.ForbiddenError) return sendForbidden(ctx, error);
      throw error;
    }
  },
});
