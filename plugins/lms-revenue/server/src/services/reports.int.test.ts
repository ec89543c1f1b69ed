import type { Core } from '@strapi/strapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { DEFAULT_RULES, type LedgerTransaction, payoutPaidTransaction, payoutRequestTransaction, reverseSale, splitSale } from '../domain';
import { migrations } from '../migrations';
import { createBalancesService } from './balances';
import { createLedgerService } from './ledger';
import { createReportsService } from './reports';

const DAY = 86_400_000;
const zar = (n: number) => money(n, 'ZAR');
const at = (iso: string) => new Date(iso);

/**
 * The reports' SQL aggregates on a real database of each kind. The Strapi stand-in gives the
 * services their database and each other; content lookups (names, titles) answer from a map.
 */
describe.each(DIALECTS)('lms-revenue reports on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  let reports: ReturnType<typeof createReportsService>;
  let ledger: ReturnType<typeof createLedgerService>;
  const names: Record<string, string> = { ana: 'Ana Ćosić', ben: 'Ben', c1: 'Course one', c2: 'Course two' };

  const rules = { ...DEFAULT_RULES, courseWeights: { c1: [{ instructorId: 'ana', weight: 6000 }, { instructorId: 'ben', weight: 4000 }] } };
  const sale = (n: number, courseId: string, gross: number, when: string) =>
    splitSale({ reference: `payment:${n}`, courseId, courseInstructorIds: courseId === 'c1' ? ['ana', 'ben'] : ['ana'], gross: zar(gross), tax: zar(0), fee: zar(Math.round(gross * 0.03)), occurredAt: at(when) }, rules);
  const s1 = sale(1, 'c1', 10_000, '2026-02-05T10:00:00Z');
  const s2 = sale(2, 'c2', 20_000, '2026-02-20T10:00:00Z');
  const s3 = sale(3, 'c1', 5_000, '2026-03-02T10:00:00Z');
  const s4 = sale(4, 'c2', 8_000, '2026-03-03T10:00:00Z');
  const anaOf = (s: ReturnType<typeof sale>) => s.instructors.find((i) => i.instructorId === 'ana')?.amount.amount ?? 0;
  // Ana is paid everything available in late March (February's holding periods are over), then s2 is refunded in full.
  const paidOut = anaOf(s1) + anaOf(s2);
  const request = payoutRequestTransaction({ payoutId: '9', instructorId: 'ana', amount: zar(paidOut), occurredAt: at('2026-03-25T10:00:00Z') });
  const paid = payoutPaidTransaction({ payoutId: '9', instructorId: 'ana', amount: zar(paidOut), occurredAt: at('2026-03-26T10:00:00Z') });
  const refund = reverseSale({ sale: s2.transaction, previous: [], amount: 'full', cause: 'refund', reference: 'payment:2:returned:20000', occurredAt: at('2026-03-28T10:00:00Z') });
  const chargeback = reverseSale({ sale: s3.transaction, previous: [], amount: zar(5_000), cause: 'chargeback', reference: 'payment:3:returned:5000', occurredAt: at('2026-03-29T10:00:00Z') });
  const now = at('2026-03-30T00:00:00Z');

  beforeAll(async () => {
    db = await openDialect(dialect, 'lms-revenue-reports');
    await runMigrations(db.knex, 'lms-revenue', migrations);
    const services: Record<string, unknown> = {};
    const named = async ({ where }: { where: { documentId: { $in: string[] } } }) =>
      where.documentId.$in.filter((id) => names[id]).map((id) => ({ documentId: id, name: names[id], title: names[id], publishedAt: '2026-01-01' }));
    const strapi = { db: { connection: db.knex, query: () => ({ findMany: named }) }, plugin: () => ({ service: (n: string) => services[n] }) } as unknown as Core.Strapi;
    ledger = createLedgerService({ strapi });
    services.ledger = ledger;
    services.balances = createBalancesService({ strapi });
    reports = createReportsService({ strapi });
    const post = (tx: LedgerTransaction, details: Record<string, unknown> = {}, courseId: string | null = null) =>
      db.knex.transaction((trx) => ledger.post(trx, tx, { paymentId: null, courseId, details, createdAt: tx.occurredAt }));
    for (const s of [s1, s2, s3, s4]) await post(s.transaction, { waterfall: s.waterfall }, s.transaction.reference === 'payment:1' || s.transaction.reference === 'payment:3' ? 'c1' : 'c2');
    await post(request);
    await post(paid);
    await post(refund.transaction, { waterfall: refund.waterfall }, 'c2');
    await post(chargeback.transaction, { waterfall: chargeback.waterfall }, 'c1');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('overview: per month every sale and reversal adds up (gross − returned = VAT + fees + platform + rounding + instructors)', async () => {
    const o = await reports.overview(now);
    expect(o.months.map((m) => [m.month, m.sales, m.reversals])).toEqual([
      ['2026-02', 2, 0],
      ['2026-03', 2, 2],
    ]);
    for (const m of o.months) {
      expect(m.gross.amount - m.refunded.amount - m.chargedBack.amount).toBe(m.vat.amount + m.fees.amount + m.platform.amount + m.rounding.amount + m.instructors.amount);
    }
    const [feb, mar] = o.months;
    expect(feb?.gross).toEqual(zar(30_000));
    expect(mar).toMatchObject({ gross: zar(13_000), refunded: zar(20_000), chargedBack: zar(5_000), payoutsPaid: zar(paidOut) });
    expect(feb?.fees.amount).toBe(300 + 600);
    expect(o.courses.map((c) => [c.course.id, c.course.title, c.sales, c.gross.amount, c.returned.amount])).toEqual([
      ['c2', 'Course two', 2, 28_000, 20_000],
      ['c1', 'Course one', 2, 15_000, 5_000],
    ]);
  });

  it('overview liabilities: what instructors are owed now, with the refund after the payout carried forward', async () => {
    const o = await reports.overview(now);
    const ana = o.instructors.find((i) => i.instructor.id === 'ana');
    const refunded = anaOf(s2);
    const charged = -(chargeback.transaction.postings.find((p) => p.account === 'instructor:ana')?.amount.amount ?? 0);
    // Available side after the payout: − s2's share (refund) + nothing else settled yet → negative.
    expect(ana).toMatchObject({ instructor: { name: 'Ana Ćosić' }, paid: zar(paidOut), requested: zar(0), available: zar(0), carriedForward: zar(refunded) });
    expect(ana?.pending).toEqual(zar(anaOf(s3) - charged + anaOf(s4)));
    expect(ana?.owed.amount).toBe(ana!.pending.amount - refunded);
    const [zarLiability] = o.liabilities;
    expect(zarLiability?.owed.amount).toBe(o.instructors.reduce((s, i) => s + i.owed.amount, 0));
    expect(zarLiability?.instructors).toBe(2);
  });

  it('course drill-down: each co-instructor earned by weight, and what the chargeback took back', async () => {
    const c = await reports.course('c1');
    expect(c.course.title).toBe('Course one');
    const [ana, ben] = c.instructors;
    expect(ana?.instructor.id).toBe('ana');
    expect(ana?.earned.amount).toBe(anaOf(s1) + anaOf(s3));
    // 60 / 40 of the 70 % share.
    expect(ben?.earned.amount).toBe(Math.floor(((10_000 - 300) * 4000 * 7000) / 1e8) + Math.floor(((5_000 - 150) * 4000 * 7000) / 1e8));
    expect(ben?.net.amount).toBe(ben!.earned.amount - ben!.reversed.amount);
    expect(c.months.map((m) => m.month)).toEqual(['2026-02', '2026-03']);
  });

  it('earnings: per course and the last 12 months, ending with the current month', async () => {
    const e = await reports.earnings('ana', now);
    expect(e.instructor.name).toBe('Ana Ćosić');
    const c2 = e.courses.find((c) => c.course.id === 'c2');
    expect(c2).toMatchObject({ sales: 2, earned: zar(anaOf(s2) + anaOf(s4)), refunded: zar(anaOf(s2)), net: zar(anaOf(s4)), pending: zar(anaOf(s4)) });
    const [series] = e.months;
    expect(series?.series).toHaveLength(12);
    expect(series?.series.at(-1)?.month).toBe('2026-03');
    const march = series?.series.find((m) => m.month === '2026-03');
    expect(march?.earned.amount).toBe(anaOf(s3) + anaOf(s4));
    expect(march?.paid).toEqual(zar(paidOut));
    expect(series?.series.find((m) => m.month === '2026-02')?.earned.amount).toBe(anaOf(s1) + anaOf(s2));
  });

  it("statement: February's closing is March's opening; March lists sales with waterfalls, the payout, the refund and the chargeback", async () => {
    const feb = await reports.statement('ana', '2026-02');
    const mar = await reports.statement('ana', '2026-03');
    expect(feb.sections[0]?.opening).toEqual(zar(0));
    expect(feb.sections[0]?.closing).toEqual(zar(anaOf(s1) + anaOf(s2)));
    const m = mar.sections[0];
    expect(m?.opening).toEqual(feb.sections[0]?.closing);
    expect(m?.lines.map((l) => l.kind)).toEqual(['sale', 'sale', 'payout-requested', 'payout-paid', 'refund', 'chargeback']);
    expect(m?.lines[0]).toMatchObject({ courseTitle: 'Course one', gross: zar(5_000), fee: zar(150), shareRule: '60.00% weight × 70.00% share (platform default)' });
    const [{ balances }] = [await reports.earnings('ana', at('2026-04-01T00:00:00Z'))];
    const b = balances[0]!;
    expect(m?.closing.amount).toBe(b.pending.amount + b.available.amount - b.carriedForward.amount + b.requested.amount);
    expect(m?.totals.paidToDateAtClose).toEqual(zar(paidOut));
    // No entries in May: the statement has the opening balance only.
    const may = await reports.statement('ana', '2026-05');
    expect(may.sections[0]).toMatchObject({ opening: m?.closing, closing: m?.closing, lines: [] });
  });

  it('transactions: newest first, filtered by instructor and kind, paged', async () => {
    const page1 = await reports.transactions({ instructorId: 'ben', page: 1, pageSize: 2 });
    expect(page1.pagination).toEqual({ page: 1, pageSize: 2, total: 3, pageCount: 2 });
    expect(page1.data.map((t) => t.reference)).toEqual(['payment:3:returned:5000', 'payment:3']);
    expect(page1.data[1]?.instructor?.amount).toBe(s3.instructors.find((i) => i.instructorId === 'ben')?.amount.amount);
    const refunds = await reports.transactions({ kind: 'refund', page: 1, pageSize: 10 });
    expect(refunds.data.map((t) => [t.reference, t.amount.amount])).toEqual([['payment:2:returned:20000', 20_000]]);
    const feb = await reports.transactions({ from: '2026-02', to: '2026-02', page: 1, pageSize: 10 });
    expect(feb.data.map((t) => t.reference)).toEqual(['payment:2', 'payment:1']);
  });

  it("after March's holding periods end, nothing is pending", async () => {
    const [ana] = await ledger.balances(new Date(at('2026-03-03T10:00:00Z').getTime() + 31 * DAY), { instructorId: 'ana' });
    expect(ana?.pending.amount).toBe(0);
  });
});
