import ICAL from 'ical.js';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AdminSessionResponse, AdminSessionsResponse, ApiErrorBody, JoinResponse, LearnerSessionResponse, LearnerSessionsResponse, RosterResponse, SweepResponse } from '../../plugins/lms-live/server/src/contracts';
import { createInstructor, type AdminUser } from '../harness/admin-users';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { connect, publishDoc, richText } from '../harness/content';
import { enroll, registerLearner, type Learner } from '../harness/learners';
import { sql } from '../harness/pg';

/**
 * lms-live against the real stack: instructors schedule over the admin API (own courses only),
 * enrolled learners reserve seats over HTTP (50 concurrent requests for 10 seats), download an
 * .ics parsed by ical.js, open the join link in and out of the window (lms-enrollment's test
 * clock), the instructor marks attendance, attendance completes a course that asks for it
 * (course.completed from lms-enrollment), and the reminder sweep queues one event per learner.
 */

const API = '/api/lms-live';
const ADMIN = '/lms-live';
const run = Date.now().toString(36);
const at = (d: Date) => ({ 'x-lms-test-now': d.toISOString() });
const HOUR = 3_600_000;

let admin: Record<string, string>;
let teacher: AdminUser;
let stranger: AdminUser;
let course: string;
let otherCourse: string;
let lesson: string;
let ann: Learner;
let bob: Learner;
let cat: Learner;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const sessionBody = (over: Record<string, unknown> = {}) => ({
  courseId: course,
  title: `Office hours ${run}`,
  startsAt: new Date(Date.now() + 3 * 24 * HOUR).toISOString(),
  durationMinutes: 60,
  capacity: 10,
  joinUrl: 'https://meet.jit.si/lms-office-hours',
  timeZone: 'Europe/London',
  ...over,
});

async function schedule(who: Record<string, string>, over: Record<string, unknown> = {}) {
  const res = await sendJson<AdminSessionResponse>('POST', `${ADMIN}/sessions`, sessionBody(over), who);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

/** A success or a Strapi error body (tests read whichever the status says). */
type Either<T extends { data: unknown }> = Omit<T, 'data'> & { data: T['data'] } & { error: ApiErrorBody['error'] };

const reserve = (l: Learner, id: number) => sendJson<Either<LearnerSessionResponse>>('POST', `${API}/sessions/${id}/seat`, {}, l.auth);
const join = (l: Learner, id: number, now: Date) => sendJson<Either<JoinResponse>>('POST', `${API}/sessions/${id}/join`, {}, { ...l.auth, ...at(now) });
const enrollmentStatus = async (l: Learner, c: string) => (await sql<{ status: string }>('SELECT status FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2', [l.id, c]))[0]?.status;

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  [teacher, stranger] = await Promise.all([createInstructor(admin, 'live-teacher', run), createInstructor(admin, 'live-stranger', run)]);
  const profile = await publishDoc(admin, 'api::instructor.instructor', { name: `Live Teacher ${run}`, slug: `live-teacher-${run}`, adminUser: { connect: [{ id: teacher.id }] } });
  const strangerProfile = await publishDoc(admin, 'api::instructor.instructor', { name: `Live Stranger ${run}`, slug: `live-stranger-${run}`, adminUser: { connect: [{ id: stranger.id }] } });
  const fields = (slug: string) => ({ summary: 'Live session tests', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0, slug: `live-${slug}-${run}` });
  course = await publishDoc(admin, 'api::course.course', { ...fields('main'), title: `Live course ${run}`, instructor: connect(profile), liveAttendanceRequired: 1 });
  otherCourse = await publishDoc(admin, 'api::course.course', { ...fields('other'), title: `Other live course ${run}`, instructor: connect(strangerProfile) });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 1, course: connect(course), dripType: 'none' });
  lesson = await publishDoc(admin, 'api::lesson.lesson', { title: 'Only lesson', slug: `live-lesson-${run}`, section: connect(section), order: 1, blocks: [richText('Welcome')] });
  [ann, bob, cat] = await Promise.all([registerLearner('live-ann', run), registerLearner('live-bob', run), registerLearner('live-cat', run)]);
  await Promise.all([enroll(ann, course), enroll(cat, course)]);
}, 240_000);

describe('scheduling (admin API)', () => {
  it('an instructor schedules on their own course; bad input is a 400 naming the field; another instructor gets 403', async () => {
    const s = await schedule(teacher.auth, { title: '  Kick-off  ', timeZone: 'america/new_york' });
    expect(s).toMatchObject({ title: 'Kick-off', timeZone: 'America/New_York', capacity: 10, seatsTaken: 0, courseId: course });

    for (const [field, patch] of [
      ['body.joinUrl', { joinUrl: 'javascript:alert(1)' }],
      ['body.joinUrl', { joinUrl: 'ftp://example.com/room' }],
      ['body.timeZone', { timeZone: 'Mars/Olympus' }],
      ['body.capacity', { capacity: 0 }],
      ['body.durationMinutes', { durationMinutes: 2 }],
      ['body.startsAt', { startsAt: '2026-05-05 14:00' }],
      ['body.title', { title: ' ' }],
    ] as const) {
      const before = (await sql('SELECT count(*)::int AS n FROM lms_live_sessions'))[0]?.n;
      const res = await sendJson<ApiErrorBody>('POST', `${ADMIN}/sessions`, sessionBody(patch), teacher.auth);
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.message.startsWith(`${field}: `), res.body.error.message).toBe(true);
      expect((await sql('SELECT count(*)::int AS n FROM lms_live_sessions'))[0]?.n).toBe(before);
    }

    const other = await sendJson<ApiErrorBody>('POST', `${ADMIN}/sessions`, sessionBody({ courseId: otherCourse }), teacher.auth);
    expect(other.status).toBe(403);
    expect(other.body.error.details?.code).toBe('not-your-course');
    for (const [method, path, body] of [
      ['GET', `${ADMIN}/sessions/${s.id}`, undefined],
      ['GET', `${ADMIN}/sessions/${s.id}/roster`, undefined],
      ['PUT', `${ADMIN}/sessions/${s.id}`, sessionBody()],
      ['PUT', `${ADMIN}/sessions/${s.id}/attendance/${ann.id}`, { present: true }],
      ['DELETE', `${ADMIN}/sessions/${s.id}`, undefined],
    ] as const) {
      const res = body ? await sendJson<ApiErrorBody>(method, path, body, stranger.auth) : await getJson<ApiErrorBody>(path, { method, headers: stranger.auth });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const listed = await getJson<AdminSessionsResponse>(`${ADMIN}/sessions`, { headers: stranger.auth });
    expect(listed.body.data.map((x) => x.id)).not.toContain(s.id);
    expect(listed.body.meta.courses.map((c) => c.documentId)).toEqual([otherCourse]);
    const mine = await getJson<AdminSessionsResponse>(`${ADMIN}/sessions`, { headers: teacher.auth });
    expect(mine.body.data.map((x) => x.id)).toContain(s.id);

    // A learner's token is no admin token; no token at all is refused too.
    expect((await getJson(`${ADMIN}/sessions`, { headers: ann.auth })).status).toBe(401);
    const del = await getJson(`${ADMIN}/sessions/${s.id}`, { method: 'DELETE', headers: teacher.auth });
    expect(del.status).toBe(204);
  });
});

describe('learners', () => {
  it('not enrolled → 403 on every session route; enrolled learners see times in their own zone', async () => {
    const s = await schedule(teacher.auth, { startsAt: '2030-05-05T14:00:00Z', timeZone: 'Europe/London' });
    for (const [method, path] of [
      ['GET', `${API}/courses/${course}/sessions`],
      ['GET', `${API}/sessions/${s.id}`],
      ['GET', `${API}/sessions/${s.id}/ics`],
      ['POST', `${API}/sessions/${s.id}/seat`],
      ['POST', `${API}/sessions/${s.id}/join`],
    ] as const) {
      const res = await getJson<ApiErrorBody>(path, { method, headers: bob.auth });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.details?.code).toBe('not-enrolled');
    }
    expect((await getJson(`${API}/courses/${course}/sessions`)).status).toBe(403);

    // Without a chosen zone: the session's own; after choosing Asia/Tokyo: 23:00 JST.
    let list = await getJson<LearnerSessionsResponse>(`${API}/courses/${course}/sessions`, { headers: ann.auth });
    expect(list.status).toBe(200);
    let view = list.body.data.find((x) => x.id === s.id);
    expect(view?.startsAtLocal).toBe('Sun 5 May 2030, 15:00 (BST)');
    expect(list.body.meta).toMatchObject({ liveAttendanceRequired: 1, attended: 0 });
    const bad = await sendJson<ApiErrorBody>('PUT', `${API}/me/time-zone`, { timeZone: 'Tokyo time' }, ann.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.timeZone: /);
    expect((await sendJson('PUT', `${API}/me/time-zone`, { timeZone: 'asia/tokyo' }, ann.auth)).status).toBe(200);
    list = await getJson<LearnerSessionsResponse>(`${API}/courses/${course}/sessions`, { headers: ann.auth });
    view = list.body.data.find((x) => x.id === s.id);
    expect(view?.startsAtLocal).toMatch(/^Sun 5 May 2030, 23:00 \((JST|GMT\+9)\)$/);
    expect(list.body.meta).toMatchObject({ timeZone: 'Asia/Tokyo', timeZoneSource: 'preference' });
  });

  it('50 concurrent reservations over HTTP for 10 seats: exactly 10 succeed', async () => {
    const s = await schedule(teacher.auth, { capacity: 10, title: `Crowded ${run}` });
    const racers = await Promise.all(Array.from({ length: 50 }, (_, i) => registerLearner(`live-racer${i}`, run)));
    await Promise.all(racers.map((r) => enroll(r, course)));
    const answers = await Promise.all(racers.map((r) => reserve(r, s.id)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(10);
    expect(statuses.filter((x) => x === 409)).toHaveLength(40);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.details?.code).toBe('session-full');
    const [row] = await sql<{ seats_taken: number; n: number }>('SELECT seats_taken, (SELECT count(*)::int FROM lms_live_seats WHERE session_id = $1) AS n FROM lms_live_sessions WHERE id = $1', [s.id]);
    expect(row).toEqual({ seats_taken: 10, n: 10 });

    // A learner with a seat cancels; one more may then reserve; reserving twice keeps one seat.
    const winner = racers[statuses.indexOf(201)] as Learner;
    const loser = racers[statuses.indexOf(409)] as Learner;
    const cancelled = await getJson<LearnerSessionResponse>(`${API}/sessions/${s.id}/seat`, { method: 'DELETE', headers: winner.auth });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ reserved: false, seatsTaken: 9, seatsLeft: 1 });
    const again = await Promise.all([reserve(loser, s.id), reserve(loser, s.id), reserve(loser, s.id)]);
    expect(again.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect((await sql('SELECT count(*)::int AS n FROM lms_live_seats WHERE session_id = $1', [s.id]))[0]?.n).toBe(10);
    // The capacity cannot drop below the seats taken.
    const shrink = await sendJson<ApiErrorBody>('PUT', `${ADMIN}/sessions/${s.id}`, sessionBody({ title: `Crowded ${run}`, capacity: 5, startsAt: s.startsAt }), teacher.auth);
    expect(shrink.status).toBe(400);
    expect(shrink.body.error.message).toMatch(/^body\.capacity: 10 seats are already reserved/);
  }, 120_000);

  it('the .ics download is a valid RFC 5545 calendar with the session', async () => {
    const s = await schedule(teacher.auth, { title: `Q&A; tips, tricks ${run}`, startsAt: '2030-06-01T08:30:00Z', durationMinutes: 90 });
    const res = await fetch(cmsUrl(`${API}/sessions/${s.id}/ics`), { headers: cat.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="live-session-${s.id}.ics"`);
    const text = await res.text();
    expect(text).toContain('\r\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const ev = new ICAL.Event(events[0]);
    expect(ev.uid).toBe(`live-session-${s.id}@127.0.0.1`);
    expect(ev.summary).toBe(`Q&A; tips, tricks ${run}`);
    expect(ev.startDate.toJSDate().toISOString()).toBe('2030-06-01T08:30:00.000Z');
    expect(ev.endDate.toJSDate().toISOString()).toBe('2030-06-01T10:00:00.000Z');
    expect(events[0]?.getFirstPropertyValue('url')).toBe('https://meet.jit.si/lms-office-hours');
    expect(events[0]?.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  });
});

describe('join, attendance and completion', () => {
  it('the join link records attendance only in the window; the attendance completes the course', async () => {
    const start = new Date('2030-07-01T12:00:00Z');
    const s = await schedule(teacher.auth, { startsAt: start.toISOString(), durationMinutes: 45 });
    // No seat yet: the join link says to reserve first.
    const noSeat = await join(ann, s.id, new Date(start.getTime() - 5 * 60_000));
    expect(noSeat.status).toBe(403);
    expect(noSeat.body.error.details?.code).toBe('no-seat');
    expect((await reserve(ann, s.id)).status).toBe(201);

    // Lessons done, but the course asks for one live session attended: not complete yet.
    expect((await sendJson('POST', `/api/lms-enrollment/lessons/${lesson}/complete`, {}, ann.auth)).status).toBe(200);
    expect(await enrollmentStatus(ann, course)).toBe('active');

    const early = await join(ann, s.id, new Date(start.getTime() - 11 * 60_000));
    expect(early.status).toBe(200);
    expect(early.body.data).toMatchObject({ state: 'not-yet', opensAt: '2030-07-01T11:50:00.000Z' });
    expect((await sql('SELECT 1 FROM lms_live_attendance WHERE session_id = $1', [s.id])).length).toBe(0);

    const open = await join(ann, s.id, new Date(start.getTime() - 9 * 60_000));
    expect(open.body.data).toMatchObject({ state: 'open', joinUrl: 'https://meet.jit.si/lms-office-hours', attendanceRecorded: true });
    const twice = await join(ann, s.id, new Date(start.getTime() + 30 * 60_000));
    expect(twice.body.data).toMatchObject({ state: 'open', attendanceRecorded: false });
    const late = await join(ann, s.id, new Date(start.getTime() + 45 * 60_000));
    expect(late.body.data).toMatchObject({ state: 'ended', endedAt: '2030-07-01T12:45:00.000Z' });

    expect(await sql('SELECT present, source FROM lms_live_attendance WHERE session_id = $1 AND learner_id = $2', [s.id, ann.id])).toEqual([{ present: true, source: 'join' }]);
    const attended = await sql<{ payload: Record<string, unknown> }>(`SELECT payload FROM lms_outbox WHERE type = 'live-session.attended' AND (payload->>'sessionId')::int = $1`, [s.id]);
    expect(attended).toHaveLength(1);
    expect(attended[0]?.payload).toMatchObject({ learnerId: ann.id, courseId: course, source: 'join' });
    expect(await enrollmentStatus(ann, course)).toBe('completed');
    expect(await sql(`SELECT 1 FROM lms_outbox WHERE type = 'course.completed' AND (payload->>'learnerId')::int = $1 AND payload->>'courseId' = $2`, [ann.id, course])).toHaveLength(1);
  });

  it('the instructor sees the roster and marks attendance; that counts toward completion too', async () => {
    const start = new Date(Date.now() - 30 * 60_000);
    const s = await schedule(teacher.auth, { startsAt: start.toISOString(), durationMinutes: 120 });
    expect((await reserve(cat, s.id)).status).toBe(201);
    expect((await sendJson('POST', `/api/lms-enrollment/lessons/${lesson}/complete`, {}, cat.auth)).status).toBe(200);
    expect(await enrollmentStatus(cat, course)).toBe('active');

    const roster = await getJson<RosterResponse>(`${ADMIN}/sessions/${s.id}/roster`, { headers: teacher.auth });
    expect(roster.status).toBe(200);
    expect(roster.body.data.map((e) => [e.learner.id, e.attendance])).toEqual([[cat.id, null]]);

    const notParticipant = await sendJson<ApiErrorBody>('PUT', `${ADMIN}/sessions/${s.id}/attendance/${bob.id}`, { present: true }, teacher.auth);
    expect(notParticipant.status).toBe(400);
    expect(notParticipant.body.error.message).toMatch(/^body\.learnerId: /);
    const badBody = await sendJson<ApiErrorBody>('PUT', `${ADMIN}/sessions/${s.id}/attendance/${cat.id}`, { present: 'yes' }, teacher.auth);
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toMatch(/^body\.present: /);

    const marked = await sendJson<RosterResponse>('PUT', `${ADMIN}/sessions/${s.id}/attendance/${cat.id}`, { present: true }, teacher.auth);
    expect(marked.status).toBe(200);
    expect(marked.body.data[0]?.attendance).toMatchObject({ present: true, source: 'instructor' });
    expect(await enrollmentStatus(cat, course)).toBe('completed');
    // Marking again changes nothing and emits nothing more; absent is recorded as such.
    await sendJson('PUT', `${ADMIN}/sessions/${s.id}/attendance/${cat.id}`, { present: true }, teacher.auth);
    expect(await sql(`SELECT 1 FROM lms_outbox WHERE type = 'live-session.attended' AND (payload->>'sessionId')::int = $1`, [s.id])).toHaveLength(1);
    // A session with recorded attendance is kept (it may have completed a course).
    const kept = await getJson<ApiErrorBody>(`${ADMIN}/sessions/${s.id}`, { method: 'DELETE', headers: teacher.auth });
    expect(kept.status).toBe(409);
    expect(kept.body.error.details?.code).toBe('has-attendance');
    const absent = await sendJson<RosterResponse>('PUT', `${ADMIN}/sessions/${s.id}/attendance/${cat.id}`, { present: false }, teacher.auth);
    expect(absent.body.data[0]?.attendance).toMatchObject({ present: false, source: 'instructor' });
  });
});

describe('reminders', () => {
  it('one live-session.reminder per learner with a seat, however many sweeps run', async () => {
    const start = new Date(Date.now() + 2 * HOUR);
    const s = await schedule(teacher.auth, { startsAt: start.toISOString(), title: `Reminder ${run}` });
    const far = await schedule(teacher.auth, { startsAt: new Date(Date.now() + 30 * HOUR).toISOString(), title: `Later ${run}` });
    for (const l of [ann, cat]) {
      expect((await reserve(l, s.id)).status).toBe(201);
      expect((await reserve(l, far.id)).status).toBe(201);
    }
    // Only admins may run the sweep by hand.
    expect((await sendJson('POST', `${ADMIN}/reminders/sweep`, {}, teacher.auth)).status).toBe(403);
    const sweeps = await Promise.all([1, 2, 3].map(() => sendJson<SweepResponse>('POST', `${ADMIN}/reminders/sweep`, {}, admin)));
    for (const sw of sweeps) expect(sw.status).toBe(200);
    const events = await sql<{ payload: Record<string, unknown> }>(`SELECT payload FROM lms_outbox WHERE type = 'live-session.reminder' AND (payload->>'sessionId')::int = $1 ORDER BY (payload->>'learnerId')::int`, [s.id]);
    expect(events.map((e) => e.payload.learnerId)).toEqual([ann.id, cat.id].sort((a, b) => a - b));
    expect(events[0]?.payload).toMatchObject({ courseId: course, title: `Reminder ${run}`, startsAt: start.toISOString(), timeZone: 'Europe/London', joinUrl: 'https://meet.jit.si/lms-office-hours' });
    // 30 hours away: not due yet; due once the clock is 7 hours later.
    expect(await sql(`SELECT 1 FROM lms_outbox WHERE type = 'live-session.reminder' AND (payload->>'sessionId')::int = $1`, [far.id])).toHaveLength(0);
    await sendJson('POST', `${ADMIN}/reminders/sweep`, {}, { ...admin, ...at(new Date(Date.now() + 7 * HOUR)) });
    await sendJson('POST', `${ADMIN}/reminders/sweep`, {}, { ...admin, ...at(new Date(Date.now() + 8 * HOUR)) });
    expect(await sql(`SELECT 1 FROM lms_outbox WHERE type = 'live-session.reminder' AND (payload->>'sessionId')::int = $1`, [far.id])).toHaveLength(2);
    expect(await sql(`SELECT 1 FROM lms_outbox WHERE type = 'live-session.reminder' AND (payload->>'sessionId')::int = $1`, [s.id])).toHaveLength(2);

    // lms-notifications turns it into the learner's in-app notification.
    await until('the reminder in ann’s notifications', async () => {
      const res = await getJson<{ data: Array<{ kind: string; title: string }> }>('/api/lms-notifications/me', { headers: ann.auth });
      return res.body.data.some((n) => n.kind === 'live-session-reminder' && n.title.includes(`Reminder ${run}`));
    });
  });
});
