import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server for the test stack: it accepts every message and writes it to a folder
 * (raw RFC 5322 `.eml` plus a `.json` envelope written after it), so test files running in another
 * process read what the cms sent. The cms reaches it through SMTP_HOST/SMTP_PORT like any server.
 */
export interface MailServer {
  host: string;
  port: number;
  /** Where received messages are written. */
  dir: string;
  stop(): Promise<void>;
}

interface StoredEnvelope {
  file: string;
  from: string | null;
  to: string[];
  receivedAt: string;
}

export async function startMailServer(): Promise<MailServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-mail-'));
  let sequence = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS to negotiate, no login to offer.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const base = `${Date.now()}-${String(++sequence).padStart(4, '0')}`;
        const envelope: StoredEnvelope = {
          file: `${base}.eml`,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          receivedAt: new Date().toISOString(),
        };
        fs.writeFileSync(path.join(dir, envelope.file), Buffer.concat(chunks));
        fs.writeFileSync(path.join(dir, `${base}.json`), JSON.stringify(envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address !== 'object') throw new Error('the SMTP test server has no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    dir,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ReceivedMail {
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
}

/** Every message in the folder sent to `to`, oldest first. */
export async function mailTo(dir: string, to: string): Promise<ReceivedMail[]> {
  const wanted = to.toLowerCase();
  const envelopes = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as StoredEnvelope)
    .filter((e) => e.to.includes(wanted));
  const mails: ReceivedMail[] = [];
  for (const envelope of envelopes) {
    const parsed = await PostalMime.parse(fs.readFileSync(path.join(dir, envelope.file)));
    mails.push({
      from: envelope.from,
      to: envelope.to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html ?? '',
      receivedAt: envelope.receivedAt,
    });
  }
  return mails;
}

/**
 * Waits for the `count`-th message to `to` (1 = the first) and returns it. With `subject`, only
 * messages whose subject matches count (a new account also gets a welcome mail, lms-notifications).
 */
export async function waitForMail(dir: string, to: string, { count = 1, timeoutMs = 15_000, subject }: { count?: number; timeoutMs?: number; subject?: string | RegExp } = {}): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  const matches = (m: ReceivedMail) => subject === undefined || (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject));
  for (;;) {
    const mails = (await mailTo(dir, to)).filter(matches);
    const mail = mails[count - 1];
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no email number ${count} to ${to} arrived within ${timeoutMs} ms (got ${mails.length})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
