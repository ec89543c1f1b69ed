import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@lms/plugin-lms-core/server';
// lms-core's test helper: a fresh PostgreSQL database from the harness, or a temporary SQLite file.
import { openDatabase, type Dialect, type OpenDatabase } from '../../../../lms-core/server/src/testing/databases';
import { migrations } from '../migrations';
import { PAYMENTS_TABLE, STRIPE_EVENTS_TABLE } from './migrations';
import { lockPurchaseRow, toPaymentRecord } from './store';

const at = new Date('2026-03-01T10:00:00Z');
const storedEvent = (id: string) => ({ event_id: id, type: 'charge.refunded', event_created: 1_772_000_000, livemode: false, payload: JSON.stringify({ id }), received_at: at });

describe.each<Dialect>(['postgres', 'sqlite'])('payments tables on %s', (dialect) => {
  let db: OpenDatabase;
  beforeAll(async () => {
    db = await openDatabase(dialect);
    await runMigrations(db.knex, 'lms-enrollment', migrations);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores a Stripe event id once: the repeat inserts nothing and returns nothing', async () => {
    expect(await db.knex(STRIPE_EVENTS_TABLE).insert(storedEvent('evt_1')).onConflict('event_id').ignore().returning('id')).toHaveLength(1);
    expect(await db.knex(STRIPE_EVENTS_TABLE).insert(storedEvent('evt_1')).onConflict('event_id').ignore().returning('id')).toEqual([]);
    await expect(db.knex(STRIPE_EVENTS_TABLE).insert(storedEvent('evt_1'))).rejects.toThrow();
    const row = await db.knex(STRIPE_EVENTS_TABLE).where({ event_id: 'evt_1' }).first();
    expect(Number(row.event_created)).toBe(1_772_000_000);
  });

  it('finds one payment row per PaymentIntent from any fact, creating it on the first', async () => {
    const first = await db.knex.transaction((trx) => lockPurchaseRow(trx, { paymentIntentId: 'pi_1', chargeId: 'ch_1', checkoutSessionId: null }, at));
    const again = await db.knex.transaction((trx) => lockPurchaseRow(trx, { paymentIntentId: 'pi_1', chargeId: null, checkoutSessionId: 'cs_1' }, at));
    expect(again?.id).toBe(first?.id);
    expect(first?.facts).toMatchObject({ status: 'pending', amountRefunded: 0, paymentIntentId: 'pi_1', userId: null });
    expect(first?.announced).toEqual({ succeeded: false, refunded: 0, chargeback: false });
    expect(Number((await db.knex(PAYMENTS_TABLE).count({ n: '*' }).first())?.n)).toBe(1);
    // Amounts come back as numbers on both databases (bigint columns).
    await db.knex(PAYMENTS_TABLE).where({ id: first?.id }).update({ amount_gross: 49900, amount_refunded: 100 });
    expect(toPaymentRecord(await db.knex(PAYMENTS_TABLE).where({ id: first?.id }).first()).facts).toMatchObject({ amountGross: 49900, amountRefunded: 100 });
  });

  it('refuses a second row for the same session, charge or invoice, and unknown statuses', async () => {
    const row = { kind: 'purchase', status: 'pending', created_at: at, updated_at: at };
    await db.knex(PAYMENTS_TABLE).insert({ ...row, checkout_session_id: 'cs_9', invoice_id: 'in_9' });
    await expect(db.knex(PAYMENTS_TABLE).insert({ ...row, checkout_session_id: 'cs_9' })).rejects.toThrow();
    await expect(db.knex(PAYMENTS_TABLE).insert({ ...row, invoice_id: 'in_9' })).rejects.toThrow();
    await expect(db.knex(PAYMENTS_TABLE).insert({ ...row, status: 'maybe' })).rejects.toThrow();
    // Many rows without a charge (NULLs are not equal).
    await db.knex(PAYMENTS_TABLE).insert([{ ...row }, { ...row }]);
  });
});
