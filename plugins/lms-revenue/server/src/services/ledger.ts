import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { type CurrencyCode, type Money, money, readDate, readJson, writeJson } from '@lms/plugin-lms-core/server';
import {
  type Account,
  type InstructorBalance,
  type LedgerTransaction,
  type OpenPayout,
  type PayoutRequestDecision,
  type Posting,
  type TransactionKind,
  assertBalanced,
  decidePayoutRequest,
  deriveBalances,
  parseAccount,
  payoutPaidTransaction,
  payoutReleasedTransaction,
  payoutReturnedTransaction,
  payoutRequestTransaction,
} from '../domain';
import { ENTRIES_TABLE, TRANSACTIONS_TABLE } from '../migrations';

/** What a transaction row adds to the domain's transaction: where it came from and why. */
export interface PostingMeta {
  paymentId: number | null;
  courseId: string | null;
  /** Waterfall, sources, warnings, rules used: stored as JSON so the sale explains itself later. */
  details: Record<string, unknown>;
  createdAt: Date;
}

export interface StoredTransaction {
  id: number;
  transaction: LedgerTransaction;
  paymentId: number | null;
  courseId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

type Row = Record<string, unknown>;

/** bigint columns come back as text from PostgreSQL and as numbers from SQLite; amounts are safe integers. */
const toAmount = (value: unknown): number => {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger amount ${String(value)} is outside the safe integer range`);
  return n;
};

function toPosting(row: Row): Posting {
  return {
    account: row.account as Account,
    amount: money(toAmount(row.amount), row.currency as CurrencyCode),
    availableAt: readDate(row.available_at),
  };
}

/**
 * The append-only double-entry ledger: inserts balanced transactions (one row + its entries),
 * reads them back, and derives balances. Nothing here updates or deletes a row.
 */
export const createLedgerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function withEntries(trx: Knex | Knex.Transaction, rows: Row[]): Promise<StoredTransaction[]> {
    if (rows.length === 0) return [];
    const entries = (await trx(ENTRIES_TABLE)
      .whereIn(
        'transaction_id',
        rows.map((r) => Number(r.id)),
      )
      .orderBy('id')) as Row[];
    const byTx = new Map<number, Posting[]>();
    for (const e of entries) {
      const list = byTx.get(Number(e.transaction_id)) ?? [];
      list.push(toPosting(e));
      byTx.set(Number(e.transaction_id), list);
    }
    return rows.map((r) => ({
      id: Number(r.id),
      transaction: {
        kind: r.kind as TransactionKind,
        reference: String(r.reference),
        currency: r.currency as CurrencyCode,
        occurredAt: readDate(r.occurred_at) as Date,
        reverses: (r.reverses as string | null) ?? null,
        postings: byTx.get(Number(r.id)) ?? [],
      },
      paymentId: r.payment_id === null || r.payment_id === undefined ? null : Number(r.payment_id),
      courseId: (r.course_id as string | null) ?? null,
      details: readJson<Record<string, unknown>>(r.details),
      createdAt: readDate(r.created_at) as Date,
    }));
  }

  const service = {
    /**
     * Posts one transaction in `trx`. Refuses an unbalanced one (checked again here, whatever built
     * it). Idempotent on the reference: a second post of the same reference writes nothing and
     * returns the existing row's id with `created: false`.
     */
    async post(trx: Knex.Transaction, tx: LedgerTransaction, meta: PostingMeta): Promise<{ id: number; created: boolean }> {
      assertBalanced(tx);
      // No read-before-write: the unique reference decides (an existing or concurrent post of the
      // same reference inserts nothing, and its id is read back below).
      const inserted = (await trx(TRANSACTIONS_TABLE)
        .insert({
          reference: tx.reference,
          kind: tx.kind,
          currency: tx.currency,
          occurred_at: tx.occurredAt,
          reverses: tx.reverses,
          payment_id: meta.paymentId,
          course_id: meta.courseId,
          details: writeJson(meta.details),
          created_at: meta.createdAt,
        })
        .onConflict('reference')
        .ignore()
        .returning('id')) as Array<Row | number>;
      const first = inserted[0];
      if (first === undefined) {
        const winner = (await trx(TRANSACTIONS_TABLE).where({ reference: tx.reference }).first('id')) as Row;
        return { id: Number(winner.id), created: false };
      }
      const id = typeof first === 'object' ? Number(first.id) : Number(first);
      const entries = tx.postings.map((p) => {
        const ref = parseAccount(p.account);
        return {
          transaction_id: id,
          account: p.account,
          instructor_id: ref.kind === 'platform' ? null : ref.instructorId,
          course_id: meta.courseId,
          currency: p.amount.currency,
          amount: p.amount.amount,
          available_at: p.availableAt,
        };
      });
      if (entries.length > 0) await trx(ENTRIES_TABLE).insert(entries);
      return { id, created: true };
    },

    async findByReference(reference: string, trx?: Knex.Transaction): Promise<StoredTransaction | null> {
      const db = trx ?? knex();
      const rows = (await db(TRANSACTIONS_TABLE).where({ reference })) as Row[];
      return (await withEntries(db, rows))[0] ?? null;
    },

    async findById(id: number): Promise<StoredTransaction | null> {
      const rows = (await knex()(TRANSACTIONS_TABLE).where({ id })) as Row[];
      return (await withEntries(knex(), rows))[0] ?? null;
    },

    /** Refunds and chargebacks already posted against a sale, oldest first. */
    async reversalsOf(saleReference: string, trx?: Knex.Transaction): Promise<StoredTransaction[]> {
      const db = trx ?? knex();
      const rows = (await db(TRANSACTIONS_TABLE).where({ reverses: saleReference }).orderBy('id')) as Row[];
      return withEntries(db, rows);
    },

    /**
     * Balances per instructor and currency at `now`, summed in SQL (one indexed pass over the
     * instructors' entries): per account and currency, what is still in its holding period and
     * what is not. The domain's deriveBalances then names the sums (pending, available or carried
     * forward, requested, paid), so the SQL and the pure rules cannot drift apart.
     */
    async balances(now: Date, filter: { instructorId?: string } = {}, trx?: Knex.Transaction): Promise<InstructorBalance[]> {
      const db = trx ?? knex();
      const query = db(ENTRIES_TABLE)
        .select('account', 'currency')
        .select(db.raw('sum(case when available_at > ? then amount else 0 end) as held', [now]))
        .select(db.raw('sum(case when available_at > ? then 0 else amount end) as settled', [now]))
        .whereNotNull('instructor_id')
        .groupBy('account', 'currency');
      if (filter.instructorId) query.where('instructor_id', filter.instructorId);
      const rows = (await query) as Row[];
      const later = new Date(now.getTime() + 1);
      const postings: Posting[] = [];
      for (const r of rows) {
        const currency = r.currency as CurrencyCode;
        postings.push({ account: r.account as Account, amount: money(toAmount(r.held), currency), availableAt: later });
        postings.push({ account: r.account as Account, amount: money(toAmount(r.settled), currency), availableAt: null });
      }
      return deriveBalances(postings, now);
    },

    /**
     * lms-payouts' one door to the ledger, in the caller's transaction (which must already hold
     * the instructor's lock, so the balance read here cannot change before the reservation).
     * `request`: reads the balance in `trx`, decides with decidePayoutRequest and, when allowed,
     * posts payoutRequestTransaction. `paid` / `released`: posts payoutPaidTransaction /
     * payoutReleasedTransaction. Each step is idempotent on its reference `payout:<id>:<step>`.
     */
    async payoutStep(
      trx: Knex.Transaction,
      input:
        | { step: 'request'; payoutId: string; instructorId: string; currency: CurrencyCode; amount?: Money; minimum: Money; openRequests: readonly OpenPayout[]; now: Date }
        | { step: 'paid' | 'released' | 'returned'; payoutId: string; instructorId: string; amount: Money; now: Date },
    ): Promise<{ decision: PayoutRequestDecision; balance: InstructorBalance | null; posted: boolean }> {
      const meta = { paymentId: null, courseId: null, details: { payoutId: input.payoutId }, createdAt: input.now };
      const step = { payoutId: input.payoutId, instructorId: input.instructorId, occurredAt: input.now };
      if (input.step !== 'request') {
        const build = { paid: payoutPaidTransaction, released: payoutReleasedTransaction, returned: payoutReturnedTransaction }[input.step];
        const tx = build({ ...step, amount: input.amount });
        const { created } = await service.post(trx, tx, meta);
        return { decision: { ok: true, amount: input.amount }, balance: null, posted: created };
      }
      const zero = money(0, input.currency);
      const balance = (await service.balances(input.now, { instructorId: input.instructorId }, trx)).find((b) => b.currency === input.currency) ?? {
        instructorId: input.instructorId,
        currency: input.currency,
        pending: zero,
        available: zero,
        carriedForward: zero,
        requested: zero,
        paid: zero,
      };
      const decision = decidePayoutRequest(balance, input.minimum, input.openRequests, input.amount);
      if (!decision.ok) return { decision, balance, posted: false };
      const { created } = await service.post(trx, payoutRequestTransaction({ ...step, amount: decision.amount }), meta);
      return { decision, balance, posted: created };
    },
  };
  return service;
};

export type LedgerService = ReturnType<typeof createLedgerService>;
