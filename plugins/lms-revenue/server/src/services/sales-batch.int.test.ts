import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, type Dialect, openDialect } from '../../../../../tests/harness/dialects';
import { coursesInstructorIds } from '../adapters/strapi';
import { RevenueError } from '../domain';
import { ENTRIES_TABLE, TRANSACTIONS_TABLE, migrations } from '../migrations';
import { createLedgerService } from './ledger';
import { createRulesService } from './rules';
import { createSalesService } from './sales';

/**
 * `postSales(trx, payloads)` must post what `postSale(trx, p)` for each payload in turn posts
 * (decision 037): two fresh databases of the same kind, the same courses, rules and earlier
 * sales, then the same list of payments through a loop of `postSale` on one and one `postSales`
 * on the other; the answers and every row of the ledger must be equal, and every transaction must
 * balance. Strapi stands in as the holder of the connection, of the plugin's own services and of
 * its metadata; the course and instructor tables behind it are real tables of that database, laid
 * out as Strapi lays out a course's `instructor` and `coInstructors` relations (link tables).
 */

const at = (iso: string) => new Date(iso);
const COURSE = 'api::course.course';
const INSTRUCTOR = 'api::instructor.instructor';
const metadata = {
  [COURSE]: {
    tableName: 'courses',
    attributes: {
      instructor: { joinTable: { name: 'courses_instructor_lnk', joinColumn: { name: 'course_id' }, inverseJoinColumn: { name: 'instructor_id' } } },
      coInstructors: { joinTable: { name: 'courses_co_instructors_lnk', joinColumn: { name: 'course_id' }, inverseJoinColumn: { name: 'instructor_id' }, orderColumnName: 'instructor_ord' } },
    },
  },
  [INSTRUCTOR]: { tableName: 'instructors', attributes: {} },
} as const;

/** Courses as Strapi stores them: a draft row, and a published row once published (each with its own links). */
async function createContent(knex: Knex): Promise<void> {
  await knex.schema.createTable('instructors', (t) => {
    t.increments('id');
    t.string('document_id');
  });
  await knex.schema.createTable('courses', (t) => {
    t.increments('id');
    t.string('document_id');
    t.timestamp('published_at').nullable();
  });
  await knex.schema.createTable('courses_instructor_lnk', (t) => {
    t.increments('id');
    t.integer('course_id');
    t.integer('instructor_id');
  });
  await knex.schema.createTable('courses_co_instructors_lnk', (t) => {
    t.increments('id');
    t.integer('course_id');
    t.integer('instructor_id');
    t.double('instructor_ord');
  });
  const instructor: Record<string, number> = {};
  for (const documentId of ['ins-a', 'ins-b', 'ins-c']) {
    const [row] = (await knex('instructors').insert({ document_id: documentId }).returning('id')) as Array<{ id: number }>;
    instructor[documentId] = Number(row?.id);
  }
  const course = async (documentId: string, published: boolean, main: string | null, co: Array<[string, number]>) => {
    const [row] = (await knex('courses').insert({ document_id: documentId, published_at: published ? at('2026-01-01T00:00:00Z') : null }).returning('id')) as Array<{ id: number }>;
    const id = Number(row?.id);
    if (main) await knex('courses_instructor_lnk').insert({ course_id: id, instructor_id: instructor[main] });
    for (const [ins, ord] of co) await knex('courses_co_instructors_lnk').insert({ course_id: id, instructor_id: instructor[ins], instructor_ord: ord });
  };
  await course('solo', false, 'ins-a', []);
  await course('solo', true, 'ins-a', []);
  // Co-taught: the co-instructors' order is their link order (ins-c before ins-b), not their ids.
  await course('shared', false, 'ins-a', [['ins-b', 1]]);
  await course('shared', true, 'ins-a', [['ins-c', 1], ['ins-b', 2]]);
  // Only a draft: its instructor counts.
  await course('draft-only', false, 'ins-c', []);
  // The draft was re-assigned after publishing: what was sold is the published version's.
  await course('reassigned', true, 'ins-b', []);
  await course('reassigned', false, 'ins-c', []);
}

interface Side {
  db: Awaited<ReturnType<typeof openDialect>>;
  sales: ReturnType<typeof createSalesService>;
}

/** Effective-dated rules recorded in the past, so sales of the list fall before and after each change. */
const RULES: Array<{ input: Record<string, unknown>; now: string }> = [
  { input: { kind: 'holding-days', days: 14 }, now: '2026-01-01T00:00:00Z' },
  { input: { kind: 'vat', currency: 'ZAR', vat: { rate: 1500, prices: 'inclusive' } }, now: '2026-01-01T00:00:00Z' },
  { input: { kind: 'fee-formula', currency: 'ZAR', formula: { rate: 290, fixed: 200 } }, now: '2026-01-01T00:00:00Z' },
  { input: { kind: 'default-share', instructorShare: 6000, effectiveFrom: '2026-02-01T00:00:00Z' }, now: '2026-01-01T00:00:00Z' },
  { input: { kind: 'course-weights', courseId: 'shared', weights: [{ instructorId: 'ins-a', weight: 5000 }, { instructorId: 'ins-c', weight: 3000 }, { instructorId: 'ins-b', weight: 2000 }], effectiveFrom: '2026-03-01T00:00:00Z' }, now: '2026-01-02T00:00:00Z' },
  { input: { kind: 'instructor-share', instructorId: 'ins-b', instructorShare: 8000, effectiveFrom: '2026-03-15T00:00:00Z' }, now: '2026-01-03T00:00:00Z' },
  { input: { kind: 'fee-treatment', treatment: 'absorbed-by-platform', effectiveFrom: '2026-04-01T00:00:00Z' }, now: '2026-01-04T00:00:00Z' },
];

const COURSES = ['solo', 'shared', 'draft-only', 'reassigned', 'unknown-course'];

/** A payment.succeeded payload as lms-enrollment emits it; prices and fees vary with the id. */
function payment(paymentId: number, paidAt: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const gross = 4_900 + ((paymentId * 7_919) % 295_000);
  return {
    paymentId,
    courseId: COURSES[paymentId % COURSES.length],
    gross: { amount: gross, currency: 'ZAR' },
    tax: paymentId % 4 === 0 ? { amount: Math.floor(gross / 10), currency: 'ZAR' } : { amount: 0, currency: 'ZAR' },
    fee: paymentId % 3 === 0 ? null : paymentId % 11 === 0 ? { amount: 90, currency: 'USD' } : { amount: Math.round(gross * 0.029) + 200, currency: 'ZAR' },
    paidAt,
    ...overrides,
  };
}

/** Posted one by one on both sides before the list (the list replays some of them). */
const earlier = [payment(1, '2026-01-10T09:00:00Z'), payment(2, '2026-01-20T09:00:00Z'), payment(3, '2026-02-10T09:00:00Z')];

const months = ['2026-01-15', '2026-02-05', '2026-02-28', '2026-03-05', '2026-03-20', '2026-04-02', '2026-04-20'];
const list: unknown[] = [
  ...Array.from({ length: 40 }, (_, i) => payment(10 + i, `${months[i % months.length]}T${String(8 + (i % 12)).padStart(2, '0')}:30:00Z`)),
  // Redeliveries: of an earlier sale, and of one earlier in this list (same payload twice in a row, and later).
  earlier[1],
  payment(12, '2026-02-28T10:30:00Z'),
  payment(60, '2026-03-21T10:00:00Z'),
  payment(60, '2026-03-21T10:00:00Z'),
  // A fee larger than what is left after VAT (the platform's loss, shown), and a free course.
  payment(61, '2026-03-22T10:00:00Z', { gross: { amount: 300, currency: 'ZAR' }, fee: { amount: 290, currency: 'ZAR' } }),
  payment(62, '2026-03-22T11:00:00Z', { gross: { amount: 0, currency: 'ZAR' }, tax: { amount: 0, currency: 'ZAR' }, fee: null }),
  payment(3, '2026-02-10T09:00:00Z'),
];

async function openSide(dialect: Dialect, label: string): Promise<Side> {
  const db = await openDialect(dialect, label);
  await runMigrations(db.knex, 'lms-revenue', migrations);
  await createContent(db.knex);
  const services: Record<string, unknown> = {};
  const strapi = {
    db: { connection: db.knex, metadata: { get: (uid: keyof typeof metadata) => metadata[uid] } },
    plugin: () => ({ service: (name: string) => services[name] }),
  } as unknown as Core.Strapi;
  services.ledger = createLedgerService({ strapi });
  services.rules = createRulesService({ strapi });
  const sales = createSalesService({ strapi });
  services.sales = sales;
  const rules = services.rules as ReturnType<typeof createRulesService>;
  for (const r of RULES) await rules.record(r.input, { adminId: 1, note: 'test', now: at(r.now) });
  for (const p of earlier) await db.knex.transaction((trx) => sales.postSale(trx, p));
  return { db, sales };
}

type Row = Record<string, unknown>;
const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : v);

/**
 * Every ledger row, in insert order, insert times left out; JSON read back; bigint text as
 * numbers. Row ids are left out too (an insert that meets an existing reference uses up a
 * sequence value in a loop, not in a batch): entries name their transaction by its reference.
 */
async function ledgerRows(knex: Knex): Promise<{ transactions: Row[]; entries: Row[]; references: Map<number, string> }> {
  const rows = (await knex(TRANSACTIONS_TABLE).orderBy('id')) as Row[];
  const references = new Map(rows.map((r) => [Number(r.id), String(r.reference)]));
  const transactions = rows.map(({ id: _id, created_at: _at, details, ...r }) => ({
    ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'payment_id' ? Number(v) : plain(v)])),
    details: typeof details === 'string' ? JSON.parse(details) : details,
  }));
  const entries = ((await knex(ENTRIES_TABLE).orderBy('id')) as Row[]).map(({ id: _id, transaction_id, ...r }) => ({
    transaction: references.get(Number(transaction_id)),
    ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'amount' ? Number(v) : plain(v)])),
  }));
  return { transactions, entries, references };
}

/** An answer with its transaction id replaced by that transaction's reference on its side. */
const byReference = (answers: string[], references: Map<number, string>) => answers.map((a) => a.replace(/transaction (\d+)/, (_, id: string) => `transaction of ${references.get(Number(id))}`));

describe.each(DIALECTS)('lms-revenue postSales = postSale in a loop, on %s', (dialect) => {
  let looped: Side;
  let batched: Side;
  let loopAnswers: string[];
  let batchAnswers: string[];

  beforeAll(async () => {
    looped = await openSide(dialect, 'rev-loop');
    batched = await openSide(dialect, 'rev-batch');
    loopAnswers = await looped.db.knex.transaction(async (trx) => {
      const out: string[] = [];
      for (const p of list) out.push(await looped.sales.postSale(trx, p));
      return out;
    });
    batchAnswers = await batched.db.knex.transaction((trx) => batched.sales.postSales(trx, list));
  });
  afterAll(async () => {
    await looped?.db.close();
    await batched?.db.close();
  });

  it('reads each course’s instructors as the published version lists them, in one query', async () => {
    const queries: string[] = [];
    const count = (q: { sql: string }) => queries.push(q.sql);
    batched.db.knex.on('query', count);
    const map = await coursesInstructorIds({ db: { connection: batched.db.knex, metadata: { get: (uid: keyof typeof metadata) => metadata[uid] } } } as unknown as Core.Strapi, COURSES);
    batched.db.knex.off('query', count);
    expect(queries).toHaveLength(1);
    expect(Object.fromEntries(map)).toEqual({ solo: ['ins-a'], shared: ['ins-a', 'ins-c', 'ins-b'], 'draft-only': ['ins-c'], reassigned: ['ins-b'], 'unknown-course': [] });
  });

  it('answers each payment as postSale did', async () => {
    const [a, b] = await Promise.all([ledgerRows(looped.db.knex), ledgerRows(batched.db.knex)]);
    expect(byReference(batchAnswers, b.references)).toEqual(byReference(loopAnswers, a.references));
    expect(byReference(batchAnswers, b.references).slice(40, 42)).toEqual(['already posted: payment:2 (transaction of payment:2)', 'already posted: payment:12 (transaction of payment:12)']);
    expect(batchAnswers.filter((a) => a.startsWith('posted sale'))).toHaveLength(43);
    expect(batchAnswers.slice(40)).toEqual([
      expect.stringMatching(/^already posted: payment:2 \(transaction \d+\)$/),
      expect.stringMatching(/^already posted: payment:12 /),
      expect.stringMatching(/^posted sale payment:60 as transaction \d+$/),
      expect.stringMatching(/^already posted: payment:60 /),
      expect.stringMatching(/^posted sale payment:61 /),
      expect.stringMatching(/^posted sale payment:62 /),
      expect.stringMatching(/^already posted: payment:3 /),
    ]);
  });

  it('leaves the same ledger rows, and every transaction balances', async () => {
    const [a, b] = await Promise.all([ledgerRows(looped.db.knex), ledgerRows(batched.db.knex)]);
    expect(b.transactions).toEqual(a.transactions);
    expect(b.entries).toEqual(a.entries);
    expect(a.transactions).toHaveLength(46);
    const sums = new Map<string, number>();
    for (const e of b.entries) sums.set(e.transaction as string, (sums.get(e.transaction as string) ?? 0) + (e.amount as number));
    expect(sums.size).toBe(46);
    expect([...sums.values()].every((s) => s === 0)).toBe(true);
    // The list meets what it should: several rules in force, co-instructors, no instructors, a platform loss.
    const details = b.transactions.map((t) => t.details as { rulesUsed: unknown; warnings: Array<{ code: string }>; instructors: unknown[] });
    expect(new Set(details.map((d) => JSON.stringify(d.rulesUsed))).size).toBeGreaterThan(4);
    expect(details.some((d) => d.instructors.length === 3)).toBe(true);
    expect(details.some((d) => d.warnings.some((w) => w.code === 'no-instructors'))).toBe(true);
    expect(details.some((d) => d.warnings.some((w) => w.code === 'fee-exceeds-net'))).toBe(true);
  });

  it('a payment that cannot be posted makes the whole call throw, naming it, and writes nothing', async () => {
    const before = await ledgerRows(batched.db.knex);
    const bad = payment(70, '2026-03-01T10:00:00Z', { gross: { amount: -5, currency: 'ZAR' } });
    const error = await batched.db.knex.transaction((trx) => batched.sales.postSales(trx, [payment(71, '2026-03-01T10:00:00Z'), bad])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevenueError);
    expect((error as RevenueError).message).toMatch(/gross.*payment\.succeeded of payment 70 \(2 of 2 in the batch\)/);
    const unparsable = await batched.db.knex.transaction((trx) => batched.sales.postSales(trx, [{ paymentId: 72, courseId: 'solo' }])).catch((e: unknown) => e);
    expect(unparsable).toMatchObject({ code: 'invalid-amount', field: 'gross' });
    expect((unparsable as Error).message).toMatch(/payment\.succeeded of payment 72$/);
    expect(await ledgerRows(batched.db.knex)).toEqual(before);
  });

  it('does not cache the rules: a rule recorded between two calls applies to the second', async () => {
    const sale = payment(80, '2026-05-02T10:00:00Z', { courseId: 'solo' });
    const rules = createRulesService({ strapi: { db: { connection: batched.db.knex } } as unknown as Core.Strapi });
    await batched.db.knex.transaction((trx) => batched.sales.postSales(trx, [sale]));
    await rules.record({ kind: 'default-share', instructorShare: 9000, effectiveFrom: '2026-05-01T00:00:00Z' }, { adminId: 1, note: 'test', now: at('2026-04-30T00:00:00Z') });
    await batched.db.knex.transaction((trx) => batched.sales.postSales(trx, [payment(81, '2026-05-02T10:00:00Z', { courseId: 'solo' })]));
    const shares = ((await batched.db.knex(TRANSACTIONS_TABLE).whereIn('reference', ['payment:80', 'payment:81']).orderBy('id')) as Row[]).map((t) => {
      const d = (typeof t.details === 'string' ? JSON.parse(t.details) : t.details) as { instructors: Array<{ share: number }> };
      return d.instructors.map((i) => i.share);
    });
    expect(shares).toEqual([[6000], [9000]]);
  });
});
