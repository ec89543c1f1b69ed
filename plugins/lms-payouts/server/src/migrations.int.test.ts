import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../tests/harness/dialects';
import { ACCOUNTS_TABLE, migrations, PAYOUTS_TABLE, STRIPE_EVENTS_TABLE, BANK_REVEALS_TABLE } from './migrations';

const now = new Date('2026-03-01T10:00:00Z');
const payout = (id: string, status: string) => ({
  id,
  instructor_id: 'ins-a',
  currency: 'ZAR',
  amount: 10_000,
  method: 'bank',
  destination: 'IBAN ****3000',
  status,
  requested_by: 1,
  requested_at: now,
  updated_at: now,
});

/** lms-payouts' tables on both databases, and the one-open-request rule the database itself keeps. */
describe.each(DIALECTS)('lms-payouts migrations on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  beforeAll(async () => {
    db = await openDialect(dialect, 'lms-payouts');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates the tables once', async () => {
    expect((await runMigrations(db.knex, 'lms-payouts', migrations)).applied).toEqual(['001-accounts-payouts-events', '002-bank-detail-reveals']);
    expect((await runMigrations(db.knex, 'lms-payouts', migrations)).applied).toEqual([]);
    for (const table of [ACCOUNTS_TABLE, PAYOUTS_TABLE, STRIPE_EVENTS_TABLE, BANK_REVEALS_TABLE]) expect(await db.knex.schema.hasTable(table)).toBe(true);
  });

  it('allows one open payout per instructor; closed ones do not count', async () => {
    await db.knex(PAYOUTS_TABLE).insert(payout('po_open1', 'requested'));
    const second = await db.knex(PAYOUTS_TABLE).insert(payout('po_open2', 'approved')).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(second)).toBe(true);
    await db.knex(PAYOUTS_TABLE).where({ id: 'po_open1' }).update({ status: 'paid' });
    await db.knex(PAYOUTS_TABLE).insert(payout('po_open2', 'requested'));
    await db.knex(PAYOUTS_TABLE).insert([payout('po_done1', 'rejected'), payout('po_done2', 'failed')]);
    expect(await db.knex(PAYOUTS_TABLE).where({ instructor_id: 'ins-a' }).count({ n: '*' })).toEqual([{ n: dialect === 'postgres' ? '4' : 4 }]);
  });

  it('keeps one account row per instructor and one row per Stripe event id', async () => {
    const row = { instructor_id: 'ins-a', created_at: now, updated_at: now };
    await db.knex(ACCOUNTS_TABLE).insert(row).onConflict('instructor_id').ignore();
    await db.knex(ACCOUNTS_TABLE).insert(row).onConflict('instructor_id').ignore();
    expect(await db.knex(ACCOUNTS_TABLE).select('instructor_id', 'method', 'stripe_payouts_enabled')).toEqual([{ instructor_id: 'ins-a', method: null, stripe_payouts_enabled: dialect === 'postgres' ? false : 0 }]);
    const event = { event_id: 'evt_1', type: 'transfer.created', account: null, event_created: 1, received_at: now, outcome: 'x' };
    await db.knex(STRIPE_EVENTS_TABLE).insert(event);
    expect(await db.knex(STRIPE_EVENTS_TABLE).insert(event).onConflict('event_id').ignore().returning('event_id')).toEqual([]);
  });
});
