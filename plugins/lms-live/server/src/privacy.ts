import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { ATTENDANCE_TABLE, PREFERENCES_TABLE, REMINDERS_TABLE, SEATS_TABLE, SESSIONS_TABLE } from './migrations';

type Row = Record<string, unknown>;

/**
 * lms-live's personal data (decision 036): the learner's seats, attendance, reminders sent and
 * time-zone setting. Erasure deletes them and gives the seats back (each session's seat counter
 * is the number of its seat rows, kept under the capacity CHECK), in the erasure's transaction.
 */
export const livePrivacyProvider: PersonalDataProvider = {
  name: 'lms-live',
  async exportUserData(strapi, userId) {
    const knex = strapi.db.connection;
    const seats = (await knex(`${SEATS_TABLE} as s`)
      .join(`${SESSIONS_TABLE} as l`, 'l.id', 's.session_id')
      .where('s.learner_id', userId)
      .select('s.*', 'l.title as session_title', 'l.starts_at as session_starts_at', 'l.course_document_id')
      .orderBy('s.id')) as Row[];
    return {
      tables: {
        seats: rowsForExport(seats),
        attendance: rowsForExport((await knex(ATTENDANCE_TABLE).where({ learner_id: userId }).orderBy('id')) as Row[]),
        reminders: rowsForExport((await knex(REMINDERS_TABLE).where({ learner_id: userId })) as Row[]),
        preferences: rowsForExport((await knex(PREFERENCES_TABLE).where({ learner_id: userId })) as Row[]),
      },
    };
  },
  async eraseUserData(_strapi, trx: Knex.Transaction, userId) {
    const seats = (await trx(SEATS_TABLE).where({ learner_id: userId }).select('session_id')) as Array<{ session_id: number }>;
    for (const { session_id } of seats) {
      await trx(SESSIONS_TABLE).where({ id: session_id }).where('seats_taken', '>', 0).decrement('seats_taken', 1);
    }
    for (const table of [SEATS_TABLE, ATTENDANCE_TABLE, REMINDERS_TABLE, PREFERENCES_TABLE]) await trx(table).where({ learner_id: userId }).delete();
  },
};

export function registerLivePrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(livePrivacyProvider);
}
