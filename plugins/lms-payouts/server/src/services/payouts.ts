import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { type CurrencyCode, type Money, getLmsCoreService, isPostgres, isUniqueViolation, money, readDate } from '@lms/plugin-lms-core/server';
import { OPEN_STATUSES, PayoutError, classifyStripeError, newPayoutId, transferIdempotencyKey, transition, type PayoutAction, type PayoutMethod, type PayoutStatus } from '../domain';
import type { BalanceLine, PayoutView } from '../contracts';
import { PAYOUTS_TABLE } from '../migrations';
import { instructorNames, ledgerOf } from '../adapters/strapi';
import { stripeClient } from '../adapters/stripe';
import { getService, PLUGIN_ID } from '../utils';
import '../events';

type Row = Record<string, unknown>;

export interface PayoutsConfig {
  /** Smallest payout per currency in minor units; `default` for currencies not listed. */
  minimums: Record<string, number>;
}

const toAmount = (value: unknown) => Number(value ?? 0);
const iso = (value: unknown) => readDate(value)?.toISOString() ?? null;

function payoutView(row: Row, names: Map<string, string>): PayoutView {
  const instructorId = String(row.instructor_id);
  return {
    id: String(row.id),
    instructor: { id: instructorId, name: names.get(instructorId) ?? null },
    amount: money(toAmount(row.amount), row.currency as CurrencyCode),
    method: row.method as PayoutMethod,
    destination: String(row.destination),
    status: row.status as PayoutStatus,
    requestedAt: iso(row.requested_at) as string,
    decidedAt: iso(row.decided_at),
    note: (row.note as string | null) ?? null,
    transferId: (row.transfer_id as string | null) ?? null,
    reference: (row.reference as string | null) ?? null,
    paidAt: iso(row.paid_at),
    failedAt: iso(row.failed_at),
    failureReason: (row.failure_reason as string | null) ?? null,
  };
}

/**
 * Payout requests and their life: request (locks the instructor, lets lms-revenue decide and
 * reserve), approve (Stripe payouts are then transferred by the queue), reject, mark paid (bank),
 * and the transfer itself. Every status change and its ledger step commit together.
 */
export const createPayoutsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PayoutsConfig;

  async function views(rows: Row[]): Promise<PayoutView[]> {
    const names = await instructorNames(strapi, [...new Set(rows.map((r) => String(r.instructor_id)))]);
    return rows.map((r) => payoutView(r, names));
  }

  /** Applies `action` to a locked payout row and posts its ledger step, in `trx`. */
  async function move(trx: Knex.Transaction, row: Row, action: PayoutAction, changes: Row, now: Date): Promise<void> {
    const id = String(row.id);
    const next = transition({ id, status: row.status as PayoutStatus, method: row.method as PayoutMethod }, action);
    await trx(PAYOUTS_TABLE)
      .where({ id })
      .update({ ...changes, status: next.to, updated_at: now });
    const amount = money(toAmount(row.amount), row.currency as CurrencyCode);
    if (next.ledger) {
      await ledgerOf(strapi).payoutStep(trx, { step: next.ledger, payoutId: id, instructorId: String(row.instructor_id), amount, now });
    }
    // What the instructor is told (lms-notifications), in the same transaction as the change.
    // payout.approved also starts the Stripe transfer (register.ts) when the method is stripe.
    const base = { payoutId: id, instructorId: String(row.instructor_id), method: row.method as PayoutMethod, amount };
    const events = getLmsCoreService(strapi, 'events');
    const adminId = (changes.decided_by ?? changes.paid_by) as number | undefined;
    const actor = adminId ? ({ type: 'admin', id: adminId } as const) : ({ type: 'system' } as const);
    if (next.to === 'approved') await events.emit(trx, { type: 'payout.approved', payload: { ...base, reference: null, reason: (changes.note as string | null | undefined) ?? null }, actor });
    if (next.to === 'paid') await events.emit(trx, { type: 'payout.paid', payload: { ...base, reference: ((changes.reference ?? changes.transfer_id) as string | null | undefined) ?? null, reason: null }, actor });
    if (next.to === 'rejected') await events.emit(trx, { type: 'payout.rejected', payload: { ...base, reference: null, reason: (changes.note as string | null | undefined) ?? null }, actor });
  }

  async function locked(trx: Knex.Transaction, id: string): Promise<Row> {
    const query = trx(PAYOUTS_TABLE).where({ id });
    if (isPostgres(trx)) query.forUpdate();
    const row = (await query.first()) as Row | undefined;
    if (!row) throw new PayoutError('not-found', '', `payout ${JSON.stringify(id)} was not found`);
    return row;
  }

  const service = {
    minimum(currency: CurrencyCode): Money {
      const m = config().minimums;
      return money(m[currency] ?? m.default ?? 0, currency);
    },

    /** The instructor's balances per currency (lms-revenue), with the minimum payout of each. */
    async balances(instructorId: string, now: Date): Promise<BalanceLine[]> {
      const list = await ledgerOf(strapi).balances(now, { instructorId });
      return list.map((b) => ({
        currency: b.currency,
        pending: b.pending,
        available: b.available,
        carriedForward: b.carriedForward,
        requested: b.requested,
        paid: b.paid,
        minimum: service.minimum(b.currency),
      }));
    },

    /**
     * An instructor asks to be paid `amount` (default: everything available) in `currency`. In one
     * transaction: lock the instructor's row, check the payout method, let lms-revenue decide
     * against the balance read under that lock and reserve the money, write the request. A refusal
     * writes nothing. Concurrent requests queue on the lock, so they cannot reserve the same money.
     */
    async request(input: { instructorId: string; adminUserId: number; currency: CurrencyCode; amount?: number; now: Date }): Promise<PayoutView> {
      const { instructorId, now } = input;
      const id = newPayoutId(crypto.randomBytes);
      try {
        await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
          const account = await getService(strapi, 'accounts').lock(trx, instructorId, now);
          const method = account.method as PayoutMethod | null;
          if (!method) throw new PayoutError('no-payout-method', '', 'set up how you are paid first: connect a Stripe account or enter bank details');
          if (method === 'stripe' && !account.stripe_payouts_enabled) {
            throw new PayoutError('stripe-onboarding-incomplete', '', 'finish Stripe onboarding first (Stripe has not enabled payouts to your account yet), or enter bank details');
          }
          if (method === 'bank' && !account.bank_details_encrypted) throw new PayoutError('no-payout-method', '', 'enter your bank details first');
          const open = (await trx(PAYOUTS_TABLE).where({ instructor_id: instructorId }).whereIn('status', [...OPEN_STATUSES])) as Row[];
          const { decision } = await ledgerOf(strapi).payoutStep(trx, {
            step: 'request',
            payoutId: id,
            instructorId,
            currency: input.currency,
            ...(input.amount !== undefined ? { amount: money(input.amount, input.currency) } : {}),
            minimum: service.minimum(input.currency),
            openRequests: open.map((r) => ({ payoutId: String(r.id), status: r.status as PayoutStatus, amount: money(toAmount(r.amount), r.currency as CurrencyCode) })),
            now,
          });
          if (!decision.ok) throw new PayoutError(decision.code, decision.field, decision.message);
          await trx(PAYOUTS_TABLE).insert({
            id,
            instructor_id: instructorId,
            currency: decision.amount.currency,
            amount: decision.amount.amount,
            method,
            destination: method === 'stripe' ? String(account.stripe_account_id) : String(account.bank_details_masked),
            status: 'requested',
            requested_by: input.adminUserId,
            requested_at: now,
            updated_at: now,
          });
        });
      } catch (error) {
        // The partial unique index is the last guard if two requests ever got past the lock.
        if (isUniqueViolation(error)) throw new PayoutError('open-request-exists', '', 'another payout request of yours is still open; wait until it is paid or rejected');
        throw error;
      }
      return (await service.get(id)) as PayoutView;
    },

    async get(id: string): Promise<PayoutView | null> {
      const row = (await knex()(PAYOUTS_TABLE).where({ id }).first()) as Row | undefined;
      return row ? ((await views([row]))[0] ?? null) : null;
    },

    async list(filter: { instructorId?: string; statuses?: PayoutStatus[]; limit?: number }): Promise<{ payouts: PayoutView[]; total: number }> {
      const base = knex()(PAYOUTS_TABLE).modify((q) => {
        if (filter.instructorId) q.where({ instructor_id: filter.instructorId });
        if (filter.statuses?.length) q.whereIn('status', filter.statuses);
      });
      const [countRow] = (await base.clone().count({ n: '*' })) as Row[];
      const rows = (await base
        .clone()
        .orderBy('requested_at', filter.statuses?.every((s) => OPEN_STATUSES.includes(s)) ? 'asc' : 'desc')
        .limit(filter.limit ?? 200)) as Row[];
      return { payouts: await views(rows), total: Number(countRow?.n ?? 0) };
    },

    /** An admin approves: Stripe payouts go to the transfer queue (event in the same transaction). */
    async approve(id: string, adminUserId: number, note: string | null, now: Date): Promise<PayoutView> {
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const row = await locked(trx, id);
        await move(trx, row, 'approve', { decided_by: adminUserId, decided_at: now, note }, now);
      });
      return (await service.get(id)) as PayoutView;
    },

    /** An admin rejects with a note: the reservation goes back to available. */
    async reject(id: string, adminUserId: number, note: string, now: Date): Promise<PayoutView> {
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const row = await locked(trx, id);
        await move(trx, row, 'reject', { decided_by: adminUserId, decided_at: now, note }, now);
      });
      return (await service.get(id)) as PayoutView;
    },

    /** A bank payout the admin sent by hand, with the bank's reference. */
    async markPaid(id: string, adminUserId: number, reference: string, now: Date): Promise<PayoutView> {
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const row = await locked(trx, id);
        await move(trx, row, 'mark-paid', { reference, paid_by: adminUserId, paid_at: now }, now);
      });
      return (await service.get(id)) as PayoutView;
    },

    /**
     * The queue's job for an approved Stripe payout (in the consumer's transaction): one transfer
     * per payout, the payout id in the idempotency key, so a retry after a crash or a timeout
     * returns the transfer Stripe already made. Stripe refusing it fails the payout and releases
     * the money; a network or Stripe-side error is thrown so the queue retries (money stays
     * reserved, since the transfer may exist).
     */
    async executeTransfer(trx: Knex.Transaction, payoutId: string, now: Date): Promise<string> {
      const row = (await trx(PAYOUTS_TABLE).where({ id: payoutId }).first()) as Row | undefined;
      if (!row) return `payout ${payoutId} not found`;
      if (row.status !== 'approved' || row.method !== 'stripe') return `payout ${payoutId} is ${String(row.status)}; nothing to transfer`;
      const stripe = stripeClient();
      if (!stripe) throw new Error('STRIPE_SECRET_KEY is not set: cannot transfer approved Stripe payouts (the job is retried, then kept in the failed set)');
      let transferId: string;
      try {
        const transfer = await stripe.transfers.create(
          {
            amount: toAmount(row.amount),
            currency: String(row.currency).toLowerCase(),
            destination: String(row.destination),
            transfer_group: payoutId,
            description: `Payout ${payoutId}`,
            metadata: { lms_payout: payoutId, lms_instructor: String(row.instructor_id) },
          },
          { idempotencyKey: transferIdempotencyKey(payoutId) },
        );
        transferId = transfer.id;
      } catch (error) {
        if (classifyStripeError(error) === 'retry') throw error;
        const reason = `Stripe refused the transfer: ${error instanceof Error ? error.message : String(error)}`;
        const current = (await trx(PAYOUTS_TABLE).where({ id: payoutId }).first()) as Row;
        await move(trx, current, 'transfer-failed', { failed_at: now, failure_reason: reason.slice(0, 2000) }, now);
        return `payout ${payoutId} failed: ${reason}`;
      }
      return service.recordTransfer(trx, payoutId, transferId, now);
    },

    /** A transfer exists for the payout (the job's answer, or Stripe's transfer.* event): paid, once. */
    async recordTransfer(trx: Knex.Transaction, payoutId: string, transferId: string, now: Date): Promise<string> {
      const row = await locked(trx, payoutId);
      if (row.status === 'paid') return `payout ${payoutId} already paid (transfer ${String(row.transfer_id)})`;
      if (row.status !== 'approved') return `payout ${payoutId} is ${String(row.status)}; transfer ${transferId} not applied`;
      await move(trx, row, 'transfer-succeeded', { transfer_id: transferId, paid_at: now }, now);
      return `payout ${payoutId} paid by transfer ${transferId}`;
    },

    /** Stripe reversed (or refused) the transfer of an approved payout: failed, money released. */
    async recordTransferFailure(trx: Knex.Transaction, payoutId: string, reason: string, now: Date): Promise<string> {
      const row = await locked(trx, payoutId);
      if (row.status === 'approved' && row.method === 'stripe') {
        await move(trx, row, 'transfer-failed', { failed_at: now, failure_reason: reason }, now);
        return `payout ${payoutId} failed: ${reason}`;
      }
      if (row.status === 'paid' && row.method === 'stripe') {
        // The money left and came back (a reversed transfer): the ledger returns it to available.
        await move(trx, row, 'transfer-reversed', { failed_at: now, failure_reason: `after payment: ${reason}` }, now);
        return `payout ${payoutId} was paid and then ${reason}: failed, the amount is available again`;
      }
      return `payout ${payoutId} is ${String(row.status)}; ${reason} ignored`;
    },
  };
  return service;
};

export type PayoutsService = ReturnType<typeof createPayoutsService>;
