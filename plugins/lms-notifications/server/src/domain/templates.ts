import { formatMoney, type Money } from '@lms/plugin-lms-core/server';
import { html, oneLine, safeHref, type SafeHtml } from './html';

/**
 * What the platform tells people, one template per kind: an email (subject, plain text, simple
 * HTML) and the in-app notification (title, body, link). Pure: the caller supplies the facts
 * (names and titles already looked up) and the platform's name and site URL.
 */

export const NOTIFICATION_KINDS = [
  'welcome',
  'enrollment-confirmation',
  'receipt',
  'assignment-graded',
  'certificate-issued',
  'live-session-reminder',
  'payout-approved',
  'payout-paid',
  'payout-rejected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Mail a learner cannot switch off: it confirms a fact about their access, money or credentials
 * (enrollment, receipt, certificate, payouts). Strapi's own password-reset and verification mails
 * are essential too (and never pass through here). The rest can be switched off per learner; the
 * in-app notification is created either way.
 */
const ESSENTIAL: ReadonlySet<NotificationKind> = new Set(['enrollment-confirmation', 'receipt', 'certificate-issued', 'payout-approved', 'payout-paid', 'payout-rejected']);

export function isEssential(kind: NotificationKind): boolean {
  return ESSENTIAL.has(kind);
}

export interface Platform {
  /** Shown in subjects, greetings and signatures ("Example Academy"). */
  name: string;
  /** The learner site, no trailing slash. */
  siteUrl: string;
}

interface Base {
  recipientName: string;
}

export type TemplateInput =
  | (Base & { kind: 'welcome' })
  | (Base & { kind: 'enrollment-confirmation'; courseTitle: string; courseSlug: string | null })
  | (Base & { kind: 'receipt'; courseTitle: string; amount: Money; tax: Money; paidAt: string; reference: string; paymentId: number })
  | (Base & {
      kind: 'assignment-graded';
      courseTitle: string;
      assignmentTitle: string;
      scoreMillipoints: number;
      maxMillipoints: number;
      passed: boolean;
    })
  | (Base & { kind: 'certificate-issued'; courseTitle: string; verificationCode: string })
  | (Base & {
      kind: 'live-session-reminder';
      courseTitle: string;
      courseSlug: string | null;
      sessionTitle: string;
      startsAt: string;
      /** IANA zone to show the time in (the learner's, else the session's). */
      timeZone: string;
      joinUrl: string | null;
    })
  | (Base & { kind: 'payout-approved' | 'payout-paid' | 'payout-rejected'; amount: Money; reference: string | null; reason: string | null });

export interface RenderedNotification {
  kind: NotificationKind;
  subject: string;
  text: string;
  html: string;
  /** In-app notification. */
  title: string;
  body: string;
  /** Site-relative link for the in-app notification (null: nothing to open). */
  link: string | null;
}

interface Parts {
  subject: string;
  title: string;
  /** Paragraphs of the message, as text; each is escaped for the HTML part. */
  paragraphs: string[];
  /** The call to action: label and site-relative or absolute URL. */
  action: { label: string; href: string } | null;
  /** One line for the in-app list. */
  body: string;
}

export function formatDate(iso: string, timeZone = 'UTC', withTime = false): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = withTime
    ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' }
    : { day: 'numeric', month: 'long', year: 'numeric', timeZone };
  try {
    return new Intl.DateTimeFormat('en-GB', options).format(date);
  } catch {
    // An unknown zone name: UTC rather than no mail.
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** "7.5 / 10 (75%)" from millipoints. */
export function formatScore(scoreMillipoints: number, maxMillipoints: number): string {
  const points = (m: number) => String(Math.round(m / 10) / 100);
  const percent = maxMillipoints > 0 ? Math.round((scoreMillipoints / maxMillipoints) * 100) : 0;
  return `${points(scoreMillipoints)} / ${points(maxMillipoints)} (${percent}%)`;
}

const courseLink = (slug: string | null) => (slug ? `/learn/${encodeURIComponent(slug)}` : '/dashboard');

function parts(input: TemplateInput, platform: Platform): Parts {
  switch (input.kind) {
    case 'welcome':
      return {
        subject: `Welcome to ${platform.name}`,
        title: `Welcome to ${platform.name}`,
        paragraphs: [`Your ${platform.name} account is ready. Browse the catalog, start a free course or pick up where you left off.`],
        action: { label: 'Browse courses', href: '/courses' },
        body: 'Your account is ready. Browse the catalog to start learning.',
      };
    case 'enrollment-confirmation':
      return {
        subject: `You're enrolled in ${input.courseTitle}`,
        title: `Enrolled in ${input.courseTitle}`,
        paragraphs: [`You are now enrolled in "${input.courseTitle}". Every lesson is waiting for you in your learning dashboard.`],
        action: { label: 'Start learning', href: courseLink(input.courseSlug) },
        body: `You can start "${input.courseTitle}" now.`,
      };
    case 'receipt': {
      const amount = formatMoney(input.amount);
      return {
        subject: `Your receipt for ${input.courseTitle}`,
        title: `Payment received: ${amount}`,
        paragraphs: [
          `Thank you for your payment. This is your receipt.`,
          `Course: ${input.courseTitle}`,
          `Amount paid: ${amount}${input.tax.amount > 0 ? ` (including ${formatMoney(input.tax)} tax)` : ''}`,
          `Date: ${formatDate(input.paidAt)}`,
          `Receipt number: ${input.paymentId} (payment reference ${input.reference})`,
        ],
        action: { label: 'Go to my learning', href: '/dashboard' },
        body: `${amount} for "${input.courseTitle}" on ${formatDate(input.paidAt)}.`,
      };
    }
    case 'assignment-graded': {
      const score = formatScore(input.scoreMillipoints, input.maxMillipoints);
      const verdict = input.passed ? 'passed' : 'not passed yet';
      return {
        subject: `"${input.assignmentTitle}" has been graded`,
        title: `"${input.assignmentTitle}" graded: ${verdict}`,
        paragraphs: [
          `Your submission for "${input.assignmentTitle}" in "${input.courseTitle}" has been graded.`,
          `Score: ${score}, ${verdict}.`,
          'Feedback from your instructor is on your grades page.',
        ],
        action: { label: 'See my grades', href: '/dashboard/grades' },
        body: `${score} in "${input.courseTitle}", ${verdict}.`,
      };
    }
    case 'certificate-issued': {
      const verify = `/verify/${encodeURIComponent(input.verificationCode)}`;
      return {
        subject: `Your certificate for ${input.courseTitle}`,
        title: `Certificate issued: ${input.courseTitle}`,
        paragraphs: [
          `Congratulations on completing "${input.courseTitle}"! Your certificate has been issued.`,
          `Anyone can check it at ${platform.siteUrl}${verify} (verification code ${input.verificationCode}).`,
          'Download it from your learning dashboard.',
        ],
        action: { label: 'Verify the certificate', href: verify },
        body: `Verification code ${input.verificationCode}.`,
      };
    }
    case 'live-session-reminder': {
      const when = formatDate(input.startsAt, input.timeZone, true);
      const join = input.joinUrl ? safeHref(input.joinUrl) : null;
      return {
        subject: `Reminder: ${input.sessionTitle} starts ${when}`,
        title: `Live session: ${input.sessionTitle}`,
        paragraphs: [`"${input.sessionTitle}" (${input.courseTitle}) starts ${when}.`, ...(join ? [`Join here: ${join}`] : [])],
        action: join ? { label: 'Join the session', href: join } : { label: 'Open the course', href: courseLink(input.courseSlug) },
        body: `Starts ${when}.`,
      };
    }
    case 'payout-approved':
    case 'payout-paid':
    case 'payout-rejected': {
      const amount = formatMoney(input.amount);
      const verb = input.kind === 'payout-approved' ? 'approved' : input.kind === 'payout-paid' ? 'paid' : 'rejected';
      const paragraphs = [`Your payout request of ${amount} was ${verb}.`];
      if (input.kind === 'payout-paid') paragraphs.push(`It is on its way to your payout method${input.reference ? ` (reference ${input.reference})` : ''}.`);
      if (input.kind === 'payout-approved') paragraphs.push('It will be paid out shortly; we will email you again when it is sent.');
      if (input.kind === 'payout-rejected') {
        if (input.reason) paragraphs.push(`Reason: ${input.reason}`);
        paragraphs.push('The amount is available in your balance again.');
      }
      return {
        subject: `Payout ${verb}: ${amount}`,
        title: `Payout ${verb}: ${amount}`,
        paragraphs,
        action: null,
        body: paragraphs.join(' '),
      };
    }
  }
}

const absolute = (href: string, platform: Platform) => (/^https?:\/\//.test(href) ? href : `${platform.siteUrl}${href}`);

/** Renders one notification: email parts and in-app parts, with every supplied value escaped. */
export function renderNotification(input: TemplateInput, platform: Platform): RenderedNotification {
  const p = parts(input, platform);
  const name = oneLine(input.recipientName, 120) || 'there';
  const greeting = `Hello ${name},`;
  const signature = `The ${platform.name} team`;
  const footer = isEssential(input.kind)
    ? `You receive this email because of your ${platform.name} account.`
    : `You can switch off emails like this one in your ${platform.name} notification settings: ${platform.siteUrl}/notifications`;
  const actionUrl = p.action ? absolute(p.action.href, platform) : null;

  const text = [greeting, '', ...p.paragraphs.flatMap((line) => [line, '']), ...(p.action && actionUrl ? [`${p.action.label}: ${actionUrl}`, ''] : []), signature, '', '--', footer, ''].join('\n');

  const paragraphsHtml: SafeHtml[] = p.paragraphs.map((line) => html`<p style="margin:0 0 12px">${line}</p>`);
  const button = p.action && actionUrl ? html`<p style="margin:20px 0"><a href="${actionUrl}" style="background:#2f6f5e;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${p.action.label}</a></p>` : null;
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${p.subject}</title></head>
<body style="margin:0;padding:24px;background:#f7f6f2;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2a2e;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:10px;padding:28px">
<p style="margin:0 0 20px;font-weight:800;font-size:18px">${platform.name}</p>
<p style="margin:0 0 12px">${greeting}</p>
${paragraphsHtml}
${button}
<p style="margin:20px 0 0">${signature}</p>
</div>
<p style="max-width:560px;margin:16px auto 0;font-size:12px;color:#5b6569">${footer}</p>
</body></html>
`;

  return {
    kind: input.kind,
    // The platform's name in every subject, once.
    subject: oneLine(p.subject.includes(platform.name) ? p.subject : `${p.subject} · ${platform.name}`, 250),
    text,
    html: body.value,
    title: oneLine(p.title, 200),
    body: oneLine(p.body, 500),
    link: p.action && !/^https?:\/\//.test(p.action.href) ? p.action.href : null,
  };
}
