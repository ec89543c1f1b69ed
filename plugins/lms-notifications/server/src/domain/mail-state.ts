/**
 * The life of one outgoing email (a row of lms_notification_mails), decided here and applied by
 * the mailer with conditional UPDATEs:
 *
 *   pending ──claim──▶ sending ──SMTP accepted──▶ sent
 *      ▲                  │
 *      └──SMTP refused────┘          sending, lease expired ──▶ unknown (never re-sent)
 *
 * "sending" is committed before the SMTP conversation starts, so a retry (of the job, or of the
 * whole event) that finds it does not send again. The price: a process that dies mid-send leaves
 * a row that may or may not have been delivered; it becomes "unknown" and is not re-sent (at most
 * once, by choice: see docs/decisions/033-notifications.md).
 */

export type MailStatus = 'pending' | 'sending' | 'sent' | 'unknown';

/** How long a claim may last before the row is declared "unknown". SMTP sends take seconds. */
export const SENDING_LEASE_MS = 10 * 60_000;

/** A pending row nobody enqueued (the process died between commit and enqueue) is re-enqueued after this. */
export const ORPHAN_AFTER_MS = 60_000;

/** What a send job does with the row it was given. */
export function sendDecision(status: MailStatus | null): 'send' | 'skip-missing' | 'skip-done' | 'skip-in-flight' {
  if (status === null) return 'skip-missing';
  if (status === 'pending') return 'send';
  if (status === 'sending') return 'skip-in-flight';
  return 'skip-done';
}

/**
 * A stable Message-ID per (event, kind, recipient): if a copy is ever delivered twice (the
 * "unknown" case re-sent by an admin), mail clients and list servers that deduplicate by
 * Message-ID show it once.
 */
export function messageIdFor(mailId: number, eventId: string, host: string): string {
  return `<lms-${eventId}-${mailId}@${host}>`;
}
