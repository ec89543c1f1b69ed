import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { money } from '@lms/plugin-lms-core/server';
import { payoutPaidTransaction, payoutRequestTransaction } from '../../plugins/lms-revenue/server/src/domain';
import { createLedgerService } from '../../plugins/lms-revenue/server/src/services/ledger';
import type {
  ApiErrorBody,
  BalanceView,
  BalancesResponse,
  CourseRevenueResponse,
  EarningsResponse,
  OverviewResponse,
  TransactionListResponse,
  MyBalanceResponse,
  RuleChangeResponse,
  RulesResponse,
  TransactionResponse,
} from '../../plugins/lms-revenue/server/src/contracts';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { type AdminUser, createInstructor } from '../harness/admin-users';
import { connect, publishDoc } from '../harness/content';
import { sql } from '../harness/pg';
import { amountOf, buy, type Course, deliver, entriesOf, txByReference, until } from '../harness/revenue';
import { stripeId } from '../harness/stripe-objects';

/**
 * lms-revenue against the real stack: purchases arrive as signed Stripe webhooks, lms-enrollment
 * announces payment.succeeded / payment.refunded through the outbox and queue, lms-revenue's
 * consumers post ledger transactions, and the admin API derives balances from them. Rows are read
 * back from PostgreSQL; "now" is moved with lms-enrollment's test clock header.
 */

const REVENUE = '/lms-revenue';
const DAY_MS = 86_400_000;
const run = Date.now().toString(36);

let admin: Record<string, string>;
let adminUserId: number;
let course: Course;
let other: Course;

const balanceOf = (list: BalanceView[], instructorId: string, currency: string) => {
  const b = list.find((x) => x.instructor.id === instructorId && x.currency === currency);
  return { pending: b?.pending.amount ?? 0, available: b?.available.amount ?? 0, carriedForward: b?.carriedForward.amount ?? 0, requested: b?.requested.amount ?? 0, paid: b?.paid.amount ?? 0 };
};

async function balances(instructorId: string, currency: string, at?: Date) {
  const res = await getJson<BalancesResponse>(`${REVENUE}/balances?instructor=${instructorId}`, { headers: { ...admin, ...(at ? { 'x-lms-test-now': at.toISOString() } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return balanceOf(res.body.data, instructorId, currency);
}

async function paidCourses(): Promise<Course[]> {
  const rows = await sql<{ document_id: string; price_amount: number; currency: string; instructor_id: string; email: string }>(
    `SELECT DISTINCT c.document_id, c.price_amount, c.currency, i.document_id AS instructor_id, u.email
       FROM courses c
       JOIN courses_instructor_lnk ci ON ci.course_id = c.id
       JOIN instructors i ON i.id = ci.instructor_id
       JOIN instructors_admin_user_lnk iu ON iu.instructor_id = i.id
       JOIN admin_users u ON u.id = iu.user_id
      WHERE c.pricing_model = 'one_time' AND c.published_at IS NOT NULL AND c.price_amount > 0
      ORDER BY c.price_amount DESC, c.document_id`,
  );
  return rows.map((r) => ({ documentId: r.document_id, priceAmount: Number(r.price_amount), currency: r.currency, instructorId: r.instructor_id, instructorEmail: r.email }));
}

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  adminUserId = Number((await sql<{ id: number }>('SELECT id FROM admin_users WHERE email = $1', [inject('adminEmail')]))[0]?.id);
  const courses = await paidCourses();
  expect(courses.length, 'the demo seed has paid courses with an instructor linked to an admin user').toBeGreaterThanOrEqual(2);
  course = courses[0] as Course;
  // A course of another instructor (for the 403 checks).
  other = courses.find((c) => c.instructorId !== course.instructorId) ?? (courses[1] as Course);
});

describe('payment.succeeded → the sale in the ledger', () => {
  it('posts one balanced sale split by the default rules; pending until the holding period ends, then available', async () => {
    const before = await balances(course.instructorId, course.currency);
    const p = await buy(course);
    const entries = await entriesOf(p.sale.id);

    // Balanced to the cent, and every part is what the rules say (no VAT, Stripe's fee off the top, 70 %).
    expect(entries.reduce((s, e) => s + Number(e.amount), 0)).toBe(0);
    expect(new Set(entries.map((e) => e.currency))).toEqual(new Set([course.currency]));
    const base = course.priceAmount - p.fee;
    const instructorShare = Math.floor((base * 7000) / 10000);
    expect(amountOf(entries, 'customer_payments')).toBe(-course.priceAmount);
    expect(amountOf(entries, 'processing_fees')).toBe(p.fee);
    expect(amountOf(entries, `instructor:${course.instructorId}`)).toBe(instructorShare);
    expect(amountOf(entries, 'platform_revenue') + amountOf(entries, 'platform_rounding')).toBe(base - instructorShare);
    expect(amountOf(entries, 'vat_payable')).toBe(0);

    // The holding period (30 days by default) is fixed on the instructor's line.
    const held = entries.find((e) => e.account === `instructor:${course.instructorId}`);
    const availableAt = new Date(held?.available_at as Date);
    expect(availableAt.getTime()).toBe(new Date(p.sale.occurred_at).getTime() + 30 * DAY_MS);

    const now = await balances(course.instructorId, course.currency);
    expect(now.pending - before.pending).toBe(instructorShare);
    expect(now.available - before.available).toBe(0);

    // A second after the holding period (the test clock): available, no longer pending.
    const later = await balances(course.instructorId, course.currency, new Date(availableAt.getTime() + 1000));
    const justBefore = await balances(course.instructorId, course.currency, new Date(availableAt.getTime() - 1000));
    expect(justBefore.pending - later.pending).toBe(instructorShare);
    expect(later.available - justBefore.available).toBe(instructorShare);

    // The fee waterfall of the sale, as the admin sees it.
    const tx = await getJson<TransactionResponse>(`${REVENUE}/transactions/${p.sale.id}`, { headers: admin });
    expect(tx.status, JSON.stringify(tx.body)).toBe(200);
    expect(tx.body.data).toMatchObject({ reference: `payment:${p.paymentId}`, kind: 'sale', currency: course.currency, courseId: course.documentId, reversals: [] });
    expect(tx.body.data.details).toMatchObject({ fee: { source: 'stripe', amount: { amount: p.fee } }, vat: { source: 'none' }, holdingDays: 30 });
    const steps = tx.body.data.waterfall.map((l) => l.step);
    expect(steps.slice(0, 3)).toEqual(['gross', 'vat', 'fee']);
    expect(tx.body.data.waterfall.find((l) => l.step === 'instructor')?.amount.amount).toBe(instructorShare);
    expect(tx.body.data.waterfallText).toContain(course.currency);
  });

  it('a duplicated webhook posts nothing twice, and the database refuses a second row with the same reference', async () => {
    const p = await buy(other);
    await deliver(p.completed);
    await deliver({ ...p.completed, id: stripeId('evt') } as Stripe.Event);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sql('SELECT id FROM lms_ledger_transactions WHERE payment_id = $1', [p.paymentId])).toHaveLength(1);
    await expect(
      sql("INSERT INTO lms_ledger_transactions (reference, kind, currency, occurred_at, details, created_at) VALUES ($1, 'sale', $2, now(), '{}', now())", [`payment:${p.paymentId}`, other.currency]),
    ).rejects.toThrow(/lms_ledger_transactions_reference_uq/);
  });
});

describe('payment.refunded → proportional reversals', () => {
  it('a partial refund reverses its share of every line except the kept fee; the rest zeroes the instructor', async () => {
    const p = await buy(course);
    const sale = await entriesOf(p.sale.id);
    const earned = amountOf(sale, `instructor:${course.instructorId}`);
    const part = Math.floor(course.priceAmount / 4);

    await deliver(p.refund(part));
    const partial = await until('the partial reversal', () => txByReference(`payment:${p.paymentId}:returned:${part}`));
    expect(partial).toMatchObject({ kind: 'refund', reverses: `payment:${p.paymentId}` });
    const first = await entriesOf(partial.id);
    expect(first.reduce((s, e) => s + Number(e.amount), 0)).toBe(0);
    expect(amountOf(first, 'customer_payments')).toBe(part);
    expect(first.some((e) => e.account === 'processing_fees')).toBe(false);
    // The instructor gives back their share of the refunded part, within one minor unit.
    const back = -amountOf(first, `instructor:${course.instructorId}`);
    expect(Math.abs(back - (earned * part) / course.priceAmount)).toBeLessThanOrEqual(1);
    // Reversal lines keep the sale's holding period (a refund now lowers pending).
    const saleLine = sale.find((e) => e.account === `instructor:${course.instructorId}`);
    expect(first.find((e) => e.account === `instructor:${course.instructorId}`)?.available_at).toEqual(saleLine?.available_at);

    // The same Stripe total again (a repeated fact) posts nothing; the rest reverses everything left.
    await deliver(p.refund(part));
    await deliver(p.refund(course.priceAmount));
    const rest = await until('the final reversal', () => txByReference(`payment:${p.paymentId}:returned:${course.priceAmount}`));
    expect(await sql('SELECT id FROM lms_ledger_transactions WHERE reverses = $1', [`payment:${p.paymentId}`])).toHaveLength(2);
    const all = [...sale, ...first, ...(await entriesOf(rest.id))];
    expect(amountOf(all, `instructor:${course.instructorId}`)).toBe(0);
    expect(amountOf(all, 'customer_payments')).toBe(0);
    // Stripe keeps its fee: the platform bears it.
    expect(amountOf(all, 'processing_fees')).toBe(p.fee);
    expect(amountOf(all, 'platform_revenue') + amountOf(all, 'platform_rounding')).toBe(-p.fee);

    const view = await getJson<TransactionResponse>(`${REVENUE}/transactions/${p.sale.id}`, { headers: admin });
    expect(view.body.data.reversals.map((r) => r.reference)).toEqual([`payment:${p.paymentId}:returned:${part}`, `payment:${p.paymentId}:returned:${course.priceAmount}`]);
  });
});

describe('revenue rules', () => {
  it('a rule change applies to later sales only; a past sale keeps its split', async () => {
    const earlier = await buy(course);
    const snapshot = await entriesOf(earlier.sale.id);

    const change = await sendJson<RuleChangeResponse>('POST', `${REVENUE}/rules`, { kind: 'course-share', courseId: course.documentId, instructorShare: 5000, note: `test ${run}` }, admin);
    expect(change.status, JSON.stringify(change.body)).toBe(201);
    expect(change.body.data).toMatchObject({ kind: 'course-share', key: `course-share:${course.documentId}`, recordedBy: adminUserId, note: `test ${run}` });
    const [stored] = await sql<{ recorded_by: number; value: string }>('SELECT recorded_by, value FROM lms_revenue_rule_changes WHERE id = $1', [change.body.data.id]);
    expect(stored?.recorded_by).toBe(adminUserId);

    try {
      const later = await buy(course);
      const laterEntries = await entriesOf(later.sale.id);
      expect(amountOf(laterEntries, `instructor:${course.instructorId}`)).toBe(Math.floor(((course.priceAmount - later.fee) * 5000) / 10000));
      const laterTx = await getJson<TransactionResponse>(`${REVENUE}/transactions/${later.sale.id}`, { headers: admin });
      expect(laterTx.body.data.details.rulesUsed).toContain(change.body.data.id);

      // The earlier sale is untouched, and its recorded rules do not include the change.
      expect(await entriesOf(earlier.sale.id)).toEqual(snapshot);
      expect(amountOf(snapshot, `instructor:${course.instructorId}`)).toBe(Math.floor(((course.priceAmount - earlier.fee) * 7000) / 10000));
      const earlierTx = await getJson<TransactionResponse>(`${REVENUE}/transactions/${earlier.sale.id}`, { headers: admin });
      expect(earlierTx.body.data.details.rulesUsed).not.toContain(change.body.data.id);

      // A refund of the earlier sale after the change reverses the earlier split, not the new rule.
      await deliver(earlier.refund(course.priceAmount));
      const reversal = await until('the reversal', () => txByReference(`payment:${earlier.paymentId}:returned:${course.priceAmount}`));
      expect(amountOf(await entriesOf(reversal.id), `instructor:${course.instructorId}`)).toBe(-amountOf(snapshot, `instructor:${course.instructorId}`));
    } finally {
      // Back to the default for the other tests (recorded as one more change: the history is append-only).
      const reset = await sendJson('POST', `${REVENUE}/rules`, { kind: 'course-share', courseId: course.documentId, instructorShare: null }, admin);
      expect(reset.status).toBe(201);
    }

    const history = await getJson<RulesResponse>(`${REVENUE}/rules`, { headers: admin });
    expect(history.status).toBe(200);
    expect(history.body.data.map((r) => r.id)).toContain(change.body.data.id);
    expect(history.body.meta.inForce).toMatchObject({ defaultInstructorShare: 7000, holdingDays: 30 });
  });

  it('refuses a bad rule with 400 naming the field, and writes nothing', async () => {
    const count = async () => Number((await sql<{ n: string }>('SELECT count(*)::text AS n FROM lms_revenue_rule_changes'))[0]?.n);
    const before = await count();
    const cases: Array<[unknown, string, string]> = [
      [{ kind: 'course-weights', courseId: course.documentId, weights: [{ instructorId: 'a', weight: 6000 }, { instructorId: 'b', weight: 3999 }] }, 'body.weights', 'weights-not-100-percent'],
      [{ kind: 'default-share', instructorShare: 12000 }, 'body.instructorShare', 'invalid-share'],
      [{ kind: 'holding-days', days: 14, effectiveFrom: '2020-01-01T00:00:00Z' }, 'body.effectiveFrom', 'effective-in-the-past'],
      [{ kind: 'tips' }, 'body.kind', 'invalid-rule'],
    ];
    for (const [body, field, code] of cases) {
      const res = await sendJson<ApiErrorBody>('POST', `${REVENUE}/rules`, body, admin);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details).toMatchObject({ field, code });
      expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
    }
    const weights = await sendJson<ApiErrorBody>('POST', `${REVENUE}/rules`, cases[0]?.[0], admin);
    expect(weights.body.error.message).toMatch(/weights add up to 99\.99%/);
    expect(await count()).toBe(before);
  });
});

describe('who may see balances', () => {
  it("an instructor sees only their own balance: 403 for the admin routes and for another instructor's", async () => {
    const instructor = await adminAuth(course.instructorEmail, inject('seedPassword'));
    const mine = await getJson<MyBalanceResponse>(`${REVENUE}/me/balance`, { headers: instructor });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.meta.instructor.id).toBe(course.instructorId);
    expect(mine.body.data.length).toBeGreaterThan(0);
    expect(mine.body.data.every((b) => b.instructor.id === course.instructorId)).toBe(true);
    // The same numbers the admin sees.
    expect(balanceOf(mine.body.data, course.instructorId, course.currency)).toEqual(await balances(course.instructorId, course.currency));

    expect(other.instructorId, 'the seed sells courses of two instructors').not.toBe(course.instructorId);
    const theirs = await getJson<ApiErrorBody>(`${REVENUE}/me/balance?instructor=${other.instructorId}`, { headers: instructor });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.message).toMatch(/only your own balance/);
    expect((await getJson(`${REVENUE}/balances?instructor=${other.instructorId}`, { headers: instructor })).status).toBe(403);
    expect((await getJson(`${REVENUE}/balances`, { headers: instructor })).status).toBe(403);
    expect((await getJson(`${REVENUE}/rules`, { headers: instructor })).status).toBe(403);
    expect((await sendJson(`POST`, `${REVENUE}/rules`, { kind: 'default-share', instructorShare: 10000 }, instructor)).status).toBe(403);

    // No session at all: 401; an admin without an instructor profile has no "own" balance.
    expect((await getJson(`${REVENUE}/me/balance`)).status).toBe(401);
    expect((await getJson(`${REVENUE}/balances`)).status).toBe(401);
    const superAdmin = await getJson<ApiErrorBody>(`${REVENUE}/me/balance`, { headers: admin });
    expect(superAdmin.status).toBe(403);
    expect(superAdmin.body.error.details).toMatchObject({ code: 'not-an-instructor' });
  });

  it('GET /lms-revenue/balances lists every instructor and currency with pending, available, requested and paid', async () => {
    const res = await getJson<BalancesResponse>(`${REVENUE}/balances`, { headers: admin });
    expect(res.status).toBe(200);
    const row = res.body.data.find((b) => b.instructor.id === course.instructorId && b.currency === course.currency);
    expect(row).toMatchObject({ instructor: { id: course.instructorId, name: expect.any(String) }, currency: course.currency });
    for (const key of ['pending', 'available', 'carriedForward', 'requested', 'paid'] as const) expect(row?.[key]).toEqual({ amount: expect.any(Number), currency: course.currency });
    // Derived from the ledger: pending + available − carried forward + requested + paid = the instructor's net entries.
    const [net] = await sql<{ total: string }>('SELECT coalesce(sum(amount), 0)::text AS total FROM lms_ledger_entries WHERE instructor_id = $1 AND currency = $2', [course.instructorId, course.currency]);
    const b = balanceOf(res.body.data, course.instructorId, course.currency);
    expect(b.pending + b.available - b.carriedForward + b.requested + b.paid).toBe(Number(net?.total));
    const bad = await getJson<ApiErrorBody>(`${REVENUE}/balances?instructor=${encodeURIComponent('a b')}`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.instructor: /);
  });
});

/**
 * Two instructors of this run only (so no other test's sales move their balances), teaching one
 * course together with 70 / 30 weights.
 */
describe('co-taught course: weights, refund after a payout, chargeback, reports and statements', () => {
  const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-revenue-statements-'));
  /** Where the statement PDF's page image is written (looked at by a person; not compared). */
  const LOOK = path.join(os.tmpdir(), 'lms-revenue-statement');
  const month = new Date().toISOString().slice(0, 7);
  let ana: AdminUser;
  let ben: AdminUser;
  let anaId: string;
  let benId: string;
  let coTaught: Course;
  let db: Knex;
  let weightsRule: number;
  let first: Awaited<ReturnType<typeof buy>>;
  let anaFirst = 0;
  let benFirst = 0;

  const shareOf = (base: number, weight: number) => Math.floor((base * weight * 7000) / 1e8);
  const myBalance = async (who: AdminUser, at?: Date) => {
    const res = await getJson<MyBalanceResponse>(`${REVENUE}/me/balance`, { headers: { ...who.auth, ...(at ? { 'x-lms-test-now': at.toISOString() } : {}) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return balanceOf(res.body.data, res.body.meta.instructor.id, 'ZAR');
  };
  const fetchFile = async (url: string, headers: Record<string, string>) => {
    const res = await fetch(cmsUrl(url), { headers });
    return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const tool = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error) throw new Error(`${cmd} is missing (install qpdf and poppler-utils): ${r.error.message}`);
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  beforeAll(async () => {
    [ana, ben] = await Promise.all([createInstructor(admin, 'rev-ana', run), createInstructor(admin, 'rev-ben', run)]);
    anaId = await publishDoc(admin, 'api::instructor.instructor', { name: `Ana Ćosić ${run}`, slug: `rev-ana-${run}`, adminUser: { connect: [{ id: ana.id }] } });
    benId = await publishDoc(admin, 'api::instructor.instructor', { name: `Ben Öz ${run}`, slug: `rev-ben-${run}`, adminUser: { connect: [{ id: ben.id }] } });
    const documentId = await publishDoc(admin, 'api::course.course', {
      title: `Co-taught ledger course ${run}`,
      slug: `rev-co-${run}`,
      summary: 'Revenue tests',
      level: 'beginner',
      language: 'en',
      pricingModel: 'one_time',
      priceAmount: 19_900,
      currency: 'ZAR',
      instructor: connect(anaId),
      coInstructors: connect(benId),
    });
    coTaught = { documentId, priceAmount: 19_900, currency: 'ZAR', instructorId: anaId, instructorEmail: ana.email };
    const rule = await sendJson<RuleChangeResponse>('POST', `${REVENUE}/rules`, { kind: 'course-weights', courseId: documentId, weights: [{ instructorId: anaId, weight: 7000 }, { instructorId: benId, weight: 3000 }] }, admin);
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    weightsRule = rule.body.data.id;
    db = knexFactory({ client: 'pg', connection: inject('databaseUrl'), pool: { min: 0, max: 2 } });
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it('splits a sale between co-instructors by the course weights, each at their share', async () => {
    first = await buy(coTaught);
    const entries = await entriesOf(first.sale.id);
    const base = coTaught.priceAmount - first.fee;
    anaFirst = amountOf(entries, `instructor:${anaId}`);
    benFirst = amountOf(entries, `instructor:${benId}`);
    expect(anaFirst).toBe(shareOf(base, 7000));
    expect(benFirst).toBe(shareOf(base, 3000));
    expect(entries.reduce((s, e) => s + Number(e.amount), 0)).toBe(0);
    const tx = await getJson<TransactionResponse>(`${REVENUE}/transactions/${first.sale.id}`, { headers: admin });
    expect(tx.body.data.details).toMatchObject({ weightsSource: 'course' });
    expect(tx.body.data.details.rulesUsed).toContain(weightsRule);
    expect(tx.body.data.waterfall.filter((l) => l.step === 'instructor').map((l) => l.label)).toEqual([
      expect.stringContaining(`Instructor ${anaId}: 70.00% weight × 70.00% share`),
      expect.stringContaining(`Instructor ${benId}: 30.00% weight × 70.00% share`),
    ]);
  });

  it('a refund after a payout leaves a negative balance, carried forward against the next earnings', async () => {
    // No payout route yet (lms-payouts is built separately): the payout's two ledger steps are
    // posted through lms-revenue's ledger service, as lms-payouts will, straight into the stack's database.
    const ledger = createLedgerService({ strapi: { db: { connection: db } } as never });
    const step = { payoutId: `t${run}`, instructorId: anaId, amount: money(anaFirst, 'ZAR'), occurredAt: new Date() };
    await db.transaction((trx) => ledger.post(trx, payoutRequestTransaction(step), { paymentId: null, courseId: null, details: {}, createdAt: new Date() }));
    await db.transaction((trx) => ledger.post(trx, payoutPaidTransaction({ ...step, occurredAt: new Date() }), { paymentId: null, courseId: null, details: {}, createdAt: new Date() }));

    await deliver(first.refund(coTaught.priceAmount));
    const reversal = await until('the refund', () => txByReference(`payment:${first.paymentId}:returned:${coTaught.priceAmount}`));
    expect(amountOf(await entriesOf(reversal.id), `instructor:${anaId}`)).toBe(-anaFirst);

    // After the sale's holding period: it earned a1, paid a1 out, gave a1 back → owes a1.
    const held = new Date(new Date(first.sale.occurred_at).getTime() + 31 * DAY_MS);
    expect(await myBalance(ana, held)).toEqual({ pending: 0, available: 0, carriedForward: anaFirst, requested: 0, paid: anaFirst });
    expect(await balances(anaId, 'ZAR', held)).toEqual({ pending: 0, available: 0, carriedForward: anaFirst, requested: 0, paid: anaFirst });
    // Ben was not paid: his share is simply gone.
    expect(await myBalance(ben, held)).toEqual({ pending: 0, available: 0, carriedForward: 0, requested: 0, paid: 0 });

    // The next sale's earnings pay the debt first.
    const next = await buy(coTaught);
    const anaNext = amountOf(await entriesOf(next.sale.id), `instructor:${anaId}`);
    const later = new Date(new Date(next.sale.occurred_at).getTime() + 31 * DAY_MS);
    const after = await myBalance(ana, later);
    expect(after.available - after.carriedForward).toBe(anaNext - anaFirst);
    expect(after.carriedForward).toBe(Math.max(0, anaFirst - anaNext));
  });

  it('a lost dispute posts a chargeback reversing every share; Stripe keeps its fee', async () => {
    const p = await buy(coTaught);
    const sale = await entriesOf(p.sale.id);
    await deliver(p.lostDispute());
    const back = await until('the chargeback', () => txByReference(`payment:${p.paymentId}:returned:${coTaught.priceAmount}`));
    expect(back).toMatchObject({ kind: 'chargeback', reverses: `payment:${p.paymentId}` });
    const entries = await entriesOf(back.id);
    expect(entries.reduce((s, e) => s + Number(e.amount), 0)).toBe(0);
    expect(amountOf(entries, 'customer_payments')).toBe(coTaught.priceAmount);
    expect(amountOf(entries, `instructor:${anaId}`)).toBe(-amountOf(sale, `instructor:${anaId}`));
    expect(amountOf(entries, `instructor:${benId}`)).toBe(-amountOf(sale, `instructor:${benId}`));
    expect(entries.some((e) => e.account === 'processing_fees')).toBe(false);
    const view = await getJson<TransactionResponse>(`${REVENUE}/transactions/${back.id}`, { headers: admin });
    expect(view.body.data.waterfall.find((l) => l.step === 'refund')?.label).toBe('Returned to the learner (lost dispute)');
  });

  it('overview, course drill-down, earnings and the transaction list agree with the ledger', async () => {
    const overview = await getJson<OverviewResponse>(`${REVENUE}/overview?currency=ZAR`, { headers: admin });
    expect(overview.status, JSON.stringify(overview.body)).toBe(200);
    const thisMonth = overview.body.data.months.find((m) => m.month === month && m.currency === 'ZAR');
    expect(thisMonth?.sales).toBeGreaterThanOrEqual(3);
    for (const m of overview.body.data.months) {
      expect(m.gross.amount - m.refunded.amount - m.chargedBack.amount).toBe(m.vat.amount + m.fees.amount + m.platform.amount + m.rounding.amount + m.instructors.amount);
    }
    expect(overview.body.data.courses.find((c) => c.course.id === coTaught.documentId)).toMatchObject({ sales: 3, gross: { amount: 3 * coTaught.priceAmount }, returned: { amount: 2 * coTaught.priceAmount } });

    const course = await getJson<CourseRevenueResponse>(`${REVENUE}/courses/${coTaught.documentId}/revenue`, { headers: admin });
    expect(course.status).toBe(200);
    expect(course.body.data.course.title).toBe(`Co-taught ledger course ${run}`);
    expect(course.body.data.instructors.map((i) => i.instructor.id)).toEqual([anaId, benId].sort());

    const mine = await getJson<EarningsResponse>(`${REVENUE}/me/earnings`, { headers: ana.auth });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const theirs = await getJson<EarningsResponse>(`${REVENUE}/instructors/${anaId}/earnings`, { headers: admin });
    expect({ ...theirs.body.data, at: null }).toEqual({ ...mine.body.data, at: null });
    const row = mine.body.data.courses.find((c) => c.course.id === coTaught.documentId);
    expect(row).toMatchObject({ sales: 3, refunded: { amount: anaFirst }, course: { title: `Co-taught ledger course ${run}` } });
    expect(row?.net.amount).toBe(row!.earned.amount - row!.refunded.amount - row!.chargedBack.amount);
    const series = mine.body.data.months.find((m) => m.currency === 'ZAR')?.series ?? [];
    expect(series).toHaveLength(12);
    expect(series.at(-1)).toMatchObject({ month, paid: { amount: anaFirst }, net: { amount: row?.net.amount } });

    const list = await getJson<TransactionListResponse>(`${REVENUE}/transactions?instructor=${anaId}&pageSize=3`, { headers: admin });
    expect(list.status).toBe(200);
    expect(list.body.pagination.total).toBe(3 + 2 + 2); // three sales, a refund, a chargeback, two payout steps
    expect(list.body.data[0]?.kind).toBe('chargeback');

    // Ben sees only his own; the admin routes are not his.
    expect((await getJson(`${REVENUE}/instructors/${anaId}/earnings`, { headers: ben.auth })).status).toBe(403);
    expect((await getJson(`${REVENUE}/overview`, { headers: ben.auth })).status).toBe(403);
    expect((await getJson(`${REVENUE}/transactions`, { headers: ben.auth })).status).toBe(403);
    const bad = await getJson<ApiErrorBody>(`${REVENUE}/overview?from=2026-13`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.from: /);
  });

  it("statements: CSV and PDF of the month with every line; an instructor gets 403 for another's", async () => {
    const csv = await fetchFile(`${REVENUE}/me/statements/${month}.csv`, ana.auth);
    expect(csv.status, csv.bytes.toString()).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.disposition).toBe(`attachment; filename="statement-${anaId}-${month}.csv"`);
    const rows = csv.bytes.toString('utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    const col = (name: string) => rows[0]!.indexOf(name);
    expect(rows[1]?.[col('type')]).toBe('opening-balance');
    expect(rows[1]?.[col('balance')]).toBe('0.00');
    const types = rows.slice(1).map((r) => r[col('type')]);
    expect(types.filter((t) => t === 'sale')).toHaveLength(3);
    expect(types).toEqual(expect.arrayContaining(['refund', 'chargeback', 'payout-requested', 'payout-paid', 'closing-balance']));
    const saleRow = rows.find((r) => r[col('reference')] === `payment:${first.paymentId}`);
    expect(saleRow?.[col('gross')]).toBe('199.00');
    expect(saleRow?.[col('fee')]).toBe((first.fee / 100).toFixed(2));
    expect(saleRow?.[col('your_share_rule')]).toBe('70.00% weight × 70.00% share (platform default)');
    expect(saleRow?.[col('your_earnings')]).toBe((anaFirst / 100).toFixed(2));
    const paidRow = rows.find((r) => r[col('type')] === 'payout-paid');
    expect(paidRow?.[col('balance_change')]).toBe((-anaFirst / 100).toFixed(2));
    // Closing = the sum of every line = what the ledger says Ana is owed now.
    const closing = Number(rows.at(-1)?.[col('balance')]);
    const changes = rows.slice(2, -1).reduce((s, r) => s + Math.round(Number(r[col('balance_change')]) * 100), 0);
    expect(Math.round(closing * 100)).toBe(changes);
    const now = await myBalance(ana);
    expect(Math.round(closing * 100)).toBe(now.pending + now.available - now.carriedForward + now.requested);

    // The admin's copy as PDF: valid, fonts embedded, the same content.
    const pdf = await fetchFile(`${REVENUE}/statements/${anaId}/${month}.pdf`, admin);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const file = path.join(DIR, 'statement.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const check = tool('qpdf', ['--check', file]);
    expect(check.out).toContain('No syntax or stream encoding errors found');
    const fonts = tool('pdffonts', [file])
      .out.split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line.trim().split(/\s+/).at(-5), line).toBe('yes');
    const text = tool('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).out.normalize('NFC');
    expect(text).toContain(`Ana Ćosić ${run}`);
    expect(text).toContain('Opening balance');
    expect(text).toContain('Closing balance');
    expect(text).toContain(`payment:${first.paymentId}`);
    expect(text).toContain('70.00% weight × 70.00% share');
    expect(text).toContain('Chargeback (lost dispute)');
    expect(text).toContain(`ZAR ${closing.toFixed(2)}`);
    expect(tool('pdftoppm', ['-png', '-r', '70', '-singlefile', file, LOOK]).status).toBe(0);

    // Who may read which statement.
    expect((await fetchFile(`${REVENUE}/statements/${anaId}/${month}.csv`, ana.auth)).status).toBe(200);
    const denied = await fetchFile(`${REVENUE}/statements/${anaId}/${month}.pdf`, ben.auth);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.bytes.toString()).error.message).toMatch(/only your own statements/);
    expect((await fetchFile(`${REVENUE}/statements/${anaId}/${month}.csv`, {})).status).toBe(401);
    expect((await fetchFile(`${REVENUE}/me/statements/${month}.csv`, ben.auth)).status).toBe(200);
    const superAdmin = await fetchFile(`${REVENUE}/me/statements/${month}.csv`, admin);
    expect(superAdmin.status).toBe(403);
    const badName = await fetchFile(`${REVENUE}/me/statements/${month}.xls`, ana.auth);
    expect(badName.status).toBe(400);
    expect(JSON.parse(badName.bytes.toString()).error.message).toMatch(/^params\.file: expected YYYY-MM\.csv or YYYY-MM\.pdf/);
    const future = await fetchFile(`${REVENUE}/me/statements/2999-01.csv`, ana.auth);
    expect(future.status).toBe(400);
    expect(JSON.parse(future.bytes.toString()).error.message).toMatch(/does not exist yet/);
    expect((await fetchFile(`${REVENUE}/statements/nobody-${run}/${month}.csv`, admin)).status).toBe(404);
  });
});
