import { describe, expect, it } from 'vitest';
import { createLogTransport } from './log-transport';

/** The shape of nodemailer's MailMessage the transport reads. */
const mail = (data: { subject?: string; text?: string; html?: string }) => ({
  data,
  message: { getEnvelope: () => ({ from: 'no-reply@learn.example.org', to: ['ada@example.com'] }), messageId: () => '<m1@learn.example.org>' },
});

function send(includeBody: boolean, data: Parameters<typeof mail>[0]) {
  const lines: string[] = [];
  const transport = createLogTransport({ includeBody, log: (line) => lines.push(line) });
  return new Promise<{ lines: string[]; info: unknown }>((resolve, reject) =>
    transport.send(mail(data), (error, info) => (error ? reject(error) : resolve({ lines, info }))),
  );
}

describe('log transport', () => {
  it('writes recipient, subject and body instead of sending, and reports success to nodemailer', async () => {
    const { lines, info } = await send(true, { subject: 'Reset your password', text: 'Go to https://learn.example.org/reset-password?code=abc' });
    expect(lines).toEqual([
      '[email] not sent (no SMTP_HOST): to ada@example.com, subject "Reset your password"\nGo to https://learn.example.org/reset-password?code=abc',
    ]);
    expect(info).toEqual({ envelope: { from: 'no-reply@learn.example.org', to: ['ada@example.com'] }, messageId: '<m1@learn.example.org>' });
  });

  it('keeps bodies (reset links are credentials) out of production logs', async () => {
    const { lines } = await send(false, { subject: 'Reset your password', html: '<p>code=abc</p>' });
    expect(lines).toEqual(['[email] not sent (no SMTP_HOST): to ada@example.com, subject "Reset your password"']);
  });
});
