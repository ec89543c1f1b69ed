import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const STRIPE_EVENTS_TABLE = 'lms_stripe_events';
export const PAYMENTS_TABLE = 'lms_payments';

export const PAYMENT_KINDS = ['purchase', 'subscription'] as const;
export const PAYMENT_STATUSES = ['pending', 'paid', 'failed'] as const;

/**
 * Payments: every verified Stripe event (so a duplicate is recognised by its id before anything
 * acts on it) and one row of accumulated facts per payment, from which the enrollment's state is
 * derived whatever order the events arrive in. As in migration 001, timestamps are written by the
 * application; amounts are integers in minor units (bigint).
 */
export const paymentMigrations: PluginMigration[] = [
  {
    name: '002-stripe-events-payments',
    async up(knex) {
      await knex.schema.createTable(STRIPE_EVENTS_TABLE, (t) => {
        t.increments('id');
        t.string('event_id', 255).notNullable().unique({ indexName: 'lms_stripe_events_event_id_uq' });
        t.string('type', 100).notNullable();
        // Stripe's `created` (epoch seconds): the order facts happened in, not the order they came.
        t.bigInteger('event_created').notNullable();
        t.boolean('livemode').notNullable();
        t.json('payload').notNullable();
        t.timestamp('received_at', { useTz: true }).notNullable();
        t.timestamp('processed_at', { useTz: true }).nullable();
        // What the consumer made of it ("granted enrollment 12", "ignored: not an LMS checkout", ...).
        t.text('outcome').nullable();
        t.index(['type'], 'lms_stripe_events_type_idx');
      });

      await knex.schema.createTable(PAYMENTS_TABLE, (t) => {
        t.increments('id');
        t.enu('kind', [...PAYMENT_KINDS]).notNullable();
        // Correlation keys: a purchase is found by its PaymentIntent from every event
        // (session, charge, dispute); a subscription payment by its invoice.
        t.string('checkout_session_id', 255).nullable().unique({ indexName: 'lms_payments_session_uq' });
        t.string('payment_intent_id', 255).nullable().unique({ indexName: 'lms_payments_payment_intent_uq' });
        t.string('charge_id', 255).nullable().unique({ indexName: 'lms_payments_charge_uq' });
        t.string('invoice_id', 255).nullable().unique({ indexName: 'lms_payments_invoice_uq' });
        t.string('subscription_id', 255).nullable();
        // Unknown until an event carrying the session's metadata arrives.
        t.integer('user_id').nullable();
        t.string('course_document_id', 64).nullable();
        t.string('currency', 3).nullable();
        t.bigInteger('amount_gross').nullable();
        t.bigInteger('amount_tax').nullable();
        t.bigInteger('fee').nullable();
        t.string('fee_currency', 3).nullable();
        // Cumulative, as Stripe reports it on the charge: only ever grows.
        t.bigInteger('amount_refunded').notNullable().defaultTo(0);
        t.enu('status', [...PAYMENT_STATUSES]).notNullable();
        t.string('dispute_id', 255).nullable();
        t.string('dispute_status', 32).nullable();
        t.bigInteger('dispute_amount').nullable();
        t.bigInteger('dispute_event_created').notNullable().defaultTo(0);
        // What has been announced as events already, so each fact is announced exactly once.
        t.timestamp('succeeded_announced_at', { useTz: true }).nullable();
        t.bigInteger('refund_announced').notNullable().defaultTo(0);
        t.timestamp('chargeback_announced_at', { useTz: true }).nullable();
        t.timestamp('paid_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.index(['user_id'], 'lms_payments_user_idx');
        t.index(['course_document_id'], 'lms_payments_course_idx');
        t.index(['subscription_id'], 'lms_payments_subscription_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(PAYMENTS_TABLE);
      await knex.schema.dropTableIfExists(STRIPE_EVENTS_TABLE);
    },
  },
];
