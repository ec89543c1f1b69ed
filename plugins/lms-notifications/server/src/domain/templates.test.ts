import { describe, expect, it } from 'vitest';
import { money } from '@lms/plugin-lms-core/server';
import { escapeHtml, html, oneLine, safeHref } from './html';
import { parsePayload, PayloadError } from './event-payloads';
import { sendDecision } from './mail-state';
import { displayName, platformName } from './people';
import { NOTIFICATION_KINDS, formatScore, isEssential, renderNotification, type TemplateInput } from './templates';

const platform = { name: 'Ubuntu Academy', siteUrl: 'https://learn.example.org' };
const name = 'Zoë Ångström';

const samples: TemplateInput[] = [
  { kind: 'welcome', recipientName: name },
  { kind: 'enrollment-confirmation', recipientName: name, courseTitle: 'Intro to TypeScript', courseSlug: 'intro-ts' },
  { kind: 'receipt', recipientName: name, courseTitle: 'Intro to TypeScript', amount: money(19900, 'ZAR'), tax: money(2596, 'ZAR'), paidAt: '2026-03-04T10:00:00Z', reference: 'pi_123', paymentId: 42 },
  { kind: 'assignment-graded', recipientName: name, courseTitle: 'Intro to TypeScript', assignmentTitle: 'Essay 1', scoreMillipoints: 7500, maxMillipoints: 10000, passed: true },
  { kind: 'certificate-issued', recipientName: name, courseTitle: 'Intro to TypeScript', verificationCode: 'ABCD-EFGH-JKLM' },
  { kind: 'live-session-reminder', recipientName: name, courseTitle: 'Intro to TypeScript', courseSlug: 'intro-ts', sessionTitle: 'Q&A', startsAt: '2026-03-04T16:00:00Z', timeZone: 'Africa/Johannesburg', joinUrl: 'https://meet.jit.si/lms-qa' },
  { kind: 'payout-approved', recipientName: name, amount: money(150000, 'ZAR'), reference: null, reason: null },
  { kind: 'payout-paid', recipientName: name, amount: money(150000, 'ZAR'), reference: 'EFT-778', reason: null },
  { kind: 'payout-rejected', recipientName: name, amount: money(150000, 'ZAR'), reference: null, reason: 'Bank details do not match' },
];

describe('renderNotification', () => {
  it('has a template for every kind, each with the platform name and the learner greeted by name', () => {
    expect(samples.map((s) => s.kind).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    for (const sample of samples) {
      const r = renderNotification(sample, platform);
      expect(r.subject, sample.kind).toContain('Ubuntu Academy');
      expect(r.text, sample.kind).toContain(`Hello ${name},`);
      expect(r.text, sample.kind).toContain('The Ubuntu Academy team');
      expect(r.html, sample.kind).toContain(`Hello ${name},`);
      expect(r.html, sample.kind).toMatch(/^<!doctype html>/);
      expect(r.title.length, sample.kind).toBeGreaterThan(0);
      expect(r.subject, sample.kind).not.toMatch(/[\r\n]/);
    }
  });

  it('writes the receipt with amount, tax, course and date', () => {
    const r = renderNotification(samples[2]!, platform);
    expect(r.subject).toBe('Your receipt for Intro to TypeScript · Ubuntu Academy');
    expect(r.text).toMatch(/Amount paid: ZAR\s199\.00 \(including ZAR\s25\.96 tax\)/);
    expect(r.text).toContain('Date: 4 March 2026');
    expect(r.text).toContain('Course: Intro to TypeScript');
    expect(r.text).toContain('Receipt number: 42 (payment reference pi_123)');
  });

  it('links the certificate mail to the public verification page on the site', () => {
    const r = renderNotification(samples[4]!, platform);
    expect(r.text).toContain('https://learn.example.org/verify/ABCD-EFGH-JKLM');
    expect(r.html).toContain('href="https://learn.example.org/verify/ABCD-EFGH-JKLM"');
    expect(r.link).toBe('/verify/ABCD-EFGH-JKLM');
  });

  it('shows a live session in the given time zone and links the join URL', () => {
    const r = renderNotification(samples[5]!, platform);
    expect(r.text).toContain('18:00');
    expect(r.text).toContain('Join the session: https://meet.jit.si/lms-qa');
  });

  it('escapes names and titles in the HTML part and keeps them readable in the text part', () => {
    const r = renderNotification(
      { kind: 'enrollment-confirmation', recipientName: '<script>alert(1)</script> & "Bob"', courseTitle: 'A <b>bold</b> & "quoted" course', courseSlug: 'x"><img src=x>' },
      platform,
    );
    expect(r.html).not.toContain('<script>');
    expect(r.html).not.toContain('<b>bold</b>');
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot;');
    expect(r.html).toContain('A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; course');
    expect(r.html).toContain('href="https://learn.example.org/learn/x%22%3E%3Cimg%20src%3Dx%3E"');
    expect(r.text).toContain('Hello <script>alert(1)</script> & "Bob",');
    expect(r.title).toBe('Enrolled in A <b>bold</b> & "quoted" course');
  });

  it('escapes the platform name too and keeps CR/LF out of the subject', () => {
    const r = renderNotification({ kind: 'welcome', recipientName: 'Ann\r\nBcc: victim@example.com' }, { name: 'Tom & <Jerry>', siteUrl: 'https://x.test' });
    expect(r.html).toContain('Tom &amp; &lt;Jerry&gt;');
    expect(r.subject).toBe('Welcome to Tom & <Jerry>');
    expect(r.text).toContain('Hello Ann Bcc: victim@example.com,');
  });

  it('never turns a javascript: join link into an href', () => {
    const r = renderNotification({ ...(samples[5] as Extract<TemplateInput, { kind: 'live-session-reminder' }>), joinUrl: 'javascript:alert(1)' }, platform);
    expect(r.html).not.toContain('javascript:');
    expect(r.text).not.toContain('javascript:');
    expect(r.html).toContain('href="https://learn.example.org/learn/intro-ts"');
  });

  it('says how to switch off non-essential mail, and not on essential mail', () => {
    expect(renderNotification(samples[3]!, platform).text).toContain('switch off emails like this one');
    expect(renderNotification(samples[2]!, platform).text).not.toContain('switch off');
  });
});

describe('essential kinds', () => {
  it('treats receipts, enrollment, certificates and payouts as essential; welcome, grades and reminders as switchable', () => {
    const essential = NOTIFICATION_KINDS.filter(isEssential);
    expect(essential.sort()).toEqual(['certificate-issued', 'enrollment-confirmation', 'payout-approved', 'payout-paid', 'payout-rejected', 'receipt']);
  });
});

describe('html helpers', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p>${'<i>'}</p>${html`<b>ok</b>`}`.value).toBe('<p>&lt;i&gt;</p><b>ok</b>');
  });
  it('accepts only http(s) links', () => {
    expect(safeHref('https://meet.example.com/a?b=1')).toBe('https://meet.example.com/a?b=1');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,hi')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
  it('flattens line breaks and bounds length', () => {
    expect(oneLine('a\r\nb\tc')).toBe('a b c');
    expect(oneLine('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('people and scores', () => {
  it('greets by full name, else a username that is not an email, else the email local part', () => {
    expect(displayName({ fullName: 'Thandi Nkosi', username: 't@example.com', email: 't@example.com' })).toBe('Thandi Nkosi');
    expect(displayName({ fullName: null, username: 'sipho', email: 's@example.com' })).toBe('sipho');
    expect(displayName({ fullName: ' ', username: 'ravi@example.com', email: 'ravi@example.com' })).toBe('ravi');
    expect(displayName({ firstname: 'Lerato', lastname: 'Mokoena', email: 'l@example.com' })).toBe('Lerato Mokoena');
  });
  it('takes the platform name from the sender name', () => {
    expect(platformName('Ubuntu Academy')).toBe('Ubuntu Academy');
    expect(platformName(null)).toBe('LMS');
    expect(platformName('"Quoted"')).toBe('Quoted');
  });
  it('formats millipoints', () => {
    expect(formatScore(7500, 10000)).toBe('7.5 / 10 (75%)');
    expect(formatScore(0, 0)).toBe('0 / 0 (0%)');
  });
});

describe('payload parsing', () => {
  it('accepts a well-formed payment.succeeded and rejects one without money, naming the field', () => {
    const ok = parsePayload('payment.succeeded', {
      paymentId: 1,
      learnerId: 2,
      courseId: 'abc',
      gross: { amount: 100, currency: 'ZAR' },
      tax: { amount: 0, currency: 'ZAR' },
      fee: null,
      kind: 'purchase',
      provider: 'stripe',
      providerReference: 'pi_1',
      paidAt: '2026-01-01T00:00:00Z',
    });
    expect(ok.gross).toEqual({ amount: 100, currency: 'ZAR' });
    expect(() => parsePayload('payment.succeeded', { paymentId: 1, learnerId: 2, courseId: 'abc', gross: { amount: 1.5, currency: 'ZAR' } })).toThrow(PayloadError);
    expect(() => parsePayload('certificate.issued', { certificateId: 1, learnerId: 'x' })).toThrow(/certificate.issued payload.learnerId/);
  });
});

describe('send decision', () => {
  it('sends only a pending row', () => {
    expect(sendDecision('pending')).toBe('send');
    expect(sendDecision('sending')).toBe('skip-in-flight');
    expect(sendDecision('sent')).toBe('skip-done');
    expect(sendDecision('unknown')).toBe('skip-done');
    expect(sendDecision(null)).toBe('skip-missing');
  });
});
