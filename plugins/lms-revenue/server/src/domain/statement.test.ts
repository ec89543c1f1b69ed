import { money } from '@lms/plugin-lms-core/server';
import { describe, expect, it } from 'vitest';
import type { RevenueError } from './errors';
import { type LedgerTransaction } from './ledger';
import { payoutPaidTransaction, payoutRequestTransaction } from './payouts';
import { reverseSale } from './reverse';
import { DEFAULT_RULES } from './rules';
import { splitSale } from './split';
import { type StatementTransaction, buildStatement, lastMonths, parseStatementMonth, statementCsv } from './statement';

const zar = (n: number) => money(n, 'ZAR');
const at = (iso: string) => new Date(iso);

/** What the service reads for one transaction: this instructor's sums and the stored waterfall. */
function asRow(id: number, tx: LedgerTransaction, instructorId: string, waterfall: StatementTransaction['waterfall'] = []): StatementTransaction {
  const sum = (account: string) => tx.postings.filter((p) => p.account === account).reduce((s, p) => s + p.amount.amount, 0);
  return {
    id,
    reference: tx.reference,
    kind: tx.kind,
    currency: tx.currency,
    occurredAt: tx.occurredAt,
    courseId: tx.kind === 'sale' || tx.reverses ? 'c1' : null,
    courseTitle: tx.kind === 'sale' || tx.reverses ? 'Intro, "TS"' : null,
    earnings: sum(`instructor:${instructorId}`),
    requested: sum(`instructor:${instructorId}:requested`),
    paid: sum(`payouts:${instructorId}`),
    waterfall,
  };
}

describe('parseStatementMonth / lastMonths', () => {
  it('reads YYYY-MM as a UTC month and names a bad one', () => {
    expect(parseStatementMonth('2026-02')).toEqual({ month: '2026-02', start: at('2026-02-01T00:00:00Z'), end: at('2026-03-01T00:00:00Z') });
    expect(parseStatementMonth('2026-12').end).toEqual(at('2027-01-01T00:00:00Z'));
    for (const bad of ['2026-13', '2026-2', 'march', 202602, '1999-01']) {
      expect(() => parseStatementMonth(bad, 'params.month')).toThrow(expect.objectContaining({ code: 'invalid-month', field: 'params.month' }) as RevenueError);
    }
  });
  it('lists the last months oldest first, across a year boundary', () => {
    expect(lastMonths(at('2026-02-15T00:00:00Z'), 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('buildStatement', () => {
  const split = splitSale(
    { reference: 'payment:7', courseId: 'c1', courseInstructorIds: ['ana', 'ben'], gross: zar(10_000), tax: zar(0), fee: zar(320), occurredAt: at('2026-03-03T09:00:00Z') },
    { ...DEFAULT_RULES, vat: { ZAR: { rate: 1500, prices: 'inclusive' } } },
  );
  const refund = reverseSale({ sale: split.transaction, previous: [], amount: zar(2_500), cause: 'refund', reference: 'payment:7:returned:2500', occurredAt: at('2026-03-20T09:00:00Z') });
  const request = payoutRequestTransaction({ payoutId: '11', instructorId: 'ana', amount: zar(1_000), occurredAt: at('2026-03-21T09:00:00Z') });
  const paid = payoutPaidTransaction({ payoutId: '11', instructorId: 'ana', amount: zar(1_000), occurredAt: at('2026-03-25T09:00:00Z') });
  const rows = [asRow(4, paid, 'ana'), asRow(1, split.transaction, 'ana', split.waterfall), asRow(2, refund.transaction, 'ana', refund.waterfall), asRow(3, request, 'ana')];
  const statement = buildStatement({
    instructor: { id: 'ana', name: 'Ana' },
    month: '2026-03',
    openings: [{ currency: 'ZAR', earnings: 5_000, requested: 700, paid: 12_000 }],
    transactions: rows,
  });
  const [section] = statement.sections;
  const earned = split.instructors.find((i) => i.instructorId === 'ana')?.amount.amount ?? 0;
  const givenBack = -(refund.transaction.postings.find((p) => p.account === 'instructor:ana')?.amount.amount ?? 0);

  it('runs from the opening balance (earnings + reserved) through each line to the closing one', () => {
    expect(section?.opening).toEqual(zar(5_700));
    expect(section?.lines.map((l) => l.kind)).toEqual(['sale', 'refund', 'payout-requested', 'payout-paid']);
    expect(section?.lines.map((l) => l.balanceChange.amount)).toEqual([earned, -givenBack, 0, -1_000]);
    expect(section?.closing).toEqual(zar(5_700 + earned - givenBack - 1_000));
    expect(section?.lines.at(-1)?.balance).toEqual(section?.closing);
    expect(section?.totals).toMatchObject({ sales: 1, gross: zar(10_000), earned: zar(earned), refunded: zar(givenBack), payoutsPaid: zar(1_000), reservedAtClose: zar(700), paidToDateAtClose: zar(13_000) });
  });

  it("shows each sale's waterfall: gross, VAT, fee, what was shared and the instructor's rule", () => {
    const sale = section?.lines[0];
    expect(sale).toMatchObject({ gross: zar(10_000), vat: zar(split.vat.amount.amount), fee: zar(320), base: split.base, earnings: zar(earned) });
    expect(sale?.shareRule).toBe('50.00% weight × 70.00% share (platform default)');
    expect(sale?.description).toBe('Sale — Intro, "TS"');
    expect(section?.lines[1]).toMatchObject({ gross: zar(2_500) });
  });

  it('writes CSV with opening and closing rows, exact decimals and quoted fields', () => {
    const csv = statementCsv(statement);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,type,reference,course_id,course,description,currency,gross,vat,fee,shared,your_share_rule,your_earnings,balance_change,balance');
    expect(lines[1]).toBe('2026-03-01T00:00:00.000Z,opening-balance,,,,Opening balance 2026-03,ZAR,,,,,,,,57.00');
    expect(lines[2]).toContain(',sale,payment:7,c1,"Intro, ""TS""","Sale — Intro, ""TS""",ZAR,100.00,');
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe(`2026-04-01T00:00:00.000Z,closing-balance,,,,Closing balance 2026-03,ZAR,,,,,,,,${((5_700 + earned - givenBack - 1_000) / 100).toFixed(2)}`);
  });

  it('refuses a transaction outside the month', () => {
    expect(() => buildStatement({ instructor: { id: 'ana', name: null }, month: '2026-04', openings: [], transactions: [rows[1] as StatementTransaction] })).toThrow(/not in 2026-04/);
  });

  it('defuses spreadsheet formulas in author-provided text', () => {
    const evil = { ...(rows[1] as StatementTransaction), courseTitle: '=HYPERLINK("x")' };
    const csv = statementCsv(buildStatement({ instructor: { id: 'ana', name: null }, month: '2026-03', openings: [], transactions: [evil] }));
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
