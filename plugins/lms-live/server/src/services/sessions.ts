import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loadConfig } from '@lms/config';
import { conflict, forbidden, getLmsCoreService, inTransaction, invalidInput, isPostgres, isUniqueViolation, notFound, readDate } from '@lms/plugin-lms-core/server';
import {
  attendanceShortfall,
  buildIcs,
  canonicalTimeZone,
  endOf,
  formatInZone,
  joinState,
  LiveSessionError,
  providerOf,
  REMINDER_LEAD_MS,
  reservationsOpen,
  validateSession,
  type JoinState,
  type SessionInput,
} from '../domain';
import type { AdminSessionView, JoinStateView, LearnerSessionView, RosterEntry } from '../contracts';
import { coursesById, enrollmentsOf, grantsAccess, learnerNames, liveAttendanceRequiredOf, type AdminUserLike, type CourseInfo, teachableCourses } from '../adapters/strapi';
import { ATTENDANCE_TABLE, PREFERENCES_TABLE, REMINDERS_TABLE, SEATS_TABLE, SESSIONS_TABLE } from '../migrations';
import '../events';

export interface SessionRecord {
  id: number;
  courseDocumentId: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  capacity: number;
  seatsTaken: number;
  joinUrl: string;
  timeZone: string;
  revision: number;
}

type Row = Record<string, unknown>;

function toSession(r: Row): SessionRecord {
  return {
    id: Number(r.id),
    courseDocumentId: String(r.course_document_id),
    title: String(r.title),
    startsAt: readDate(r.starts_at) as Date,
    durationMinutes: Number(r.duration_minutes),
    capacity: Number(r.capacity),
    seatsTaken: Number(r.seats_taken),
    joinUrl: String(r.join_url),
    timeZone: String(r.time_zone),
    revision: Number(r.revision),
  };
}

/** A domain error is the caller's to fix: 400 naming the field. */
function asInput(error: unknown, root = 'body'): unknown {
  return error instanceof LiveSessionError ? invalidInput(`${root}.${error.field}`, error.message.slice(error.field.length + 2), { code: error.code }) : error;
}

const joinView = (j: JoinState): JoinStateView =>
  j.state === 'not-yet' ? { state: 'not-yet', opensAt: j.opensAt.toISOString() } : j.state === 'open' ? { state: 'open', closesAt: j.closesAt.toISOString() } : { state: 'ended', endedAt: j.endedAt.toISOString() };

/** The longest a session may run: sessions that started this long ago may still be running. */
const MAX_RUNNING_MS = 24 * 60 * 60_000;

/**
 * Live sessions of a course: instructors schedule them (admin), enrolled learners reserve a seat
 * (capacity enforced by one conditional UPDATE), download an .ics, join (attendance in the window),
 * and get one reminder each. Attendance counts toward completion through lms-enrollment's
 * completion extension point (the course's `liveAttendanceRequired`).
 */
export const createSessionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;
  const events = () => getLmsCoreService(strapi, 'events');
  let siteHost: string | undefined;
  const uidHost = () => {
    if (!siteHost) {
      try {
        siteHost = new URL(loadConfig().siteUrl).hostname || 'lms.invalid';
      } catch {
        siteHost = 'lms.invalid';
      }
    }
    return siteHost;
  };

  async function load(id: number, trx?: Knex | Knex.Transaction): Promise<SessionRecord> {
    const row = (await (trx ?? db())(SESSIONS_TABLE).where({ id }).first()) as Row | undefined;
    if (!row) throw notFound('live session', id);
    return toSession(row);
  }

  /** 403 unless the learner's enrollment in the course gives access (active or completed). */
  async function requireAccess(userId: number, courseDocumentId: string): Promise<void> {
    const enrollment = await enrollmentsOf(strapi).findEnrollment(userId, courseDocumentId);
    if (!grantsAccess(enrollment?.status)) {
      throw forbidden('live sessions of this course are for its enrolled learners; enroll in the course first', { code: 'not-enrolled', courseId: courseDocumentId });
    }
  }

  async function requireTeaches(user: AdminUserLike, courseDocumentId: string): Promise<void> {
    const scope = await teachableCourses(strapi, user);
    if (scope !== 'all' && !scope.has(courseDocumentId)) {
      throw forbidden('you may schedule and see live sessions of your own courses only', { code: 'not-your-course', courseId: courseDocumentId });
    }
  }

  async function attendedCount(trx: Knex | Knex.Transaction, userId: number, courseDocumentId: string): Promise<number> {
    const [row] = (await trx(ATTENDANCE_TABLE).where({ learner_id: userId, course_document_id: courseDocumentId, present: true }).count({ n: '*' })) as Array<{ n: number | string }>;
    return Number(row?.n ?? 0);
  }

  /**
   * Marks the learner present (or absent) and, when they became present now, emits
   * `live-session.attended` and re-checks course completion, all in `trx`.
   */
  async function recordAttendance(trx: Knex.Transaction, session: SessionRecord, learnerId: number, present: boolean, source: 'join' | 'instructor', now: Date, by: number | null): Promise<boolean> {
    let q = trx(ATTENDANCE_TABLE).where({ session_id: session.id, learner_id: learnerId });
    if (isPostgres(trx)) q = q.forUpdate();
    const existing = (await q.first()) as Row | undefined;
    const wasPresent = existing ? Boolean(existing.present) : false;
    if (existing) {
      // A learner's own join never overrides what the instructor marked.
      if (source === 'join' && (wasPresent || existing.source === 'instructor')) return false;
      if (wasPresent === present && source === existing.source) return false;
      await trx(ATTENDANCE_TABLE).where({ id: existing.id }).update({ present, source, marked_by: by, recorded_at: now });
    } else {
      const inserted = (await trx(ATTENDANCE_TABLE)
        .insert({ session_id: session.id, learner_id: learnerId, course_document_id: session.courseDocumentId, present, source, marked_by: by, recorded_at: now })
        .onConflict(['session_id', 'learner_id'])
        .ignore()
        .returning('id')) as unknown[];
      // A concurrent join of the same learner got there first: it emitted.
      if (inserted.length === 0) return false;
    }
    const becamePresent = present && !wasPresent;
    if (becamePresent) {
      await events().emit(trx, {
        type: 'live-session.attended',
        payload: { sessionId: session.id, learnerId, courseId: session.courseDocumentId, source, attendedAt: now.toISOString() },
        actor: by ? { type: 'admin', id: by } : { type: 'user', id: learnerId },
      });
      await enrollmentsOf(strapi).recheckCompletion(learnerId, session.courseDocumentId, trx);
    }
    return becamePresent;
  }

  function learnerView(s: SessionRecord, course: CourseInfo | undefined, zone: string, now: Date, mine: { reserved: boolean; attended: boolean }): LearnerSessionView {
    return {
      id: s.id,
      courseId: s.courseDocumentId,
      courseTitle: course?.title ?? '',
      courseSlug: course?.slug ?? '',
      title: s.title,
      startsAt: s.startsAt.toISOString(),
      endsAt: endOf(s).toISOString(),
      durationMinutes: s.durationMinutes,
      timeZone: s.timeZone,
      startsAtLocal: formatInZone(s.startsAt, zone),
      startsAtSessionLocal: formatInZone(s.startsAt, s.timeZone),
      capacity: s.capacity,
      seatsTaken: s.seatsTaken,
      seatsLeft: Math.max(0, s.capacity - s.seatsTaken),
      reserved: mine.reserved,
      attended: mine.attended,
      provider: providerOf(safeHost(s.joinUrl)),
      join: joinView(joinState(s, now)),
    };
  }

  async function adminViews(rows: SessionRecord[]): Promise<AdminSessionView[]> {
    const courses = await coursesById(strapi, rows.map((r) => r.courseDocumentId));
    const ids = rows.map((r) => r.id);
    const counts = ids.length
      ? ((await db()(ATTENDANCE_TABLE).whereIn('session_id', ids).where({ present: true }).groupBy('session_id').select('session_id').count({ n: '*' })) as Array<{ session_id: number; n: number | string }>)
      : [];
    const attended = new Map(counts.map((c) => [Number(c.session_id), Number(c.n)]));
    return rows.map((s) => ({
      id: s.id,
      courseId: s.courseDocumentId,
      courseTitle: courses.get(s.courseDocumentId)?.title ?? `(course ${s.courseDocumentId})`,
      title: s.title,
      startsAt: s.startsAt.toISOString(),
      durationMinutes: s.durationMinutes,
      capacity: s.capacity,
      seatsTaken: s.seatsTaken,
      joinUrl: s.joinUrl,
      timeZone: s.timeZone,
      startsAtSessionLocal: formatInZone(s.startsAt, s.timeZone),
      attended: attended.get(s.id) ?? 0,
    }));
  }

  const service = {
    load,
    attendedCount,

    // ——— learners ———

    /** The learner's chosen zone (null = none chosen). */
    async timeZoneOf(userId: number): Promise<string | null> {
      const row = (await db()(PREFERENCES_TABLE).where({ learner_id: userId }).first()) as Row | undefined;
      return row ? String(row.time_zone) : null;
    },

    async setTimeZone(userId: number, timeZone: string | null, now: Date): Promise<string | null> {
      if (timeZone === null) {
        await db()(PREFERENCES_TABLE).where({ learner_id: userId }).delete();
        return null;
      }
      const zone = canonicalTimeZone(timeZone);
      if (!zone) throw invalidInput('body.timeZone', `"${timeZone.slice(0, 64)}" is not an IANA time zone name such as "Europe/London"`);
      await db()(PREFERENCES_TABLE).insert({ learner_id: userId, time_zone: zone, updated_at: now }).onConflict('learner_id').merge({ time_zone: zone, updated_at: now });
      return zone;
    },

    /** Sessions of a course that have not ended, for an enrolled learner, soonest first. */
    async listForCourse(userId: number, courseDocumentId: string, now: Date): Promise<{ sessions: LearnerSessionView[]; zone: string; zoneSource: 'preference' | 'session' | 'utc'; required: number; attended: number }> {
      await requireAccess(userId, courseDocumentId);
      const rows = ((await db()(SESSIONS_TABLE)
        .where({ course_document_id: courseDocumentId })
        .where('starts_at', '>', new Date(now.getTime() - MAX_RUNNING_MS))
        .orderBy([{ column: 'starts_at' }, { column: 'id' }])) as Row[])
        .map(toSession)
        .filter((s) => endOf(s).getTime() > now.getTime());
      const views = await service.viewsFor(userId, rows, now);
      const required = await liveAttendanceRequiredOf(strapi, courseDocumentId);
      return { ...views, required, attended: await attendedCount(db(), userId, courseDocumentId) };
    },

    /** The learner's reserved sessions that have not ended (dashboard), across courses. */
    async listReserved(userId: number, now: Date) {
      const rows = ((await db()(`${SESSIONS_TABLE} as s`)
        .join(`${SEATS_TABLE} as st`, 'st.session_id', 's.id')
        .where('st.learner_id', userId)
        .where('s.starts_at', '>', new Date(now.getTime() - MAX_RUNNING_MS))
        .orderBy([{ column: 's.starts_at' }, { column: 's.id' }])
        .select('s.*')) as Row[])
        .map(toSession)
        .filter((s) => endOf(s).getTime() > now.getTime());
      return service.viewsFor(userId, rows, now);
    },

    async viewsFor(userId: number, rows: SessionRecord[], now: Date) {
      const pref = await service.timeZoneOf(userId);
      const zoneSource: 'preference' | 'session' | 'utc' = pref ? 'preference' : rows[0] ? 'session' : 'utc';
      const ids = rows.map((r) => r.id);
      const seats = new Set(ids.length ? ((await db()(SEATS_TABLE).whereIn('session_id', ids).where({ learner_id: userId }).pluck('session_id')) as number[]).map(Number) : []);
      const present = new Set(
        ids.length ? ((await db()(ATTENDANCE_TABLE).whereIn('session_id', ids).where({ learner_id: userId, present: true }).pluck('session_id')) as number[]).map(Number) : [],
      );
      const courses = await coursesById(strapi, rows.map((r) => r.courseDocumentId));
      // Without a chosen zone each session is shown in its own zone (named, so never ambiguous).
      const sessions = rows.map((s) => learnerView(s, courses.get(s.courseDocumentId), pref ?? s.timeZone, now, { reserved: seats.has(s.id), attended: present.has(s.id) }));
      return { sessions, zone: pref ?? rows[0]?.timeZone ?? 'UTC', zoneSource };
    },

    async getForLearner(userId: number, id: number, now: Date): Promise<{ session: LearnerSessionView; zone: string }> {
      const s = await load(id);
      await requireAccess(userId, s.courseDocumentId);
      const { sessions, zone } = await service.viewsFor(userId, [s], now);
      return { session: sessions[0] as LearnerSessionView, zone };
    },

    /**
     * Reserves a seat: idempotent per learner; one conditional UPDATE of `seats_taken` decides who
     * gets the last seat (Postgres serialises updates of the row; SQLite has one writer), and the
     * seat row's unique key stops a learner holding two.
     */
    async reserve(userId: number, id: number, now: Date): Promise<{ created: boolean }> {
      const s = await load(id);
      await requireAccess(userId, s.courseDocumentId);
      if (!reservationsOpen(s, now)) throw conflict(`"${s.title}" has ended; seats can no longer be reserved`, { code: 'session-ended' });
      try {
        return await inTransaction(strapi, undefined, async (trx) => {
          const mine = await trx(SEATS_TABLE).where({ session_id: id, learner_id: userId }).first();
          if (mine) return { created: false };
          const taken = await trx(SESSIONS_TABLE).where({ id }).andWhere('seats_taken', '<', trx.ref('capacity')).increment('seats_taken', 1);
          if (Number(taken) === 0) {
            // The same learner's concurrent request may have taken the last seat while this one
            // waited for the row: read again (committed by now) before calling it full.
            if (await trx(SEATS_TABLE).where({ session_id: id, learner_id: userId }).first()) return { created: false };
            throw conflict(`"${s.title}" is full (${s.capacity} seats); no seat is left`, { code: 'session-full', capacity: s.capacity });
          }
          await trx(SEATS_TABLE).insert({ session_id: id, learner_id: userId, reserved_at: now });
          return { created: true };
        });
      } catch (error) {
        // The same learner's concurrent request took the seat first; this one rolled back.
        if (isUniqueViolation(error)) return { created: false };
        throw error;
      }
    },

    async cancel(userId: number, id: number, now: Date): Promise<{ cancelled: boolean }> {
      const s = await load(id);
      await requireAccess(userId, s.courseDocumentId);
      if (!reservationsOpen(s, now)) throw conflict(`"${s.title}" has ended; there is nothing to cancel`, { code: 'session-ended' });
      return inTransaction(strapi, undefined, async (trx) => {
        const removed = await trx(SEATS_TABLE).where({ session_id: id, learner_id: userId }).delete();
        if (Number(removed) === 0) return { cancelled: false };
        await trx(SESSIONS_TABLE).where({ id }).decrement('seats_taken', 1);
        return { cancelled: true };
      });
    },

    async ics(userId: number, id: number, now: Date): Promise<{ filename: string; body: string }> {
      const s = await load(id);
      await requireAccess(userId, s.courseDocumentId);
      const course = (await coursesById(strapi, [s.courseDocumentId])).get(s.courseDocumentId);
      const body = buildIcs({
        uid: `live-session-${s.id}@${uidHost()}`,
        stamp: now,
        start: s.startsAt,
        durationMinutes: s.durationMinutes,
        summary: s.title,
        description: `${course?.title ? `Live session of "${course.title}". ` : ''}Join: ${s.joinUrl}\nScheduled in ${s.timeZone}: ${formatInZone(s.startsAt, s.timeZone)}`,
        url: s.joinUrl,
        sequence: s.revision,
      });
      return { filename: `live-session-${s.id}.ics`, body };
    },

    /**
     * Opening the join link: in the window (10 minutes before the start until the end) records the
     * learner present and answers the meeting link; otherwise says when it opens or that it ended.
     * A seat is needed: capacity is what the instructor's meeting holds.
     */
    async join(userId: number, id: number, now: Date) {
      const s = await load(id);
      await requireAccess(userId, s.courseDocumentId);
      const seat = await db()(SEATS_TABLE).where({ session_id: id, learner_id: userId }).first();
      if (!seat) throw forbidden(`reserve a seat for "${s.title}" first; the join link is for learners with a seat`, { code: 'no-seat', sessionId: id });
      const state = joinState(s, now);
      if (state.state !== 'open') return { session: s, state, recorded: false };
      const recorded = await inTransaction(strapi, undefined, (trx) => recordAttendance(trx, s, userId, true, 'join', now, null));
      return { session: s, state, recorded };
    },

    // ——— instructors ———

    async listForAdmin(user: AdminUserLike, courseDocumentId: string | undefined) {
      const scope = await teachableCourses(strapi, user);
      if (courseDocumentId && scope !== 'all' && !scope.has(courseDocumentId)) {
        throw forbidden('you may schedule and see live sessions of your own courses only', { code: 'not-your-course', courseId: courseDocumentId });
      }
      let q = db()(SESSIONS_TABLE).orderBy([{ column: 'starts_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(500);
      if (courseDocumentId) q = q.where({ course_document_id: courseDocumentId });
      else if (scope !== 'all') q = q.whereIn('course_document_id', [...scope]);
      const rows = ((await q) as Row[]).map(toSession);
      return { sessions: await adminViews(rows), scope };
    },

    async getForAdmin(user: AdminUserLike, id: number): Promise<AdminSessionView> {
      const s = await load(id);
      await requireTeaches(user, s.courseDocumentId);
      return (await adminViews([s]))[0] as AdminSessionView;
    },

    async create(user: AdminUserLike, courseDocumentId: string, input: SessionInput, now: Date): Promise<AdminSessionView> {
      let v;
      try {
        v = validateSession(input);
      } catch (e) {
        throw asInput(e);
      }
      await requireTeaches(user, courseDocumentId);
      if (!(await coursesById(strapi, [courseDocumentId])).has(courseDocumentId)) throw invalidInput('body.courseId', `no course with documentId "${courseDocumentId}"`);
      const [row] = (await db()(SESSIONS_TABLE)
        .insert({
          course_document_id: courseDocumentId,
          title: v.title,
          starts_at: v.startsAt,
          duration_minutes: v.durationMinutes,
          capacity: v.capacity,
          seats_taken: 0,
          join_url: v.joinUrl,
          time_zone: v.timeZone,
          revision: 0,
          created_by: user.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')) as Array<{ id: number } | number>;
      const id = typeof row === 'object' ? row.id : Number(row);
      return (await adminViews([await load(id)]))[0] as AdminSessionView;
    },

    /** Edits a session; the capacity may not drop below the seats already taken. */
    async update(user: AdminUserLike, id: number, input: SessionInput, now: Date): Promise<AdminSessionView> {
      const s = await load(id);
      await requireTeaches(user, s.courseDocumentId);
      let v;
      try {
        v = validateSession(input);
      } catch (e) {
        throw asInput(e);
      }
      const changed = await db()(SESSIONS_TABLE)
        .where({ id })
        .andWhere('seats_taken', '<=', v.capacity)
        .update({ title: v.title, starts_at: v.startsAt, duration_minutes: v.durationMinutes, capacity: v.capacity, join_url: v.joinUrl, time_zone: v.timeZone, revision: s.revision + 1, updated_at: now });
      if (Number(changed) === 0) {
        const current = await load(id);
        throw invalidInput('body.capacity', `${current.seatsTaken} seats are already reserved; the capacity cannot be lower than that`, { code: 'capacity-below-seats' });
      }
      // A moved start is a new appointment: the reminder is due again.
      if (s.startsAt.getTime() !== v.startsAt.getTime()) await db()(REMINDERS_TABLE).where({ session_id: id }).delete();
      return (await adminViews([await load(id)]))[0] as AdminSessionView;
    },

    async remove(user: AdminUserLike, id: number): Promise<void> {
      const s = await load(id);
      await requireTeaches(user, s.courseDocumentId);
      const [row] = (await db()(ATTENDANCE_TABLE).where({ session_id: id, present: true }).count({ n: '*' })) as Array<{ n: number | string }>;
      if (Number(row?.n ?? 0) > 0) throw conflict(`"${s.title}" has recorded attendance, which may count toward completion; it cannot be deleted`, { code: 'has-attendance' });
      await db()(SESSIONS_TABLE).where({ id }).delete();
    },

    /** Learners with a seat, and anyone with recorded attendance, with their attendance. */
    async roster(user: AdminUserLike, id: number): Promise<{ session: AdminSessionView; entries: RosterEntry[] }> {
      const s = await load(id);
      await requireTeaches(user, s.courseDocumentId);
      const seats = (await db()(SEATS_TABLE).where({ session_id: id }).orderBy('reserved_at')) as Row[];
      const attendance = (await db()(ATTENDANCE_TABLE).where({ session_id: id })) as Row[];
      const ids = [...new Set([...seats.map((r) => Number(r.learner_id)), ...attendance.map((r) => Number(r.learner_id))])];
      const names = await learnerNames(strapi, ids);
      const seatOf = new Map(seats.map((r) => [Number(r.learner_id), readDate(r.reserved_at)]));
      const attOf = new Map(attendance.map((r) => [Number(r.learner_id), r]));
      const entries = ids.map((learnerId): RosterEntry => {
        const a = attOf.get(learnerId);
        return {
          learner: names.get(learnerId) ?? { id: learnerId, name: `Learner #${learnerId}`, email: null },
          reservedAt: seatOf.get(learnerId)?.toISOString() ?? null,
          attendance: a ? { present: Boolean(a.present), source: String(a.source) as 'join' | 'instructor', recordedAt: (readDate(a.recorded_at) as Date).toISOString() } : null,
        };
      });
      entries.sort((a, b) => a.learner.name.localeCompare(b.learner.name));
      return { session: (await adminViews([s]))[0] as AdminSessionView, entries };
    },

    /** The instructor marks a learner with a seat (or enrolled) present or absent. */
    async markAttendance(user: AdminUserLike, id: number, learnerId: number, present: boolean, now: Date): Promise<{ changed: boolean }> {
      const s = await load(id);
      await requireTeaches(user, s.courseDocumentId);
      const seat = await db()(SEATS_TABLE).where({ session_id: id, learner_id: learnerId }).first();
      if (!seat) {
        const enrollment = await enrollmentsOf(strapi).findEnrollment(learnerId, s.courseDocumentId);
        if (!grantsAccess(enrollment?.status)) throw invalidInput('body.learnerId', `learner ${learnerId} neither reserved a seat nor is enrolled in this course`, { code: 'not-a-participant' });
      }
      if (joinState(s, now).state === 'not-yet') throw conflict(`"${s.title}" has not started; attendance can be marked from 10 minutes before the start`, { code: 'not-started' });
      const changed = await inTransaction(strapi, undefined, async (trx) => {
        const before = (await trx(ATTENDANCE_TABLE).where({ session_id: id, learner_id: learnerId }).first()) as Row | undefined;
        await recordAttendance(trx, s, learnerId, present, 'instructor', now, user.id);
        return !before || Boolean(before.present) !== present || before.source !== 'instructor';
      });
      return { changed };
    },

    // ——— reminders ———

    /**
     * Emits `live-session.reminder` once per learner with a seat and session starting within 24 h:
     * the reminders row (unique session, learner) and the outbox event commit together, so a
     * second sweep, another process or a retry finds the row and sends nothing.
     */
    async sweepReminders(now: Date): Promise<{ reminders: number }> {
      const due = (await db()(`${SESSIONS_TABLE} as s`)
        .join(`${SEATS_TABLE} as st`, 'st.session_id', 's.id')
        .leftJoin(`${REMINDERS_TABLE} as r`, function () {
          this.on('r.session_id', '=', 's.id').andOn('r.learner_id', '=', 'st.learner_id');
        })
        .whereNull('r.session_id')
        .where('s.starts_at', '>', now)
        .where('s.starts_at', '<=', new Date(now.getTime() + REMINDER_LEAD_MS))
        .orderBy([{ column: 's.starts_at' }, { column: 'st.id' }])
        .limit(1000)
        .select('s.*', 'st.learner_id as seat_learner_id')) as Row[];
      let sent = 0;
      for (const row of due) {
        const s = toSession(row);
        const learnerId = Number(row.seat_learner_id);
        const enrollment = await enrollmentsOf(strapi).findEnrollment(learnerId, s.courseDocumentId);
        if (!grantsAccess(enrollment?.status)) continue;
        try {
          await inTransaction(strapi, undefined, async (trx) => {
            const event = await events().emit(trx, {
              type: 'live-session.reminder',
              payload: { sessionId: s.id, learnerId, courseId: s.courseDocumentId, title: s.title, startsAt: s.startsAt.toISOString(), timeZone: s.timeZone, joinUrl: s.joinUrl },
            });
            await trx(REMINDERS_TABLE).insert({ session_id: s.id, learner_id: learnerId, event_id: event.id, sent_at: now });
          });
          sent += 1;
        } catch (error) {
          // Another sweep reminded this learner first; its event stands, this one rolled back.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      return { reminders: sent };
    },

    /** lms-enrollment's completion requirement: enough live sessions attended (course setting). */
    async attendanceOutcome(trx: Knex.Transaction, userId: number, courseDocumentId: string): Promise<string | null> {
      const required = await liveAttendanceRequiredOf(strapi, courseDocumentId);
      if (!required) return null;
      return attendanceShortfall(required, await attendedCount(trx, userId, courseDocumentId));
    },
  };
  return service;
};

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

export type SessionsService = ReturnType<typeof createSessionsService>;
