import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const ACCOUNTS_TABLE = 'lms_payout_accounts';
export const PAYOUTS_TABLE = 'lms_payouts';
export const STRIPE_EVENTS_TABLE = 'lms_payout_stripe_events';
/** Every time an admin saw an instructor's full bank details (append-only audit). */
export const BANK_REVEALS_TABLE = 'lms_payout_bank_reveals';

/**
 * lms-payouts' tables (knex schema builder, PostgreSQL and SQLite). Timestamps are written by the
 * application; money is bigint minor units. The money itself lives in lms-revenue's ledger: a
 * payout row says what was asked and what happened, the ledger what it did to balances.
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-accounts-payouts-events',
    async up(knex) {
      // One row per instructor: the payout method, and the row every payout request of that
      // instructor locks (SELECT … FOR UPDATE) before reading the balance.
      await knex.schema.createTable(ACCOUNTS_TABLE, (t) => {
        t.string('instructor_id', 64).primary();
        t.string('method', 16).nullable();
        t.string('stripe_account_id', 255).nullable().unique({ indexName: 'lms_payout_accounts_stripe_uq' });
        t.boolean('stripe_payouts_enabled').notNullable().defaultTo(false);
        t.boolean('stripe_details_submitted').notNullable().defaultTo(false);
        // Stripe's `created` of the last account.updated applied (older deliveries are ignored).
        t.bigInteger('stripe_event_created').notNullable().defaultTo(0);
        t.string('stripe_bank_payout_status', 32).nullable();
        t.text('stripe_bank_payout_failure').nullable();
        t.timestamp('stripe_bank_payout_at', { useTz: true }).nullable();
        // AES-256-GCM (domain/encryption.ts); never returned, only its masked form.
        t.text('bank_details_encrypted').nullable();
        t.string('bank_details_masked', 200).nullable();
        t.timestamp('bank_updated_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
      });

      await knex.schema.createTable(PAYOUTS_TABLE, (t) => {
        // po_…: chosen before the row is written, it is part of the ledger references
        // (payout:<id>:requested|paid|released) and of the Stripe idempotency key.
        t.string('id', 40).primary();
        t.string('instructor_id', 64).notNullable();
        t.string('currency', 3).notNullable();
        t.bigInteger('amount').notNullable();
        t.string('method', 16).notNullable();
        // Stripe account id, or the masked bank account, as it was when requested.
        t.string('destination', 255).notNullable();
        t.string('status', 16).notNullable();
        t.integer('requested_by').notNullable();
        t.timestamp('requested_at', { useTz: true }).notNullable();
        t.integer('decided_by').nullable();
        t.timestamp('decided_at', { useTz: true }).nullable();
        t.text('note').nullable();
        t.string('transfer_id', 255).nullable().unique({ indexName: 'lms_payouts_transfer_uq' });
        t.string('reference', 140).nullable();
        t.integer('paid_by').nullable();
        t.timestamp('paid_at', { useTz: true }).nullable();
        t.timestamp('failed_at', { useTz: true }).nullable();
        t.text('failure_reason').nullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.index(['status', 'requested_at'], 'lms_payouts_status_idx');
        t.index(['instructor_id', 'requested_at'], 'lms_payouts_instructor_idx');
        // One open request per instructor, whatever the code path (the lock makes it orderly).
        t.unique(['instructor_id'], { indexName: 'lms_payouts_one_open_uq', predicate: knex.whereRaw("status in ('requested', 'approved')") });
      });

      await knex.schema.createTable(STRIPE_EVENTS_TABLE, (t) => {
        t.string('event_id', 255).primary();
        t.string('type', 100).notNullable();
        t.string('account', 255).nullable();
        t.bigInteger('event_created').notNullable();
        t.timestamp('received_at', { useTz: true }).notNullable();
        t.text('outcome').notNullable();
      });
    },
  },
  {
    name: '002-bank-detail-reveals',
    async up(knex) {
      await knex.schema.createTable(BANK_REVEALS_TABLE, (t) => {
        t.increments('id');
        t.string('payout_id', 40).notNullable();
        t.string('instructor_id', 64).notNullable();
        t.integer('admin_id').notNullable();
        t.timestamp('revealed_at', { useTz: true }).notNullable();
        t.index(['payout_id'], 'lms_payout_bank_reveals_payout_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(BANK_REVEALS_TABLE);
    },
  },
];
