import type { Core } from '@strapi/strapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { DEFAULT_RULES, type LedgerTransaction, reverseSale, splitSale } from '../domain';
import { ENTRIES_TABLE, migrations, TRANSACTIONS_TABLE } from '../migrations';
import { createLedgerService } from './ledger';

const DAY = 86_400_000;
const soldAt = new Date('2026-03-01T10:00:00Z');

/** The ledger service needs only `strapi.db.connection`; a real database of each kind stands behind it. */
describe.each(DIALECTS)('lms-revenue ledger on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  let ledger: ReturnType<typeof createLedgerService>;
  beforeAll(async () => {
    db = await openDialect(dialect, 'lms-revenue');
    ledger = createLedgerService({ strapi: { db: { connection: db.knex } } as unknown as Core.Strapi });
  });
  afterAll(async () => {
    await db?.close();
  });

  const split = splitSale(
    { reference: 'payment:1', courseId: 'course-a', courseInstructorIds: ['ins-a', 'ins-b'], gross: money(10_001, 'ZAR'), tax: money(0, 'ZAR'), fee: money(320, 'ZAR'), occurredAt: soldAt },
    DEFAULT_RULES,
  );
  const meta = { paymentId: 1, courseId: 'course-a', details: { waterfall: split.waterfall }, createdAt: soldAt };

  it('creates the tables once', async () => {
    expect((await runMigrations(db.knex, 'lms-revenue', migrations)).applied).toEqual(['001-rules-and-ledger', '002-instructor-balance-covering-index']);
    expect((await runMigrations(db.knex, 'lms-revenue', migrations)).applied).toEqual([]);
  });

  it("has the partial covering index for instructors' balances, and not the one it replaced", async () => {
    const definitions =
      dialect === 'postgres'
        ? ((await db.knex('pg_indexes').where({ tablename: ENTRIES_TABLE }).select('indexdef')) as Array<{ indexdef: string }>).map((r) => r.indexdef)
        : ((await db.knex('sqlite_master').where({ type: 'index', tbl_name: ENTRIES_TABLE }).whereNotNull('sql').select('sql')) as Array<{ sql: string }>).map((r) => r.sql);
    const cover = definitions.find((d) => d.includes('lms_ledger_entries_instructor_cover_idx'));
    expect(cover).toMatch(/instructor_id.*account.*currency.*available_at.*amount/);
    expect(cover).toMatch(/where .*instructor_id.* is not null/i);
    expect(definitions.some((d) => d.includes('lms_ledger_entries_instructor_idx'))).toBe(false);
  });

  it('posts a sale once: a second post of the same reference writes nothing', async () => {
    const first = await db.knex.transaction((trx) => ledger.post(trx, split.transaction, meta));
    const again = await db.knex.transaction((trx) => ledger.post(trx, split.transaction, meta));
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const stored = await ledger.findByReference('payment:1');
    expect(stored?.transaction.postings).toEqual(split.transaction.postings);
    expect(stored?.details).toEqual(JSON.parse(JSON.stringify({ waterfall: split.waterfall })));
    const entries = await db.knex(ENTRIES_TABLE).where({ transaction_id: first.id });
    expect(entries.reduce((s, e) => s + Number(e.amount), 0)).toBe(0);
  });

  it('refuses an unbalanced transaction and writes no row', async () => {
    const bad: LedgerTransaction = { ...split.transaction, reference: 'payment:2', postings: [...split.transaction.postings, { account: 'platform_rounding', amount: money(1, 'ZAR'), availableAt: null }] };
    await expect(db.knex.transaction((trx) => ledger.post(trx, bad, meta))).rejects.toThrow(/sums to 1 ZAR minor units, not zero/);
    expect(await db.knex(TRANSACTIONS_TABLE).where({ reference: 'payment:2' })).toEqual([]);
  });

  it('derives pending before the holding period ends and available after it, in SQL', async () => {
    const [a, b] = split.instructors;
    const during = await ledger.balances(new Date(soldAt.getTime() + DAY));
    expect(during.map((x) => [x.instructorId, x.pending.amount, x.available.amount])).toEqual([
      ['ins-a', a?.amount.amount, 0],
      ['ins-b', b?.amount.amount, 0],
    ]);
    const after = await ledger.balances(new Date(soldAt.getTime() + 31 * DAY), { instructorId: 'ins-b' });
    expect(after.map((x) => [x.instructorId, x.pending.amount, x.available.amount])).toEqual([['ins-b', 0, b?.amount.amount]]);
  });

  it('stores reversals against their sale and reads them back in order', async () => {
    const sale = (await ledger.findByReference('payment:1'))!.transaction;
    const r = reverseSale({ sale, previous: [], amount: money(2_500, 'ZAR'), cause: 'refund', reference: 'payment:1:returned:2500', occurredAt: new Date(soldAt.getTime() + DAY) });
    await db.knex.transaction((trx) => ledger.post(trx, r.transaction, { ...meta, details: {} }));
    const reversals = await ledger.reversalsOf('payment:1');
    expect(reversals.map((x) => [x.transaction.reference, x.transaction.kind, x.transaction.reverses])).toEqual([['payment:1:returned:2500', 'refund', 'payment:1']]);
    const [a] = await ledger.balances(new Date(soldAt.getTime() + DAY), { instructorId: 'ins-a' });
    const back = r.transaction.postings.find((p) => p.account === 'instructor:ins-a')?.amount.amount ?? 0;
    expect(a?.pending.amount).toBe((split.instructors[0]?.amount.amount ?? 0) + back);
  });
});
