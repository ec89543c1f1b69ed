import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  type SaleSplit,
  type SaleReversal,
  parsePaymentRefunded,
  parsePaymentSucceeded,
  reversalFromRefund,
  reverseSale,
  saleFromPayment,
  saleReference,
  splitSale,
} from '../domain';
import { courseInstructorIds } from '../adapters/strapi';
import { getService } from '../utils';

function saleDetails(split: SaleSplit): Record<string, unknown> {
  return {
    waterfall: split.waterfall,
    gross: split.gross,
    vat: split.vat,
    fee: split.fee,
    net: split.net,
    base: split.base,
    weightsSource: split.weightsSource,
    instructors: split.instructors,
    platformShare: split.platformShare,
    platform: split.platform,
    rounding: split.rounding,
    holdingDays: split.holdingDays,
    availableAt: split.availableAt.toISOString(),
    rulesUsed: split.rulesUsed,
    warnings: split.warnings,
  };
}

function reversalDetails(r: SaleReversal): Record<string, unknown> {
  return { waterfall: r.waterfall, amount: r.amount, reversedBefore: r.reversedBefore, remaining: r.remaining, full: r.full };
}

/**
 * Turns lms-enrollment's money events into ledger transactions, in the consumer's transaction so
 * the posting and the "consumed" mark commit together. Both are idempotent on the transaction's
 * reference as well, so a redelivered or repeated fact posts nothing.
 */
export const createSalesService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `payment.succeeded` → the sale, split by the rules in force at the payment's time. */
  async postSale(trx: Knex.Transaction, payload: unknown): Promise<string> {
    const ledger = getService(strapi, 'ledger');
    const payment = parsePaymentSucceeded(payload);
    const reference = saleReference(payment.paymentId);
    // No read-before-write: ledger.post is idempotent on the reference (a redelivered event posts
    // nothing), and the hot path saves the lookup.
    const sale = saleFromPayment(payment, await courseInstructorIds(strapi, payment.courseId, trx));
    const rules = await getService(strapi, 'rules').inForceAt(sale.occurredAt, trx);
    const split = splitSale(sale, rules);
    const { id, created } = await ledger.post(trx, split.transaction, { paymentId: payment.paymentId, courseId: payment.courseId, details: saleDetails(split), createdAt: new Date() });
    return created ? `posted sale ${reference} as transaction ${id}` : `already posted: ${reference} (transaction ${id})`;
  },

  /**
   * `payment.refunded` → the proportional reversal of what Stripe's running total adds. A refund
   * whose sale is not posted yet throws, so the queue retries it after the sale.
   */
  async postReversal(trx: Knex.Transaction, payload: unknown): Promise<string> {
    const ledger = getService(strapi, 'ledger');
    const refund = parsePaymentRefunded(payload);
    const reference = saleReference(refund.paymentId);
    const sale = await ledger.findByReference(reference, trx);
    if (!sale) throw new Error(`sale ${reference} is not in the ledger yet; the refund is retried once the payment.succeeded consumer has posted it`);
    const previous = await ledger.reversalsOf(reference, trx);
    const input = reversalFromRefund(
      refund,
      sale.transaction,
      previous.map((p) => p.transaction),
    );
    if (!input) return `nothing to reverse: the ledger already reflects ${refund.totalReturned.amount} returned on ${reference}`;
    if (await ledger.findByReference(input.reference, trx)) return `already posted: ${input.reference}`;
    const reversal = reverseSale(input);
    const { id } = await ledger.post(trx, reversal.transaction, { paymentId: refund.paymentId, courseId: sale.courseId, details: reversalDetails(reversal), createdAt: new Date() });
    return `posted ${reversal.transaction.kind} ${input.reference} as transaction ${id}`;
  },
});

export type SalesService = ReturnType<typeof createSalesService>;
