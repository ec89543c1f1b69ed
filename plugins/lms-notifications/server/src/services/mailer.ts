import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { ORPHAN_AFTER_MS, SENDING_LEASE_MS, messageIdFor, sendDecision, type MailStatus, type NotificationKind, type RenderedNotification } from '../domain';
import { sendEmail } from '../adapters/strapi';
import { MAILS_TABLE } from '../migrations';

/** The plain lms-core job that sends one queued mail (its name keys queued jobs: never rename it). */
export const SEND_MAIL_JOB = 'lms-notifications-send-mail';
/**
 * Re-sends a mail left "unknown": never queued automatically, only parked in lms-core's failed set
 * by the sweep, so it runs when an admin presses Retry there.
 */
export const RESEND_MAIL_JOB = 'lms-notifications-resend-mail';

interface MailRow {
  id: number;
  event_id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: MailStatus;
}

export type SendOutcome = 'sent' | 'skip-missing' | 'skip-done' | 'skip-in-flight';

/**
 * Outgoing mail, at most once per (event, kind, recipient):
 * 1. `queue` inserts the rendered mail as "pending" in the consumer's transaction (the unique key
 *    makes a second consumer run a no-op) and enqueues the send job once that transaction commits;
 * 2. the job (`send`) claims the row (pending → sending, committed on its own), talks SMTP, and
 *    marks it "sent"; an SMTP refusal puts it back to "pending" and throws, so lms-core retries
 *    with backoff and, after the last attempt, lists it under Failed jobs;
 * 3. `sweep` re-enqueues pending rows whose enqueue was lost (a crash right after the commit) and
 *    turns claims older than the lease into "unknown", which are never re-sent automatically.
 */
export const createMailerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const events = () => getLmsCoreService(strapi, 'events');
  let host: string | null = null;
  const messageHost = () => (host ??= new URL((strapi.config.get('server.url') as string | undefined) || 'http://localhost').hostname || 'localhost');

  const enqueue = (mailId: number, jobId: string): Promise<void> =>
    events()
      .enqueueJob(SEND_MAIL_JOB, { mailId }, { id: jobId })
      .then(
        () => undefined,
        (error: unknown) => {
          strapi.log.warn(`[lms-notifications] could not enqueue mail ${mailId} (the sweep will): ${String(error)}`);
        },
      );

  return {
    async queue(trx: Knex.Transaction, mail: { eventId: string; kind: NotificationKind; to: string; recipientId: number | null; recipientType: 'user' | 'admin'; rendered: RenderedNotification; now: Date }): Promise<number | null> {
      const rows = (await trx(MAILS_TABLE)
        .insert({
          event_id: mail.eventId,
          kind: mail.kind,
          recipient: mail.to.toLowerCase(),
          recipient_id: mail.recipientId,
          recipient_type: mail.recipientType,
          subject: mail.rendered.subject,
          text_body: mail.rendered.text,
          html_body: mail.rendered.html,
          status: 'pending',
          attempts: 0,
          created_at: mail.now,
        })
        .onConflict(['event_id', 'kind', 'recipient'])
        .ignore()
        .returning('id')) as Array<{ id: number } | number>;
      const first = rows[0];
      const id = typeof first === 'number' ? first : (first?.id ?? null);
      if (id === null) return null;
      // After the commit, so the job finds the row; on rollback it finds nothing and does nothing.
      const done = (trx as { executionPromise?: Promise<unknown> }).executionPromise;
      if (done) void done.then(() => enqueue(id, `mail-${id}`), () => undefined);
      return id;
    },

    /** The send job: claim, send, mark. Throws on an SMTP failure so the queue retries. */
    async send(mailId: number): Promise<SendOutcome> {
      const row = (await knex()(MAILS_TABLE).where({ id: mailId }).first()) as MailRow | undefined;
      const decision = sendDecision(row?.status ?? null);
      if (decision !== 'send' || !row) return decision === 'send' ? 'skip-missing' : decision;
      const claimed = await knex()(MAILS_TABLE)
        .where({ id: mailId, status: 'pending' })
        .update({ status: 'sending', claimed_at: new Date(), attempts: knex().raw('attempts + 1') });
      if (claimed !== 1) return 'skip-in-flight';
      const messageId = messageIdFor(row.id, row.event_id, messageHost());
      try {
        await sendEmail(strapi, { to: row.recipient, subject: row.subject, text: row.text_body, html: row.html_body, messageId });
      } catch (error) {
        // The server refused or could not be reached: nothing was accepted, so sending again is safe.
        await knex()(MAILS_TABLE)
          .where({ id: mailId, status: 'sending' })
          .update({ status: 'pending', claimed_at: null, last_error: String(error instanceof Error ? error.message : error).slice(0, 2000) });
        throw error;
      }
      await knex()(MAILS_TABLE).where({ id: mailId, status: 'sending' }).update({ status: 'sent', sent_at: new Date(), message_id: messageId, last_error: null });
      return 'sent';
    },

    /** An admin's Retry of a parked mail: unknown → pending, then the ordinary send. */
    async resend(mailId: number): Promise<SendOutcome> {
      await knex()(MAILS_TABLE).where({ id: mailId, status: 'unknown' }).update({ status: 'pending', claimed_at: null });
      return this.send(mailId);
    },

    /**
     * Heals lost enqueues and expired claims; returns what it did. An expired claim becomes
     * "unknown" and is parked under lms-core's Failed jobs, where an admin sees it and may re-send.
     */
    async sweep(now: Date): Promise<{ requeued: number; unknown: number }> {
      const expired = (await knex()(MAILS_TABLE)
        .where({ status: 'sending' })
        .where('claimed_at', '<', new Date(now.getTime() - SENDING_LEASE_MS))
        .update({ status: 'unknown', last_error: 'the process sending it stopped before it was confirmed; not re-sent (it may have been delivered)' })
        .returning(['id', 'recipient', 'subject'])) as Array<{ id: number; recipient: string; subject: string }>;
      const unknown = expired.length;
      if (unknown > 0) strapi.log.warn(`[lms-notifications] ${unknown} mail(s) in an unknown state (sender stopped mid-send); listed under Failed jobs`);
      for (const mail of expired) {
        await events()
          .parkJob(
            RESEND_MAIL_JOB,
            { mailId: Number(mail.id) },
            {
              id: `mail-${mail.id}`,
              reason: `mail #${mail.id} "${mail.subject}" to ${mail.recipient}: the process sending it stopped before the mail server confirmed it, so it may or may not have been delivered. It is not re-sent by itself; Retry sends it again.`,
            },
          )
          .catch((error: unknown) => strapi.log.warn(`[lms-notifications] could not list mail ${mail.id} under Failed jobs: ${String(error)}`));
      }
      const orphans = (await knex()(MAILS_TABLE)
        .where({ status: 'pending', attempts: 0 })
        .where('created_at', '<', new Date(now.getTime() - ORPHAN_AFTER_MS))
        .select('id')
        .limit(500)) as Array<{ id: number }>;
      for (const { id } of orphans) await enqueue(id, `mail-${id}-again`);
      return { requeued: orphans.length, unknown };
    },
  };
};

export type MailerService = ReturnType<typeof createMailerService>;
