import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  type SaleSplit,
  type SaleReversal,
  parsePaymentRefunded,
  parsePaymentSucceeded,
  reversalFromRefund,
  RevenueError,
  reverseSale,
  rulesInForceAt,
  saleFromPayment,
  saleReference,
  splitSale,
} from '../domain';
import { coursesInstructorIds } from '../adapters/strapi';
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
 * Runs `work` for the i-th payload of a batch; a failure names the payment (its paymentId when the
 * payload has one) and keeps the error's type, code and field.
 */
function forPayment<T>(payload: unknown, index: number, count: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const id = typeof payload === 'object' && payload !== null ? (payload as { paymentId?: unknown }).paymentId : undefined;
    const which = `payment.succeeded of payment ${id === undefined ? '(no paymentId)' : JSON.stringify(id)}${count > 1 ? ` (${index + 1} of ${count} in the batch)` : ''}`;
    if (error instanceof RevenueError) {
      const detail = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
      throw new RevenueError(error.code, error.field, `${detail} — ${which}`);
    }
    if (error instanceof Error) error.message = `${error.message} — ${which}`;
    throw error;
  }
}

/**
 * Turns lms-enrollment's money events into ledger transactions, in the consumer's transaction so
 * the posting and the "consumed" mark commit together. Both are idempotent on the transaction's
 * reference as well, so a redelivered or repeated fact posts nothing.
 */
export const createSalesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = {
    /** `payment.succeeded` → the sale, split by the rules in force at the payment's time. `postSales` of one. */
    async postSale(trx: Knex.Transaction, payload: unknown): Promise<string> {
      return (await service.postSales(trx, [payload]))[0] as string;
    },

    /**
     * Several `payment.succeeded` payloads (a consumer batch) → their sales, with what `postSale`
     * for each in turn would post (docs/decisions/037), in a fixed number of statements: the
     * instructors of all their courses in one query, the rules history once (read in this
     * transaction, never cached across transactions: a rule another process recorded must count),
     * the splits in the domain, then the ledger's `postMany` (one insert of the transactions, one of
     * the new ones' entries). Idempotent on each sale's reference, as `postSale`. A payload that
     * cannot be posted makes the whole call throw before anything is written, naming the payment
     * (the consumer then posts the batch one by one, so only that one fails).
     */
    async postSales(trx: Knex.Transaction, payloads: readonly unknown[]): Promise<string[]> {
      if (payloads.length === 0) return [];
      const payments = payloads.map((payload, i) => forPayment(payload, i, payloads.length, () => parsePaymentSucceeded(payload)));
      // No read-before-write: the ledger is idempotent on the reference (a redelivered event posts
      // nothing), and the hot path saves the lookup.
      const instructors = await coursesInstructorIds(strapi, [...new Set(payments.map((p) => p.courseId))], trx);
      const history = (await getService(strapi, 'rules').history(trx)).map((s) => s.record);
      const createdAt = new Date();
      const posts = payments.map((payment, i) =>
        forPayment(payloads[i], i, payloads.length, () => {
          const sale = saleFromPayment(payment, instructors.get(payment.courseId) ?? []);
          const split = splitSale(sale, rulesInForceAt(history, sale.occurredAt));
          return { tx: split.transaction, meta: { paymentId: payment.paymentId, courseId: payment.courseId, details: saleDetails(split), createdAt } };
        }),
      );
      const posted = await getService(strapi, 'ledger').postMany(trx, posts);
      return posted.map(({ id, created }, i) => {
        const reference = saleReference((payments[i] as { paymentId: number }).paymentId);
        return created ? `posted sale ${reference} as transaction ${id}` : `already posted: ${reference} (transaction ${id})`;
      });
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
  };
  return service;
};

export type SalesService = ReturnType<typeof createSalesService>;
