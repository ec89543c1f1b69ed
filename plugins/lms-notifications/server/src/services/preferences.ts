import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { PREFERENCES_TABLE } from '../migrations';

export interface Preferences {
  /** Emails that are not essential (welcome, assignment graded, live-session reminders). */
  emailNonEssential: boolean;
  updatedAt: string | null;
}

const DEFAULTS: Preferences = { emailNonEssential: true, updatedAt: null };

/** A learner's email preferences; no row means the defaults (every email on). */
export const createPreferencesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = (trx?: Knex.Transaction) => trx ?? strapi.db.connection;
  return {
    async get(userId: number, trx?: Knex.Transaction): Promise<Preferences> {
      const row = (await db(trx)(PREFERENCES_TABLE).where({ user_id: userId }).first()) as { email_non_essential: boolean | number; updated_at: unknown } | undefined;
      if (!row) return { ...DEFAULTS };
      return { emailNonEssential: row.email_non_essential === true || row.email_non_essential === 1, updatedAt: new Date(row.updated_at as string).toISOString() };
    },

    async set(userId: number, change: { emailNonEssential: boolean }, now: Date): Promise<Preferences> {
      await strapi.db
        .connection(PREFERENCES_TABLE)
        .insert({ user_id: userId, email_non_essential: change.emailNonEssential, updated_at: now })
        .onConflict('user_id')
        .merge(['email_non_essential', 'updated_at']);
      return { emailNonEssential: change.emailNonEssential, updatedAt: now.toISOString() };
    },
  };
};

export type PreferencesService = ReturnType<typeof createPreferencesService>;
