import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, whereJsonMentionsUser, writeJson, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { ENROLLMENTS_TABLE, LESSON_PROGRESS_TABLE, SUBSCRIPTIONS_TABLE } from './migrations';
import { PAYMENTS_TABLE, STRIPE_EVENTS_TABLE } from './payments/migrations';

/**
 * lms-enrollment's personal data (decision 036):
 * - enrollments, lesson progress, subscriptions: deleted (they describe the person's learning);
 * - payments: kept with their amounts and Stripe ids (accounting records the ledger points at),
 *   `user_id` set to NULL: nothing links them to the person any more;
 * - stored Stripe webhook events about the person's payments (their payloads carry email, name,
 *   metadata.userId): payload replaced by a stub with the anonymous reference; the row stays so a
 *   re-delivery is still recognised as a duplicate.
 */
export const enrollmentPrivacyProvider: PersonalDataProvider = {
  name: 'lms-enrollment',
  async exportUserData(strapi, userId) {
    const knex = strapi.db.connection;
    const enrollments = (await knex(ENROLLMENTS_TABLE).where({ user_id: userId }).orderBy('id')) as Array<Record<string, unknown>>;
    const progress = (await knex(LESSON_PROGRESS_TABLE)
      .join(ENROLLMENTS_TABLE, `${ENROLLMENTS_TABLE}.id`, `${LESSON_PROGRESS_TABLE}.enrollment_id`)
      .where(`${ENROLLMENTS_TABLE}.user_id`, userId)
      .select(`${LESSON_PROGRESS_TABLE}.*`, `${ENROLLMENTS_TABLE}.course_document_id`)
      .orderBy(`${LESSON_PROGRESS_TABLE}.id`)) as Array<Record<string, unknown>>;
    const subscriptions = (await knex(SUBSCRIPTIONS_TABLE).where({ user_id: userId }).orderBy('id')) as Array<Record<string, unknown>>;
    const payments = (await knex(PAYMENTS_TABLE).where({ user_id: userId }).orderBy('id')) as Array<Record<string, unknown>>;
    return {
      tables: {
        enrollments: rowsForExport(enrollments),
        lesson_progress: rowsForExport(progress),
        subscriptions: rowsForExport(subscriptions),
        payments: rowsForExport(payments),
      },
    };
  },
  async eraseUserData(_strapi, trx: Knex.Transaction, userId, ctx) {
    const payments = (await trx(PAYMENTS_TABLE)
      .where({ user_id: userId })
      .select('checkout_session_id', 'payment_intent_id', 'charge_id', 'invoice_id', 'subscription_id')) as Array<Record<string, string | null>>;
    const subscriptions = (await trx(SUBSCRIPTIONS_TABLE).where({ user_id: userId }).select('stripe_customer_id')) as Array<Record<string, string | null>>;
    const stripeIds = [...new Set([...payments.flatMap((p) => Object.values(p)), ...subscriptions.map((s) => s.stripe_customer_id)].filter((v): v is string => typeof v === 'string' && v.length >= 8))];
    const events = trx(STRIPE_EVENTS_TABLE).where((w) => {
      whereJsonMentionsUser(w as unknown as Knex.QueryBuilder, 'payload', userId, ctx.email);
      for (const id of stripeIds) w.orWhereRaw('CAST(?? AS TEXT) LIKE ?', ['payload', `%"${id}"%`]);
    });
    for (const row of (await events.select('id', 'event_id')) as Array<{ id: number; event_id: string }>) {
      await trx(STRIPE_EVENTS_TABLE).where({ id: row.id }).update({ payload: writeJson({ id: row.event_id, erased: ctx.anonymousReference }) });
    }
    await trx(PAYMENTS_TABLE).where({ user_id: userId }).update({ user_id: null, updated_at: new Date() });
    await trx(LESSON_PROGRESS_TABLE).whereIn('enrollment_id', trx(ENROLLMENTS_TABLE).where({ user_id: userId }).select('id')).delete();
    await trx(ENROLLMENTS_TABLE).where({ user_id: userId }).delete();
    await trx(SUBSCRIPTIONS_TABLE).where({ user_id: userId }).delete();
  },
};

export function registerEnrollmentPrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(enrollmentPrivacyProvider);
}
