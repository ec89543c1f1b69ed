import Stripe from 'stripe';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiErrorBody, BankDetailsResponse, MyPayoutsResponse, PayoutListResponse, PayoutResponse, PayoutView, SettingsResponse, StripeOnboardingResponse, StripeWebhookAck } from '../../plugins/lms-payouts/server/src/contracts';
import type { AdminUser } from '../harness/admin-users';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { sql } from '../harness/pg';
import { instructorWithPaidCourse, sellCourse, signedPost, until } from '../harness/sales';
import { doubleFee, type RecordedRequest } from '../harness/stripe-double';
import { stripeEvent, stripeId } from '../harness/stripe-objects';

/**
 * lms-payouts against the real stack, over HTTP: sales arrive as signed Stripe webhooks and
 * become ledger earnings (lms-revenue); after the holding period (lms-enrollment's test clock,
 * `x-lms-test-now`) instructors request payouts from their own admin session; an admin approves;
 * Stripe payouts are transferred by the queue through the local Stripe double (Connect accounts,
 * transfers, idempotency keys, signed events to lms-payouts' own endpoint), bank payouts are
 * marked paid by hand. Rows and ledger entries are read back from PostgreSQL.
 */

const PAYOUTS = '/lms-payouts';
const PAYOUTS_WEBHOOK = '/api/lms-payouts/stripe/webhook';
const DAY_MS = 86_400_000;
const PRICE = 20_000;
const SHARE = Math.floor(((PRICE - doubleFee(PRICE)) * 7000) / 10000);
const IBAN = 'DE89370400440532013000';
const run = Date.now().toString(36);

/** A month after the sales: past the 30-day holding period. */
const later = () => ({ 'x-lms-test-now': new Date(Date.now() + 31 * DAY_MS).toISOString() });

interface Teacher {
  user: AdminUser;
  profile: string;
  course: string;
  auth: Record<string, string>;
}

let admin: Record<string, string>;
let stripeTeacher: Teacher;
let bankTeacher: Teacher;
let crowdTeacher: Teacher;

const double = (path: string, body?: unknown) =>
  fetch(`${inject('stripeUrl')}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function teacher(label: string): Promise<Teacher> {
  const t = await instructorWithPaidCourse(admin, label, run, PRICE);
  return { user: t.user, profile: t.profile, course: t.course.documentId, auth: t.user.auth };
}

const sell = (t: Teacher) => sellCourse({ documentId: t.course, price: PRICE, currency: 'ZAR' }, run);

async function overview(t: Teacher, headers: Record<string, string> = later()) {
  const res = await getJson<MyPayoutsResponse>(`${PAYOUTS}/me`, { headers: { ...t.auth, ...headers } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
async function balance(t: Teacher, headers: Record<string, string> = later()) {
  const zar = (await overview(t, headers)).data.balances.find((b) => b.currency === 'ZAR');
  return { pending: zar?.pending.amount ?? 0, available: zar?.available.amount ?? 0, requested: zar?.requested.amount ?? 0, paid: zar?.paid.amount ?? 0, carriedForward: zar?.carriedForward.amount ?? 0 };
}
/** Either answer: `data` on success, `error` on a refusal. */
type Answer = { data: PayoutView; error: ApiErrorBody['error'] };
const request = (t: Teacher, body: unknown) => sendJson<Answer>('POST', `${PAYOUTS}/me/payouts`, body, { ...t.auth, ...later() });
const act = (id: string, action: 'approve' | 'reject' | 'mark-paid', body: unknown, as: Record<string, string> = admin) => sendJson<Answer>('POST', `${PAYOUTS}/payouts/${id}/${action}`, body, as);
const payoutRow = async (id: string) => (await sql<{ status: string; transfer_id: string | null; reference: string | null; failure_reason: string | null }>('SELECT status, transfer_id, reference, failure_reason FROM lms_payouts WHERE id = $1', [id]))[0];
const ledgerRefs = async (id: string) => (await sql<{ reference: string }>('SELECT reference FROM lms_ledger_transactions WHERE reference LIKE $1 ORDER BY id', [`payout:${id}:%`])).map((r) => r.reference);

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  [stripeTeacher, bankTeacher, crowdTeacher] = await Promise.all([teacher('po-stripe'), teacher('po-bank'), teacher('po-crowd')]);
});

describe('Stripe Connect payouts', () => {
  let accountId: string;
  let firstPayout: PayoutView;

  it('onboards an Express account: account id stored, payouts enabled by the signed account.updated', async () => {
    const none = await overview(stripeTeacher);
    expect(none.data.settings).toEqual({ method: null, stripe: null, bank: null });
    const early = await request(stripeTeacher, { currency: 'ZAR', amount: 5000 });
    expect(early.status).toBe(409);
    expect(early.body.error.details).toMatchObject({ code: 'no-payout-method' });

    const started = await sendJson<StripeOnboardingResponse>('POST', `${PAYOUTS}/me/stripe`, {}, stripeTeacher.auth);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    accountId = started.body.data.accountId;
    expect(accountId).toMatch(/^acct_/);
    const [created] = (await (await double('/__double/requests?path=/v1/accounts')).json()) as RecordedRequest[];
    expect(created?.body).toMatchObject({ type: 'express', capabilities: { transfers: { requested: 'true' } }, metadata: { lms_instructor: stripeTeacher.profile } });

    // Not enabled until Stripe says so; a request now names what is missing.
    expect((await overview(stripeTeacher)).data.settings.stripe).toMatchObject({ accountId, payoutsEnabled: false });
    const unfinished = await request(stripeTeacher, { currency: 'ZAR', amount: 5000 });
    expect(unfinished.body.error.details).toMatchObject({ code: 'stripe-onboarding-incomplete' });

    // The instructor completes Stripe's hosted onboarding and comes back to the admin.
    const done = await fetch(started.body.data.url, { method: 'POST', redirect: 'manual' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/\/admin\/plugins\/lms-payouts\?stripe=return$/);
    await until('payouts enabled', async () => (await overview(stripeTeacher)).data.settings.stripe?.payoutsEnabled);
    // A second click reuses the account (one account per instructor).
    const again = await sendJson<StripeOnboardingResponse>('POST', `${PAYOUTS}/me/stripe`, {}, stripeTeacher.auth);
    expect(again.body.data.accountId).toBe(accountId);
  });

  it('sale → pending → available after the holding period → request → approve → transfer → paid', async () => {
    await sell(stripeTeacher);
    await sell(stripeTeacher);
    expect(await balance(stripeTeacher, {})).toMatchObject({ pending: 2 * SHARE, available: 0 });
    expect(await balance(stripeTeacher)).toMatchObject({ pending: 0, available: 2 * SHARE, requested: 0, paid: 0 });

    // Refusals name the problem and write nothing.
    const cases: Array<[unknown, number, string, string]> = [
      [{ currency: 'ZAR', amount: 500 }, 400, 'body.amount', 'below-minimum'],
      [{ currency: 'ZAR', amount: 2 * SHARE + 1 }, 400, 'body.amount', 'exceeds-available'],
      [{ currency: 'ZAR', amount: 12.5 }, 400, 'body.amount', ''],
      [{ currency: 'Rand' }, 400, 'body.currency', ''],
    ];
    for (const [body, status, field, code] of cases) {
      const res = await request(stripeTeacher, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message.startsWith(`${field}: `), res.body.error.message).toBe(true);
      if (code) expect(res.body.error.details).toMatchObject({ code });
    }
    const tooMuch = await request(stripeTeacher, { currency: 'ZAR', amount: 2 * SHARE + 1 });
    expect(tooMuch.body.error.message).toMatch(/is more than the ZAR .* available/);
    expect(await sql('SELECT id FROM lms_payouts WHERE instructor_id = $1', [stripeTeacher.profile])).toHaveLength(0);

    const requested = await request(stripeTeacher, { currency: 'ZAR', amount: 10_000 });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    firstPayout = requested.body.data;
    expect(firstPayout).toMatchObject({ status: 'requested', method: 'stripe', destination: accountId, amount: { amount: 10_000, currency: 'ZAR' } });
    expect(await balance(stripeTeacher)).toMatchObject({ available: 2 * SHARE - 10_000, requested: 10_000 });

    const second = await request(stripeTeacher, { currency: 'ZAR', amount: 1000 });
    expect(second.status).toBe(409);
    expect(second.body.error.details).toMatchObject({ code: 'open-request-exists' });
    expect(second.body.error.message).toContain(firstPayout.id);

    const queue = await getJson<PayoutListResponse>(`${PAYOUTS}/payouts?status=requested`, { headers: admin });
    expect(queue.body.data.map((p) => p.id)).toContain(firstPayout.id);

    const approved = await act(firstPayout.id, 'approve', { note: 'Thanks!' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'approved', note: 'Thanks!' });
    const paidRow = await until('the transfer', async () => {
      const row = await payoutRow(firstPayout.id);
      return row?.status === 'paid' ? row : null;
    });
    expect(paidRow.transfer_id).toMatch(/^tr_/);

    const transfers = (await (await double('/__double/requests?path=/v1/transfers')).json()) as RecordedRequest[];
    const sent = transfers.filter((r) => r.body.metadata && (r.body.metadata as Record<string, string>).lms_payout === firstPayout.id);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent[0]).toMatchObject({ body: { amount: '10000', currency: 'zar', destination: accountId }, headers: { 'idempotency-key': `lms-payout-${firstPayout.id}-transfer` } });
    expect(await ledgerRefs(firstPayout.id)).toEqual([`payout:${firstPayout.id}:requested`, `payout:${firstPayout.id}:paid`]);
    expect(await balance(stripeTeacher)).toMatchObject({ available: 2 * SHARE - 10_000, requested: 0, paid: 10_000 });

    // Stripe's idempotency, as the double keeps it: the same key and parameters give the same transfer.
    const sdk = new Stripe(inject('stripeSecretKey'), { host: '127.0.0.1', port: Number(new URL(inject('stripeUrl')).port), protocol: 'http' });
    const replay = await sdk.transfers.create(
      { amount: 10_000, currency: 'zar', destination: accountId, transfer_group: firstPayout.id, description: `Payout ${firstPayout.id}`, metadata: { lms_payout: firstPayout.id, lms_instructor: stripeTeacher.profile } },
      { idempotencyKey: `lms-payout-${firstPayout.id}-transfer` },
    );
    expect(replay.id).toBe(paidRow.transfer_id);
    await expect(sdk.transfers.create({ amount: 1, currency: 'zar', destination: accountId }, { idempotencyKey: `lms-payout-${firstPayout.id}-transfer` })).rejects.toThrow(/same parameters/);
  });

  it('reconciles from webhooks idempotently: a transfer.created again posts nothing; a bad signature is refused', async () => {
    const transfer = (await (await double(`/__double/requests?path=/v1/transfers`)).json()) as RecordedRequest[];
    expect(transfer.length).toBeGreaterThan(0);
    const row = await payoutRow(firstPayout.id);
    const event = stripeEvent('transfer.created', { id: row?.transfer_id, object: 'transfer', amount: 10_000, amount_reversed: 0, reversed: false, currency: 'zar', destination: accountId, metadata: { lms_payout: firstPayout.id } });
    const first = await signedPost(PAYOUTS_WEBHOOK, event, inject('stripeConnectWebhookSecret'));
    expect(((await first.json()) as StripeWebhookAck).handled).toBe(true);
    const repeat = await signedPost(PAYOUTS_WEBHOOK, event, inject('stripeConnectWebhookSecret'));
    expect((await repeat.json()) as StripeWebhookAck).toEqual({ received: true, handled: true, duplicate: true });
    expect(await ledgerRefs(firstPayout.id)).toHaveLength(2);

    // A transfer naming a payout this platform does not have is acknowledged, not retried forever.
    const stranger = stripeEvent('transfer.created', { id: stripeId('tr'), object: 'transfer', amount: 1, amount_reversed: 0, reversed: false, currency: 'zar', destination: accountId, metadata: { lms_payout: 'po_doesnotexist0000000' } });
    const unknown = await signedPost(PAYOUTS_WEBHOOK, stranger, inject('stripeConnectWebhookSecret'));
    expect(unknown.status).toBe(200);
    const [outcome] = await sql<{ outcome: string }>('SELECT outcome FROM lms_payout_stripe_events WHERE event_id = $1', [stranger.id]);
    expect(outcome?.outcome).toMatch(/unknown payout/);

    const forged = await signedPost(PAYOUTS_WEBHOOK, event, inject('stripeWebhookSecret'));
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as ApiErrorBody).error.message).toMatch(/^Stripe-Signature: does not match/);
    const unsigned = await fetch(cmsUrl(PAYOUTS_WEBHOOK), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);

    // The connected account's own bank payout failing is shown to the instructor.
    await double('/__double/connect-events', { type: 'payout.failed', account: accountId, object: { id: stripeId('po'), object: 'payout', amount: 10_000, currency: 'zar', status: 'failed', failure_message: 'The bank account has been closed.' } });
    await until('the bank payout status', async () => (await overview(stripeTeacher)).data.settings.stripe?.lastBankPayout?.status === 'failed');
    expect((await overview(stripeTeacher)).data.settings.stripe?.lastBankPayout).toMatchObject({ failure: 'The bank account has been closed.' });
  });

  it('a transfer Stripe refuses fails the payout and the money is available again', async () => {
    const before = await balance(stripeTeacher);
    await double('/__double/transfer-failures', { destination: accountId, code: 'balance_insufficient', message: 'You have insufficient available funds in your Stripe account.' });
    try {
      const res = await request(stripeTeacher, { currency: 'ZAR', amount: 5000 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const id = res.body.data.id;
      expect(await balance(stripeTeacher)).toMatchObject({ available: before.available - 5000, requested: 5000 });
      expect((await act(id, 'approve', {})).status).toBe(200);
      const failed = await until('the failed transfer', async () => {
        const row = await payoutRow(id);
        return row?.status === 'failed' ? row : null;
      });
      expect(failed.failure_reason).toMatch(/insufficient available funds/);
      expect(await ledgerRefs(id)).toEqual([`payout:${id}:requested`, `payout:${id}:released`]);
      expect(await balance(stripeTeacher)).toEqual(before);
      const mine = await getJson<PayoutResponse>(`${PAYOUTS}/me/payouts/${id}`, { headers: stripeTeacher.auth });
      expect(mine.body.data).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/Stripe refused the transfer/) });
    } finally {
      await double('/__double/transfer-failures', { destination: accountId, code: null });
    }
  });

  it('a paid transfer Stripe reverses later: the payout fails, the amount is available again, a replay posts nothing', async () => {
    const before = await balance(stripeTeacher);
    const row = await payoutRow(firstPayout.id);
    expect(row?.status).toBe('paid');
    const event = stripeEvent('transfer.reversed', { id: row?.transfer_id, object: 'transfer', amount: 10_000, amount_reversed: 10_000, reversed: true, currency: 'zar', destination: accountId, metadata: { lms_payout: firstPayout.id } });
    const res = await signedPost(PAYOUTS_WEBHOOK, event, inject('stripeConnectWebhookSecret'));
    expect(res.status).toBe(200);
    const reversed = await payoutRow(firstPayout.id);
    expect(reversed).toMatchObject({ status: 'failed', failure_reason: expect.stringMatching(/^after payment: transfer .* was reversed at Stripe/) });
    expect(await ledgerRefs(firstPayout.id)).toEqual([`payout:${firstPayout.id}:requested`, `payout:${firstPayout.id}:paid`, `payout:${firstPayout.id}:returned`]);
    expect(await balance(stripeTeacher)).toMatchObject({ available: before.available + 10_000, paid: before.paid - 10_000, requested: before.requested });
    const [sum] = await sql<{ total: string }>(
      `SELECT coalesce(sum(e.amount), 0)::text AS total FROM lms_ledger_entries e JOIN lms_ledger_transactions t ON t.id = e.transaction_id WHERE t.reference = $1`,
      [`payout:${firstPayout.id}:returned`],
    );
    expect(sum?.total).toBe('0');
    // The same reversal again (a new event id: Stripe re-sends transfer.updated too) changes nothing.
    const again = stripeEvent('transfer.updated', { id: row?.transfer_id, object: 'transfer', amount: 10_000, amount_reversed: 10_000, reversed: true, currency: 'zar', destination: accountId, metadata: { lms_payout: firstPayout.id } });
    expect((await signedPost(PAYOUTS_WEBHOOK, again, inject('stripeConnectWebhookSecret'))).status).toBe(200);
    expect(await ledgerRefs(firstPayout.id)).toHaveLength(3);
    expect(await balance(stripeTeacher)).toMatchObject({ available: before.available + 10_000, paid: before.paid - 10_000 });
  });
});

describe('bank transfer payouts', () => {
  let sale: Awaited<ReturnType<typeof sell>>;

  it('stores bank details encrypted and only ever shows them masked', async () => {
    const bad = await sendJson<ApiErrorBody>('PUT', `${PAYOUTS}/me/bank`, { accountHolder: 'Bank Teacher', iban: 'DE88370400440532013000' }, bankTeacher.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.iban: is not a valid IBAN/);

    const saved = await sendJson<SettingsResponse>('PUT', `${PAYOUTS}/me/bank`, { accountHolder: 'Bank Teacher', iban: 'DE89 3704 0044 0532 0130 00', bic: 'DEUTDEFF', bankName: 'Deutsche Bank' }, bankTeacher.auth);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data).toMatchObject({ method: 'bank', bank: { masked: 'IBAN ****3000 (Deutsche Bank)' } });
    const [row] = await sql<{ bank_details_encrypted: string; bank_details_masked: string }>('SELECT bank_details_encrypted, bank_details_masked FROM lms_payout_accounts WHERE instructor_id = $1', [bankTeacher.profile]);
    expect(row?.bank_details_encrypted).toMatch(/^v1\./);
    expect(row?.bank_details_encrypted).not.toContain('0532013000');
    expect(row?.bank_details_encrypted).not.toContain('Bank Teacher');

    sale = await sell(bankTeacher);
    const requested = await request(bankTeacher, { currency: 'ZAR' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect(requested.body.data).toMatchObject({ method: 'bank', destination: 'IBAN ****3000 (Deutsche Bank)', amount: { amount: SHARE } });

    const texts = [
      JSON.stringify(await overview(bankTeacher)),
      JSON.stringify((await getJson(`${PAYOUTS}/payouts`, { headers: admin })).body),
      JSON.stringify((await getJson(`${PAYOUTS}/payouts/${requested.body.data.id}`, { headers: admin })).body),
      JSON.stringify((await getJson(`${PAYOUTS}/me/payouts/${requested.body.data.id}`, { headers: bankTeacher.auth })).body),
    ];
    for (const text of texts) {
      expect(text).not.toContain(IBAN);
      expect(text).not.toContain('0532013000');
      expect(text).not.toContain('DEUTDEFF');
    }
  });

  it('an admin approves, pays from the bank and marks it paid with the reference', async () => {
    const [open] = (await getJson<PayoutListResponse>(`${PAYOUTS}/payouts?status=requested&instructor=${bankTeacher.profile}`, { headers: admin })).body.data;
    expect(open).toBeDefined();
    const id = (open as PayoutView).id;
    const early = await act(id, 'mark-paid', { reference: 'FNB-2026-0001' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/approve it first/);
    const reveal = (as: Record<string, string> = admin) => sendJson<BankDetailsResponse & Pick<ApiErrorBody, 'error'>>('POST', `${PAYOUTS}/payouts/${id}/bank-details`, {}, as);
    const tooEarly = await reveal();
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.message).toMatch(/shown only for an approved payout/);
    expect((await act(id, 'approve', {})).body.data.status).toBe('approved');
    // The admin who pays by hand sees the full account, and that they saw it is recorded.
    expect((await reveal(bankTeacher.auth)).status).toBe(403);
    const shown = await reveal();
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.data).toMatchObject({
      details: { kind: 'iban', accountHolder: 'Bank Teacher', iban: IBAN, bic: 'DEUTDEFF', bankName: 'Deutsche Bank' },
      masked: 'IBAN ****3000 (Deutsche Bank)',
      changedSinceRequest: false,
    });
    expect(await sql('SELECT admin_id FROM lms_payout_bank_reveals WHERE payout_id = $1', [id])).toHaveLength(1);
    // Nothing goes to Stripe for a bank payout.
    const transfers = (await (await double('/__double/requests?path=/v1/transfers')).json()) as RecordedRequest[];
    expect(transfers.some((t) => (t.body.metadata as Record<string, string> | undefined)?.lms_payout === id)).toBe(false);
    const noRef = await act(id, 'mark-paid', {});
    expect(noRef.status).toBe(400);
    expect(noRef.body.error.message).toMatch(/^body\.reference: /);

    const paid = await act(id, 'mark-paid', { reference: 'FNB-2026-0001' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.data).toMatchObject({ status: 'paid', reference: 'FNB-2026-0001' });
    expect(await ledgerRefs(id)).toEqual([`payout:${id}:requested`, `payout:${id}:paid`]);
    expect(await balance(bankTeacher)).toMatchObject({ available: 0, requested: 0, paid: SHARE });
    expect((await act(id, 'mark-paid', { reference: 'again' })).status).toBe(409);
    expect((await reveal()).status).toBe(409);
    expect(await sql('SELECT admin_id FROM lms_payout_bank_reveals WHERE payout_id = $1', [id])).toHaveLength(1);
  });

  it('a refund after the payout leaves a negative balance, carried forward against later earnings', async () => {
    await sale.refund();
    expect(await balance(bankTeacher)).toMatchObject({ available: 0, carriedForward: SHARE, paid: SHARE });
    const nothing = await request(bankTeacher, { currency: 'ZAR' });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.details).toMatchObject({ code: 'nothing-available' });
    expect(nothing.body.error.message).toMatch(/carried forward/);

    // The next two sales first pay back what is owed.
    await sell(bankTeacher);
    await sell(bankTeacher);
    expect(await balance(bankTeacher)).toMatchObject({ available: SHARE, carriedForward: 0 });
  });

  it('an admin rejects with a note: the money is available again', async () => {
    const res = await request(bankTeacher, { currency: 'ZAR', amount: 2000 });
    expect(res.status).toBe(201);
    const id = res.body.data.id;
    const noNote = await act(id, 'reject', {});
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.message).toMatch(/^body\.note: /);
    const rejected = await act(id, 'reject', { note: 'Please update your tax number first' });
    expect(rejected.body.data).toMatchObject({ status: 'rejected', note: 'Please update your tax number first' });
    expect(await ledgerRefs(id)).toEqual([`payout:${id}:requested`, `payout:${id}:released`]);
    expect(await balance(bankTeacher)).toMatchObject({ available: SHARE, requested: 0 });
  });
});

describe('concurrency and access', () => {
  it('50 concurrent requests reserve once: one 201, the others 409, the ledger holds one reservation', async () => {
    const saved = await sendJson('PUT', `${PAYOUTS}/me/bank`, { accountHolder: 'Crowd Teacher', accountNumber: '6212345678', branchCode: '250655', bankName: 'FNB', country: 'ZA' }, crowdTeacher.auth);
    expect(saved.status).toBe(200);
    await sell(crowdTeacher);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => request(crowdTeacher, { currency: 'ZAR', amount: SHARE - i })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.details.code === 'open-request-exists')).toBe(true);
    const winner = results.find((r) => r.status === 201)?.body.data as PayoutView;
    const reservations = await sql<{ total: string; n: string }>(
      `SELECT coalesce(sum(e.amount), 0)::text AS total, count(DISTINCT t.id)::text AS n FROM lms_ledger_entries e JOIN lms_ledger_transactions t ON t.id = e.transaction_id
        WHERE t.kind = 'payout-requested' AND e.account = $1`,
      [`instructor:${crowdTeacher.profile}:requested`],
    );
    expect(reservations[0]).toEqual({ total: String(winner.amount.amount), n: '1' });
    expect(await balance(crowdTeacher)).toMatchObject({ available: SHARE - winner.amount.amount, requested: winner.amount.amount });
  });

  it("an instructor cannot see or act on another's payouts (403); no session is 401", async () => {
    const [theirs] = (await getJson<PayoutListResponse>(`${PAYOUTS}/payouts?instructor=${stripeTeacher.profile}`, { headers: admin })).body.data;
    const id = (theirs as PayoutView).id;
    const peek = await getJson<ApiErrorBody>(`${PAYOUTS}/me/payouts/${id}`, { headers: bankTeacher.auth });
    expect(peek.status).toBe(403);
    expect(peek.body.error.details).toMatchObject({ code: 'not-your-payout' });
    expect((await getJson(`${PAYOUTS}/payouts`, { headers: bankTeacher.auth })).status).toBe(403);
    expect((await getJson(`${PAYOUTS}/payouts/${id}`, { headers: bankTeacher.auth })).status).toBe(403);
    const [open] = (await getJson<PayoutListResponse>(`${PAYOUTS}/payouts?status=requested&instructor=${crowdTeacher.profile}`, { headers: admin })).body.data;
    for (const action of ['approve', 'reject', 'mark-paid'] as const) {
      expect((await act((open as PayoutView).id, action, { note: 'mine now', reference: 'x-123' }, bankTeacher.auth)).status).toBe(403);
    }
    expect((await payoutRow((open as PayoutView).id))?.status).toBe('requested');
    expect((await getJson(`${PAYOUTS}/me`)).status).toBe(401);
    const superAdmin = await getJson<ApiErrorBody>(`${PAYOUTS}/me`, { headers: admin });
    expect(superAdmin.status).toBe(403);
    expect(superAdmin.body.error.details).toMatchObject({ code: 'not-an-instructor' });
  });
});
