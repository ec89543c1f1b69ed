/**
 * A nodemailer transport that writes each email to the log instead of sending it: the cms's
 * email provider when no SMTP server is configured (development, the quick start). The
 * nodemailer provider hands its options to `nodemailer.createTransport`, which accepts such an
 * object as a custom transport, so one provider serves both cases.
 */

interface Envelope {
  from: string | false;
  to: string[];
}

/** The part of nodemailer's MailMessage this transport reads. */
interface MailMessageLike {
  data: { subject?: unknown; text?: unknown; html?: unknown };
  message: { getEnvelope(): Envelope; messageId(): string };
}

export interface LogTransportOptions {
  /** Whether the body is logged too. Off in production: reset links are credentials. */
  includeBody: boolean;
  log: (line: string) => void;
}

export function createLogTransport({ includeBody, log }: LogTransportOptions) {
  return {
    name: 'lms-log',
    version: '1.0.0',
    send(mail: MailMessageLike, callback: (error: Error | null, info?: { envelope: Envelope; messageId: string }) => void): void {
      try {
        const envelope = mail.message.getEnvelope();
        const subject = typeof mail.data.subject === 'string' ? mail.data.subject : '(no subject)';
        const body = typeof mail.data.text === 'string' ? mail.data.text : typeof mail.data.html === 'string' ? mail.data.html : '';
        const head = `[email] not sent (no SMTP_HOST): to ${envelope.to.join(', ')}, subject "${subject}"`;
        log(includeBody && body ? `${head}\n${body}` : head);
        callback(null, { envelope, messageId: mail.message.messageId() });
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
