import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { MAILS_TABLE, NOTIFICATIONS_TABLE, PREFERENCES_TABLE } from './migrations';

type Row = Record<string, unknown>;

/** Mails to the learner: by account id, or by address (a mail to an address has no id). */
const mailsOf = (q: Knex.QueryBuilder, userId: number, email: string) =>
  q.where((w) => {
    w.where({ recipient_id: userId, recipient_type: 'user' });
    if (email) w.orWhereRaw('LOWER(recipient) = ?', [email.toLowerCase()]);
  });

/**
 * lms-notifications' personal data (decision 036): in-app notifications, the mail log (bodies
 * hold names and links) and preferences are deleted. A mail still queued is deleted too: its send
 * job finds no row and does nothing.
 */
export const notificationsPrivacyProvider: PersonalDataProvider = {
  name: 'lms-notifications',
  async exportUserData(strapi, userId) {
    const knex = strapi.db.connection;
    const email = ((await knex('up_users').where({ id: userId }).first('email')) as { email?: string } | undefined)?.email ?? '';
    return {
      tables: {
        notifications: rowsForExport((await knex(NOTIFICATIONS_TABLE).where({ user_id: userId }).orderBy('id')) as Row[]),
        mails: rowsForExport((await mailsOf(knex(MAILS_TABLE), userId, email).orderBy('id').select('id', 'kind', 'recipient', 'subject', 'text_body', 'status', 'created_at', 'sent_at')) as Row[]),
        preferences: rowsForExport((await knex(PREFERENCES_TABLE).where({ user_id: userId })) as Row[]),
      },
    };
  },
  async eraseUserData(_strapi, trx: Knex.Transaction, userId, ctx) {
    await trx(NOTIFICATIONS_TABLE).where({ user_id: userId }).delete();
    await mailsOf(trx(MAILS_TABLE), userId, ctx.email).delete();
    await trx(PREFERENCES_TABLE).where({ user_id: userId }).delete();
  },
};

export function registerNotificationsPrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(notificationsPrivacyProvider);
}
