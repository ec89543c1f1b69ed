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

/**
 * Rows per multi-row insert: a consumer batch (up to 100 sales, about 6 entries each) fits in one;
 * a longer list is split so a statement stays under SQLite's bound-parameter limit.
 */
const INSERT_CHUNK = 1_000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) out.push(rows.slice(i, i + INSERT_CHUNK));
  return out;
}

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
     * returns the existing row's id with `created: false`. `postMany` of one.
     */
    async post(trx: Knex.Transaction, tx: LedgerTransaction, meta: PostingMeta): Promise<{ id: number; created: boolean }> {
      return (await service.postMany(trx, [{ tx, meta }]))[0] as { id: number; created: boolean };
    },

    /**
     * Posts transactions in `trx` with what posting each in turn would leave (docs/decisions/037),
     * in at most three statements: every transaction row in one insert (`ON CONFLICT (reference)
     * DO NOTHING RETURNING id, reference`), the entries of the ones created in one insert, and the
     * ids of the references that were already there in one select. Every transaction is checked
     * for balance before anything is written. A reference twice in the list is posted once (the
     * first); the later one answers like a repeated post: its id, `created: false`.
     */
    async postMany(trx: Knex.Transaction, items: ReadonlyArray<{ tx: LedgerTransaction; meta: PostingMeta }>): Promise<Array<{ id: number; created: boolean }>> {
      for (const { tx } of items) assertBalanced(tx);
      const firstOf = new Map<string, number>();
      items.forEach(({ tx }, i) => {
        if (!firstOf.has(tx.reference)) firstOf.set(tx.reference, i);
      });
      const unique = [...firstOf.values()].map((i) => items[i] as { tx: LedgerTransaction; meta: PostingMeta });
      // No read-before-write: the unique reference decides (an existing or concurrent post of the
      // same reference inserts nothing, and its id is read back below).
      const created = new Map<string, number>();
      for (const chunk of chunks(unique)) {
        const rows = (await trx(TRANSACTIONS_TABLE)
          .insert(
            chunk.map(({ tx, meta }) => ({
              reference: tx.reference,
              kind: tx.kind,
              currency: tx.currency,
              occurred_at: tx.occurredAt,
              reverses: tx.reverses,
              payment_id: meta.paymentId,
              course_id: meta.courseId,
              details: writeJson(meta.details),
              created_at: meta.createdAt,
            })),
          )
          .onConflict('reference')
          .ignore()
          .returning(['id', 'reference'])) as Row[];
        for (const r of rows) created.set(String(r.reference), Number(r.id));
      }
      const entries = unique.flatMap(({ tx, meta }) => {
        const id = created.get(tx.reference);
        if (id === undefined) return [];
        return tx.postings.map((p) => {
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
      });
      for (const chunk of chunks(entries)) await trx(ENTRIES_TABLE).insert(chunk);
      const existing = new Map<string, number>();
      const missing = [...firstOf.keys()].filter((reference) => !created.has(reference));
      for (const chunk of chunks(missing)) {
        const rows = (await trx(TRANSACTIONS_TABLE).whereIn('reference', chunk).select('id', 'reference')) as Row[];
        for (const r of rows) existing.set(String(r.reference), Number(r.id));
      }
      return items.map(({ tx }, i) => {
        const id = created.get(tx.reference);
        if (id !== undefined) return { id, created: firstOf.get(tx.reference) === i };
        const winner = existing.get(tx.reference);
        if (winner === undefined) throw new Error(`ledger transaction ${tx.reference} was neither inserted nor found`);
        return { id: winner, created: false };
      });
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
