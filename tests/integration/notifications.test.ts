import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { MarkReadResponse, MyNotificationsResponse, PreferencesResponse } from '../../plugins/lms-notifications/server/src/contracts';
import { adminAuth, getJson, sendJson } from '../harness/api';
import { connect, publishDoc, richText } from '../harness/content';
import { enroll, registerLearner, type Learner } from '../harness/learners';
import { mailTo, waitForMail } from '../harness/mailbox';
import { sql } from '../harness/pg';

/**
 * Notifications against the real stack: events from real HTTP flows (registration, enrollment,
 * course completion → certificate) and events written to the outbox as a producer would (a
 * live-session reminder, as lms-live emits it), consumed through Redis by this process acting
 * as the worker, mailed through Strapi's email plugin to the local SMTP server.
 */

const API = '/api/lms-notifications';
const run = Date.now().toString(36);
const mailDir = () => inject('mailDir');

let admin: Record<string, string>;
let learner: Learner;
let course: { id: string; title: string; slug: string; lessons: string[] };

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mailsWithSubject = async (to: string, subject: string | RegExp) => (await mailTo(mailDir(), to)).filter((m) => (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)));
const inbox = async (who: Learner, query = '') => {
  const res = await getJson<MyNotificationsResponse>(`${API}/me${query}`, { headers: who.auth });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

/** Writes an event into the outbox as its producer would (same columns lms-core's emit writes). */
async function emitEvent(type: string, payload: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO lms_outbox (event_id, type, version, payload, occurred_at, created_at, available_at, attempts)
     VALUES ($1, $2, 1, $3, now(), now(), now(), 0)`,
    [id, type, JSON.stringify(payload)],
  );
  return id;
}

const reminder = (who: Learner, title: string) => ({
  sessionId: 1,
  learnerId: who.id,
  courseId: course.id,
  title,
  startsAt: new Date(Date.now() + 3_600_000).toISOString(),
  timeZone: 'Africa/Johannesburg',
  joinUrl: 'https://meet.jit.si/lms-notifications-test',
});

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  const slug = `notif-course-${run}`;
  const title = `Notifications & "Escaping" <101> ${run}`;
  const id = await publishDoc(admin, 'api::course.course', {
    title,
    slug,
    summary: 'A course for the notification tests',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(id), dripType: 'none' });
  const lesson = await publishDoc(admin, 'api::lesson.lesson', {
    title: 'The only lesson',
    slug: `notif-lesson-${run}`,
    order: 0,
    freePreview: false,
    estimatedMinutes: 5,
    section: connect(section),
    blocks: [richText('Body')],
  });
  course = { id, title, slug, lessons: [lesson] };
  learner = await registerLearner('notif', run);
});

describe('notifications', () => {
  it('welcomes a new account by email with the platform name', async () => {
    const mail = await waitForMail(mailDir(), learner.email);
    expect(mail.subject).toBe('Welcome to LMS');
    expect(mail.text).toContain(`Hello notif-${run},`);
    expect(mail.text).toContain('The LMS team');
    expect(mail.html).toContain('<!doctype html>');
  });

  it("puts the platform name into Strapi's own account mails (sender, email confirmation)", async () => {
    const res = await getJson<Record<string, { options: { from: { name: string }; object: string; message: string } }>>('/users-permissions/email-templates', { headers: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.reset_password?.options.from.name).toBe('LMS');
    expect(res.body.email_confirmation?.options.from.name).toBe('LMS');
    expect(res.body.email_confirmation?.options.object).toBe('Confirm your email address for LMS');
    expect(res.body.email_confirmation?.options.message).toContain('Welcome to LMS!');
    expect(res.body.email_confirmation?.options.message).toContain('<%= URL %>?confirmation=<%= CODE %>');
  });

  it('mails one enrollment confirmation, escaped, and shows it in-app with the unread count', async () => {
    await enroll(learner, course.id);
    const subject = `You're enrolled in ${course.title} · LMS`;
    await until('the enrollment confirmation', async () => (await mailsWithSubject(learner.email, subject)).length > 0);
    const [mail] = await mailsWithSubject(learner.email, subject);
    expect(mail?.html).toContain(`Notifications &amp; &quot;Escaping&quot; &lt;101&gt; ${run}`);
    expect(mail?.html).not.toContain('<101>');
    expect(mail?.text).toContain(`/learn/${course.slug}`);

    const box = await until('the in-app notification', async () => {
      const b = await inbox(learner);
      return b.data.some((n) => n.kind === 'enrollment-confirmation') ? b : null;
    });
    const note = box.data.find((n) => n.kind === 'enrollment-confirmation');
    expect(note?.title).toBe(`Enrolled in ${course.title}`);
    expect(note?.link).toBe(`/learn/${course.slug}`);
    expect(note?.readAt).toBeNull();
    expect(box.meta.unread).toBe(box.data.filter((n) => n.readAt === null).length);

    const [row] = await sql<{ status: string; attempts: number; message_id: string | null }>(
      `SELECT status, attempts, message_id FROM lms_notification_mails WHERE kind = 'enrollment-confirmation' AND recipient = $1`,
      [learner.email],
    );
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row?.message_id).toMatch(/^<lms-[0-9a-f-]+-\d+@/);
  });

  it('stays one mail and one notification when the enrollment event is delivered again', async () => {
    const [event] = await sql<{ id: number; event_id: string }>(`SELECT id, event_id FROM lms_outbox WHERE type = 'enrollment.granted' AND (payload->>'learnerId')::int = $1`, [learner.id]);
    expect(event).toBeDefined();
    // Delivered again as a crashed relay would, and once more with the consumer's "consumed" mark
    // gone (as if the handler's transaction had to run again): the mail row's unique key holds.
    await sql('UPDATE lms_outbox SET relayed_at = NULL, available_at = now() WHERE id = $1', [event?.id]);
    await until('the row to be relayed again', async () => (await sql('SELECT 1 FROM lms_outbox WHERE id = $1 AND relayed_at IS NOT NULL', [event?.id])).length > 0);
    await sql(`DELETE FROM lms_consumed_events WHERE event_id = $1 AND consumer = 'lms-notifications-enrollment-granted'`, [event?.event_id]);
    await sql('UPDATE lms_outbox SET relayed_at = NULL, available_at = now() WHERE id = $1', [event?.id]);
    await until('the row to be relayed a third time', async () => (await sql('SELECT 1 FROM lms_outbox WHERE id = $1 AND relayed_at IS NOT NULL', [event?.id])).length > 0);
    await sleep(2_000);

    expect(await mailsWithSubject(learner.email, /^You're enrolled in/)).toHaveLength(1);
    expect((await inbox(learner, '?limit=50')).data.filter((n) => n.kind === 'enrollment-confirmation')).toHaveLength(1);
    const duplicate = sql(
      `INSERT INTO lms_notification_mails (event_id, kind, recipient, recipient_type, subject, text_body, html_body, status, attempts, created_at)
       VALUES ($1, 'enrollment-confirmation', $2, 'user', 's', 't', 'h', 'pending', 0, now())`,
      [event?.event_id, learner.email],
    );
    await expect(duplicate).rejects.toThrow(/lms_notification_mails_once_uq/);
  });

  it('with optional mail off: no reminder email, but the in-app notification', async () => {
    const off = await sendJson<PreferencesResponse>('PUT', `${API}/me/preferences`, { emailNonEssential: false }, learner.auth);
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.data).toMatchObject({ emailNonEssential: false, optionalKinds: ['welcome', 'assignment-graded', 'live-session-reminder'] });
    expect((await getJson<PreferencesResponse>(`${API}/me/preferences`, { headers: learner.auth })).body.data.emailNonEssential).toBe(false);

    const quiet = await emitEvent('live-session.reminder', reminder(learner, `Quiet session ${run}`));
    await until('the in-app reminder', async () => (await inbox(learner)).data.some((n) => n.title === `Live session: Quiet session ${run}`));
    await until('the consumer to finish', async () => (await sql(`SELECT 1 FROM lms_consumed_events WHERE event_id = $1`, [quiet])).length > 0);
    await sleep(1_500);
    expect(await mailsWithSubject(learner.email, /Quiet session/)).toHaveLength(0);
    expect(await sql(`SELECT 1 FROM lms_notification_mails WHERE event_id = $1`, [quiet])).toHaveLength(0);
  });

  it('still mails essential notices with optional mail off: the certificate, with its verification link, when the course is completed', async () => {
    expect((await getJson<PreferencesResponse>(`${API}/me/preferences`, { headers: learner.auth })).body.data.emailNonEssential).toBe(false);
    const done = await sendJson('POST', `/api/lms-enrollment/lessons/${course.lessons[0]}/complete`, {}, learner.auth);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const mail = await until('the certificate email', async () => (await mailsWithSubject(learner.email, /^Your certificate for/))[0], 45_000);
    const [cert] = await sql<{ code: string }>('SELECT code FROM lms_certificates WHERE user_id = $1', [learner.id]);
    expect(cert?.code).toBeTruthy();
    expect(mail.text).toMatch(new RegExp(`https?://[^\\s]+/verify/${cert?.code}`));
    expect(mail.html).toMatch(new RegExp(`href="https?://[^"]+/verify/${cert?.code}"`));
    const note = (await inbox(learner)).data.find((n) => n.kind === 'certificate-issued');
    expect(note?.link).toBe(`/verify/${cert?.code}`);
  });

  it('mails optional notices again once the learner switches them back on', async () => {
    const on = await sendJson<PreferencesResponse>('PUT', `${API}/me/preferences`, { emailNonEssential: true }, learner.auth);
    expect(on.body.data.emailNonEssential).toBe(true);
    await emitEvent('live-session.reminder', reminder(learner, `Loud session ${run}`));
    await until('the reminder email', async () => (await mailsWithSubject(learner.email, /^Reminder: Loud session/)).length === 1);
    const [mail] = await mailsWithSubject(learner.email, /^Reminder: Loud session/);
    expect(mail?.text).toContain('Join the session: https://meet.jit.si/lms-notifications-test');
    expect(mail?.text).toMatch(/SAST|GMT\+2/);
  });

  it('marks notifications read by id (own only) or all, and answers bad input with the field named', async () => {
    const other = await registerLearner('notif-other', run);
    const before = await inbox(learner, '?limit=50');
    expect(before.meta.unread).toBeGreaterThanOrEqual(3);
    const first = before.data[0]!;

    const foreign = await sendJson<MarkReadResponse>('POST', `${API}/me/read`, { ids: [first.id] }, other.auth);
    expect(foreign.body.data.marked).toBe(0);

    const one = await sendJson<MarkReadResponse>('POST', `${API}/me/read`, { ids: [first.id] }, learner.auth);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ data: { marked: 1 }, meta: { unread: before.meta.unread - 1 } });

    const all = await sendJson<MarkReadResponse>('POST', `${API}/me/read`, { all: true }, learner.auth);
    expect(all.body.meta.unread).toBe(0);
    expect((await inbox(learner)).data.every((n) => n.readAt !== null)).toBe(true);

    const bad = await sendJson<{ error: { message: string } }>('POST', `${API}/me/read`, { ids: ['x'] }, learner.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body/);
    const badPref = await sendJson<{ error: { message: string } }>('PUT', `${API}/me/preferences`, { emailNonEssential: 'no' }, learner.auth);
    expect(badPref.status).toBe(400);
    expect(badPref.body.error.message).toBe('body.emailNonEssential: expected true or false');
    const badLimit = await getJson<{ error: { message: string } }>(`${API}/me?limit=500`, { headers: learner.auth });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toContain('query.limit');
    expect((await getJson(`${API}/me`)).status).toBe(403);
  });

  it('lists a mail whose sender died mid-send under Failed jobs, never re-sends it by itself, and re-sends it on Retry', async () => {
    // A mail claimed by a process that died 11 minutes ago, past the 10-minute lease.
    const subject = `Stuck mail ${run}`;
    const [row] = await sql<{ id: number }>(
      `INSERT INTO lms_notification_mails (event_id, kind, recipient, recipient_id, recipient_type, subject, text_body, html_body, status, attempts, created_at, claimed_at)
       VALUES ($1, 'welcome', $2, $3, 'user', $4, 'Hello again', '<p>Hello again</p>', 'sending', 1, now() - interval '12 minutes', now() - interval '11 minutes') RETURNING id`,
      [randomUUID(), learner.email, learner.id, subject],
    );
    const mailId = row!.id;
    type Failed = { data: Array<{ id: number; key: string; kind: string; name: string; error: string; status: string }> };
    // The sweep (every 30 s) marks it unknown and parks the re-send for an admin.
    const parked = await until(
      'the stuck mail under Failed jobs',
      async () => (await getJson<Failed>('/lms-core/jobs/failed', { headers: admin })).body.data.find((j) => j.key === `job.lms-notifications-resend-mail.mail-${mailId}`),
      45_000,
    );
    expect(parked).toMatchObject({ kind: 'job', name: 'lms-notifications-resend-mail', status: 'failed' });
    expect(parked.error).toContain(`mail #${mailId} "${subject}" to ${learner.email}`);
    expect(parked.error).toContain('may or may not have been delivered');
    const [unknown] = await sql<{ status: string }>('SELECT status FROM lms_notification_mails WHERE id = $1', [mailId]);
    expect(unknown?.status).toBe('unknown');
    expect(await mailsWithSubject(learner.email, subject)).toHaveLength(0);

    const retry = await sendJson('POST', `/lms-core/jobs/${parked.id}/retry`, {}, admin);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    await until('the re-sent mail', async () => (await mailsWithSubject(learner.email, subject)).length === 1);
    await until('the mail row sent', async () => (await sql<{ status: string }>('SELECT status FROM lms_notification_mails WHERE id = $1', [mailId]))[0]?.status === 'sent');
    await until('the failed job resolved', async () => (await sql<{ status: string }>('SELECT status FROM lms_failed_jobs WHERE id = $1', [parked.id]))[0]?.status === 'resolved');
    // A second Retry of a resolved job is refused; the mail stays one.
    expect((await sendJson('POST', `/lms-core/jobs/${parked.id}/retry`, {}, admin)).status).toBeGreaterThanOrEqual(400);
    await sleep(1_000);
    expect(await mailsWithSubject(learner.email, subject)).toHaveLength(1);
  });
});
