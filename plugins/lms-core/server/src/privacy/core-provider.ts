import type { Knex } from 'knex';
import { FAILED_JOBS_TABLE, OUTBOX_TABLE } from '../migrations/core';
import { rowsForExport } from './rows';
import type { PersonalDataProvider } from './types';

/** Keys under which event payloads name a person (see each plugin's EventPayloads). */
const PERSON_KEYS = ['userId', 'learnerId', 'recipientId', 'user_id', 'learner_id'];

/**
 * Rows whose JSON `column` names the user under a person key or holds the email. The JSON is
 * matched as text, with and without the space PostgreSQL's jsonb puts after a colon.
 */
export function whereJsonMentionsUser(q: Knex.QueryBuilder, column: string, userId: number, email: string): Knex.QueryBuilder {
  return q.where((w) => {
    for (const key of PERSON_KEYS) {
      for (const colon of [':', ': ']) {
        for (const end of [',', '}']) w.orWhereRaw(`CAST(?? AS TEXT) LIKE ?`, [column, `%"${key}"${colon}${userId}${end}%`]);
        // Stripe metadata and similar string maps carry the id as text.
        w.orWhereRaw(`CAST(?? AS TEXT) LIKE ?`, [column, `%"${key}"${colon}"${userId}"%`]);
      }
    }
    if (email) w.orWhereRaw(`LOWER(CAST(?? AS TEXT)) LIKE ? ESCAPE '\\'`, [column, `%${email.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  });
}

/** The users-permissions account (its anonymisation is the last step of the erasure, in the service). */
export const usersPermissionsProvider: PersonalDataProvider = {
  name: 'account',
  async exportUserData(strapi, userId) {
    const rows = (await strapi.db
      .connection('up_users')
      .where({ id: userId })
      .select('id', 'username', 'email', 'full_name', 'provider', 'confirmed', 'blocked', 'created_at', 'updated_at')) as Array<Record<string, unknown>>;
    return { tables: { profile: rowsForExport(rows) } };
  },
  async eraseUserData() {
    // Done by the privacy service after every provider (they may read the account first).
  },
};

/**
 * The kernel's queue tables: delivered events and failed jobs that name the learner are deleted
 * (they are transport, not records). Events not yet relayed stay: their consumers must still run
 * (and their own providers erased what they had already written).
 */
export const corePrivacyProvider: PersonalDataProvider = {
  name: 'lms-core',
  async exportUserData() {
    return { tables: {} };
  },
  async eraseUserData(_strapi, trx, userId, ctx) {
    await whereJsonMentionsUser(trx(OUTBOX_TABLE).whereNotNull('relayed_at'), 'payload', userId, ctx.email).delete();
    await whereJsonMentionsUser(trx(FAILED_JOBS_TABLE), 'data', userId, ctx.email).delete();
  },
};
