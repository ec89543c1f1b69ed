import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { readDate } from '@lms/plugin-lms-core/server';
import type { NotificationKind } from '../domain';
import { NOTIFICATIONS_TABLE } from '../migrations';

export interface InAppNotification {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

interface Row {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read_at: unknown;
  created_at: unknown;
}

const view = (r: Row): InAppNotification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  readAt: readDate(r.read_at)?.toISOString() ?? null,
  createdAt: (readDate(r.created_at) ?? new Date(0)).toISOString(),
});

/** In-app notifications of site users: written by the event consumers, read and marked on the site. */
export const createInboxService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** In the consumer's transaction; a second write for the same event, kind and user is a no-op. */
  async add(trx: Knex.Transaction, n: { userId: number; kind: NotificationKind; title: string; body: string; link: string | null; eventId: string; now: Date }): Promise<void> {
    await trx(NOTIFICATIONS_TABLE)
      .insert({ user_id: n.userId, kind: n.kind, title: n.title, body: n.body, link: n.link, event_id: n.eventId, read_at: null, created_at: n.now })
      .onConflict(['event_id', 'kind', 'user_id'])
      .ignore();
  },

  /** The newest `limit` notifications and how many are unread in all. */
  async latest(userId: number, limit: number): Promise<{ data: InAppNotification[]; unread: number }> {
    const knex = strapi.db.connection;
    const [rows, count] = await Promise.all([
      knex(NOTIFICATIONS_TABLE).where({ user_id: userId }).orderBy('id', 'desc').limit(limit) as Promise<Row[]>,
      knex(NOTIFICATIONS_TABLE).where({ user_id: userId }).whereNull('read_at').count({ n: '*' }).first() as Promise<{ n: number | string } | undefined>,
    ]);
    return { data: rows.map(view), unread: Number(count?.n ?? 0) };
  },

  /** Marks the user's own notifications read (the given ids, or all); others' ids are ignored. Returns how many changed. */
  async markRead(userId: number, which: { ids: number[] } | 'all', now: Date): Promise<number> {
    const query = strapi.db.connection(NOTIFICATIONS_TABLE).where({ user_id: userId }).whereNull('read_at');
    if (which !== 'all') query.whereIn('id', which.ids);
    return query.update({ read_at: now });
  },
});

export type InboxService = ReturnType<typeof createInboxService>;
