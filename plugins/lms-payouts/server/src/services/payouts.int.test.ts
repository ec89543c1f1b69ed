import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
// The real ledger of lms-revenue behind the port (a test may reach across; plugin code may not).
import { createLedgerService } from '../../../../lms-revenue/server/src/services/ledger';
import { migrations as revenueMigrations } from '../../../../lms-revenue/server/src/migrations';
import { DEFAULT_RULES, splitSale } from '../../../../lms-revenue/server/src/domain';
import { migrations } from '../migrations';
import { createAccountsService } from './accounts';
import { createPayoutsService } from './payouts';

const soldAt = new Date('2026-03-01T10:00:00Z');
const later = new Date('2026-04-15T10:00:00Z');

/**
 * The payout services on both databases with a Strapi stand-in that holds only what they use
 * (the knex connection and transactions, the plugin container, the config): request under the
 * instructor's lock, refusals that write nothing, rejection and bank payment with their ledger
 * steps. On PostgreSQL, concurrent requests queue on the lock row.
 */
describe.each(DIALECTS)('lms-payouts services on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  let payouts: ReturnType<typeof createPayoutsService>;
  let accounts: ReturnType<typeof createAccountsService>;
  let ledger: ReturnType<typeof createLedgerService>;

  const emitted: Array<{ type: string; payload: Record<string, unknown> }> = [];

  beforeAll(async () => {
    db = await openDialect(dialect, 'lms-payouts-svc');
    await runMigrations(db.knex, 'lms-revenue', revenueMigrations);
    await runMigrations(db.knex, 'lms-payouts', migrations);
    const services: Record<string, Record<string, unknown>> = {};
    const strapi = {
      db: {
        connection: db.knex,
        transaction: (work: (ctx: { trx: Knex.Transaction }) => Promise<unknown>) => db.knex.transaction((trx) => work({ trx })),
        query: () => ({ findMany: async () => [] }),
      },
      plugin: (name: string) => ({ service: (s: string) => services[`${name}.${s}`] }),
      config: { get: () => ({ minimums: { default: 1000 } }) },
      log: { warn() {}, info() {}, debug() {} },
    } as unknown as Core.Strapi;
    ledger = createLedgerService({ strapi });
    accounts = createAccountsService({ strapi });
    payouts = createPayoutsService({ strapi });
    services['lms-revenue.ledger'] = ledger;
    services['lms-payouts.accounts'] = accounts;
    services['lms-payouts.payouts'] = payouts;
    // lms-core's event bus, recording what the payout services emit (the HTTP tests run the real one).
    services['lms-core.events'] = { emit: async (_trx: unknown, e: { type: string; payload: Record<string, unknown> }) => void emitted.push(e) };

    // One sale of 200.00 ZAR for ins-a, available 30 days later; ins-a is paid by bank.
    const split = splitSale({ reference: 'payment:1', courseId: 'c', courseInstructorIds: ['ins-a'], gross: money(20_000, 'ZAR'), tax: money(0, 'ZAR'), fee: money(610, 'ZAR'), occurredAt: soldAt }, DEFAULT_RULES);
    await db.knex.transaction((trx) => ledger.post(trx, split.transaction, { paymentId: 1, courseId: 'c', details: {}, createdAt: soldAt }));
    await db.knex.transaction((trx) => accounts.lock(trx, 'ins-a', soldAt));
    await db.knex('lms_payout_accounts').where({ instructor_id: 'ins-a' }).update({ method: 'bank', bank_details_encrypted: 'v1.x.y.z', bank_details_masked: 'IBAN ****3000' });
  });
  afterAll(async () => {
    await db?.close();
  });

  const available = async () => (await ledger.balances(later, { instructorId: 'ins-a' }))[0];

  it('refuses with the rule named and writes nothing', async () => {
    const share = (await available())?.available.amount ?? 0;
    expect(share).toBe(13_573);
    await expect(payouts.request({ instructorId: 'ins-a', adminUserId: 1, currency: 'ZAR', amount: 500, now: later })).rejects.toMatchObject({ code: 'below-minimum', field: 'amount' });
    await expect(payouts.request({ instructorId: 'ins-a', adminUserId: 1, currency: 'ZAR', amount: share + 1, now: later })).rejects.toMatchObject({ code: 'exceeds-available' });
    await expect(payouts.request({ instructorId: 'ins-b', adminUserId: 1, currency: 'ZAR', now: later })).rejects.toMatchObject({ code: 'no-payout-method' });
    expect(await db.knex('lms_payouts')).toEqual([]);
    expect(await db.knex('lms_ledger_transactions').where('reference', 'like', 'payout:%')).toEqual([]);
  });

  it('reserves, rejects (released) and pays by bank (paid), each step once in the ledger', async () => {
    const first = await payouts.request({ instructorId: 'ins-a', adminUserId: 1, currency: 'ZAR', amount: 5000, now: later });
    expect(first).toMatchObject({ status: 'requested', destination: 'IBAN ****3000', amount: { amount: 5000 } });
    await expect(payouts.request({ instructorId: 'ins-a', adminUserId: 1, currency: 'ZAR', amount: 1000, now: later })).rejects.toMatchObject({ code: 'open-request-exists' });
    expect(await available()).toMatchObject({ available: { amount: 8573 }, requested: { amount: 5000 } });
    expect((await payouts.reject(first.id, 2, 'not yet', later)).status).toBe('rejected');
    expect(await available()).toMatchObject({ available: { amount: 13_573 }, requested: { amount: 0 } });

    const second = await payouts.request({ instructorId: 'ins-a', adminUserId: 1, currency: 'ZAR', now: later });
    await expect(payouts.markPaid(second.id, 2, 'REF-1', later)).rejects.toMatchObject({ code: 'invalid-transition' });
    expect((await payouts.approve(second.id, 2, null, later)).status).toBe('approved');
    expect(await payouts.markPaid(second.id, 2, 'REF-1', later)).toMatchObject({ status: 'paid', reference: 'REF-1' });
    // What the instructor is told (lms-notifications): rejected with the note, approved, paid with the reference.
    expect(emitted.map((e) => [e.type, e.payload.payoutId, e.payload.method, e.payload.reference ?? e.payload.reason])).toEqual([
      ['payout.rejected', first.id, 'bank', 'not yet'],
      ['payout.approved', second.id, 'bank', null],
      ['payout.paid', second.id, 'bank', 'REF-1'],
    ]);
    expect(await available()).toMatchObject({ available: { amount: 0 }, requested: { amount: 0 }, paid: { amount: 13_573 } });
    const refs = (await db.knex('lms_ledger_transactions').where('reference', 'like', 'payout:%').orderBy('id').select('reference')).map((r: { reference: string }) => r.reference);
    expect(refs).toEqual([`payout:${first.id}:requested`, `payout:${first.id}:released`, `payout:${second.id}:requested`, `payout:${second.id}:paid`]);
  });

  it('concurrent requests reserve at most once', async () => {
    const split = splitSale({ reference: 'payment:2', courseId: 'c', courseInstructorIds: ['ins-a'], gross: money(20_000, 'ZAR'), tax: money(0, 'ZAR'), fee: money(610, 'ZAR'), occurredAt: soldAt }, DEFAULT_RULES);
    await db.knex.transaction((trx) => ledger.post(trx, split.transaction, { paymentId: 2, courseId: 'c', details: {}, createdAt: soldAt }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => payouts.request({ instructorId: 'ins-a', adminUserId: 1, currency: 'ZAR', amount: 2000 + i, now: later })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'open-request-exists')).toBe(true);
    const b = await available();
    expect((b?.requested.amount ?? 0) + (b?.available.amount ?? 0)).toBe(13_573);
  });
});
