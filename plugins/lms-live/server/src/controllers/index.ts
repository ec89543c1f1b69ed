import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { formatInZone } from '../domain';
import type {
  AdminSessionResponse,
  AdminSessionsResponse,
  JoinResponse,
  LearnerSessionResponse,
  LearnerSessionsResponse,
  RosterResponse,
  SweepResponse,
  TimeZonePreferenceResponse,
} from '../contracts';
import { clockOf, courseChoices, type AdminUserLike } from '../adapters/strapi';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: { id: number; roles?: Array<{ code?: string }> } };
  status: number;
  body: unknown;
  type?: string;
  set?(name: string, value: string): void;
}

function userId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

function adminUser(ctx: Ctx): AdminUserLike {
  const user = ctx.state.user;
  if (!user?.id) throw unauthorized();
  return user;
}

const idParams = z.object({ id: z.coerce.number({ invalid_type_error: 'expected a live session id' }).int('expected a whole number').positive('expected a live session id') });
const courseParams = z.object({ courseId: z.string().trim().min(1, 'expected a course documentId').max(64) });
const attendanceParams = idParams.extend({ learnerId: z.coerce.number({ invalid_type_error: 'expected a learner id' }).int('expected a whole number').positive('expected a learner id') });
const attendanceBody = z.object({ present: z.boolean({ required_error: 'expected true (present) or false (absent)', invalid_type_error: 'expected true (present) or false (absent)' }) }).strict();
const timeZoneBody = z.object({ timeZone: z.string({ invalid_type_error: 'expected an IANA time zone name such as "Europe/London", or null' }).max(64).nullable() }).strict();
const listQuery = z.object({ courseId: z.string().trim().min(1).max(64).optional() }).strict();
const instant = z
  .string({ required_error: 'expected an ISO 8601 instant such as 2026-05-01T14:00:00Z', invalid_type_error: 'expected an ISO 8601 instant such as 2026-05-01T14:00:00Z' })
  .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 instant with its offset, e.g. 2026-05-01T14:00:00Z');
const whole = (what: string) => z.number({ required_error: `expected ${what}`, invalid_type_error: `expected ${what}` }).int(`expected ${what}`);
const sessionBody = z
  .object({
    courseId: z.string({ required_error: 'expected the documentId of the course' }).trim().min(1, 'expected the documentId of the course').max(64),
    title: z.string({ required_error: 'expected a title' }).max(200, 'at most 200 characters'),
    startsAt: instant,
    durationMinutes: whole('whole minutes from 5 to 1440'),
    capacity: whole('a whole number of seats'),
    joinUrl: z.string({ required_error: 'expected the meeting link (https://…)' }).max(2000, 'at most 2000 characters'),
    timeZone: z.string({ required_error: 'expected an IANA time zone name such as "Europe/London"' }).max(64),
  })
  .strict();

const toInput = (b: z.infer<typeof sessionBody>) => ({ title: b.title, startsAt: new Date(b.startsAt), durationMinutes: b.durationMinutes, capacity: b.capacity, joinUrl: b.joinUrl, timeZone: b.timeZone });

const createLearnerController = ({ strapi }: { strapi: Core.Strapi }) => {
  const sessions = () => getService(strapi, 'sessions');
  const now = () => clockOf(strapi).now();
  return withVisibleErrors({
    async courseSessions(ctx: Ctx) {
      const id = userId(ctx);
      const { courseId } = parseInput(courseParams, ctx.params, 'params');
      const r = await sessions().listForCourse(id, courseId, now());
      ctx.body = {
        data: r.sessions,
        meta: { timeZone: r.zone, timeZoneSource: r.zoneSource, liveAttendanceRequired: r.required || null, attended: r.attended },
      } satisfies LearnerSessionsResponse;
    },

    async mySessions(ctx: Ctx) {
      const r = await sessions().listReserved(userId(ctx), now());
      ctx.body = { data: r.sessions, meta: { timeZone: r.zone, timeZoneSource: r.zoneSource, liveAttendanceRequired: null, attended: null } } satisfies LearnerSessionsResponse;
    },

    async session(ctx: Ctx) {
      const { id } = parseInput(idParams, ctx.params, 'params');
      const r = await sessions().getForLearner(userId(ctx), id, now());
      ctx.body = { data: r.session, meta: { timeZone: r.zone } } satisfies LearnerSessionResponse;
    },

    async reserve(ctx: Ctx) {
      const learner = userId(ctx);
      const { id } = parseInput(idParams, ctx.params, 'params');
      const { created } = await sessions().reserve(learner, id, now());
      const r = await sessions().getForLearner(learner, id, now());
      ctx.status = created ? 201 : 200;
      ctx.body = { data: r.session, meta: { timeZone: r.zone } } satisfies LearnerSessionResponse;
    },

    async cancel(ctx: Ctx) {
      const learner = userId(ctx);
      const { id } = parseInput(idParams, ctx.params, 'params');
      await sessions().cancel(learner, id, now());
      const r = await sessions().getForLearner(learner, id, now());
      ctx.body = { data: r.session, meta: { timeZone: r.zone } } satisfies LearnerSessionResponse;
    },

    async ics(ctx: Ctx) {
      const { id } = parseInput(idParams, ctx.params, 'params');
      const file = await sessions().ics(userId(ctx), id, now());
      ctx.set?.('content-disposition', `attachment; filename="${file.filename}"`);
      ctx.set?.('cache-control', 'private, no-store');
      ctx.type = 'text/calendar; charset=utf-8';
      ctx.body = file.body;
    },

    /** Opening the join link (the site's /live/<id>/join calls this, then redirects or explains). */
    async join(ctx: Ctx) {
      const learner = userId(ctx);
      const { id } = parseInput(idParams, ctx.params, 'params');
      const r = await sessions().join(learner, id, now());
      const base = { sessionId: r.session.id, title: r.session.title };
      if (r.state.state === 'open') {
        ctx.body = { data: { ...base, state: 'open', joinUrl: r.session.joinUrl, attendanceRecorded: r.recorded } } satisfies JoinResponse;
      } else if (r.state.state === 'not-yet') {
        const zone = (await sessions().timeZoneOf(learner)) ?? r.session.timeZone;
        ctx.body = { data: { ...base, state: 'not-yet', opensAt: r.state.opensAt.toISOString(), opensAtLocal: formatInZone(r.state.opensAt, zone), timeZone: zone } } satisfies JoinResponse;
      } else {
        ctx.body = { data: { ...base, state: 'ended', endedAt: r.state.endedAt.toISOString() } } satisfies JoinResponse;
      }
    },

    async timeZone(ctx: Ctx) {
      ctx.body = { data: { timeZone: await sessions().timeZoneOf(userId(ctx)) } } satisfies TimeZonePreferenceResponse;
    },

    async setTimeZone(ctx: Ctx) {
      const id = userId(ctx);
      const { timeZone } = parseInput(timeZoneBody, ctx.request.body ?? {}, 'body');
      ctx.body = { data: { timeZone: await sessions().setTimeZone(id, timeZone, now()) } } satisfies TimeZonePreferenceResponse;
    },
  });
};

const createAdminController = ({ strapi }: { strapi: Core.Strapi }) => {
  const sessions = () => getService(strapi, 'sessions');
  const now = () => clockOf(strapi).now();
  return withVisibleErrors({
    async list(ctx: Ctx) {
      const { courseId } = parseInput(listQuery, ctx.query, 'query');
      const r = await sessions().listForAdmin(adminUser(ctx), courseId);
      ctx.body = { data: r.sessions, meta: { courses: await courseChoices(strapi, r.scope) } } satisfies AdminSessionsResponse;
    },

    async get(ctx: Ctx) {
      const { id } = parseInput(idParams, ctx.params, 'params');
      ctx.body = { data: await sessions().getForAdmin(adminUser(ctx), id) } satisfies AdminSessionResponse;
    },

    async create(ctx: Ctx) {
      const user = adminUser(ctx);
      const body = parseInput(sessionBody, ctx.request.body ?? {}, 'body');
      const created = await sessions().create(user, body.courseId, toInput(body), now());
      ctx.status = 201;
      ctx.body = { data: created } satisfies AdminSessionResponse;
    },

    async update(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(idParams, ctx.params, 'params');
      const body = parseInput(sessionBody, ctx.request.body ?? {}, 'body');
      const current = await sessions().getForAdmin(user, id);
      if (body.courseId !== current.courseId) {
        parseInput(z.literal(current.courseId, { errorMap: () => ({ message: 'a session cannot move to another course; schedule a new one there' }) }), body.courseId, 'body.courseId');
      }
      ctx.body = { data: await sessions().update(user, id, toInput(body), now()) } satisfies AdminSessionResponse;
    },

    async remove(ctx: Ctx) {
      const { id } = parseInput(idParams, ctx.params, 'params');
      await sessions().remove(adminUser(ctx), id);
      ctx.status = 204;
      ctx.body = null;
    },

    async roster(ctx: Ctx) {
      const { id } = parseInput(idParams, ctx.params, 'params');
      const r = await sessions().roster(adminUser(ctx), id);
      ctx.body = { data: r.entries, meta: { session: r.session } } satisfies RosterResponse;
    },

    async markAttendance(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id, learnerId } = parseInput(attendanceParams, ctx.params, 'params');
      const { present } = parseInput(attendanceBody, ctx.request.body ?? {}, 'body');
      await sessions().markAttendance(user, id, learnerId, present, now());
      const r = await sessions().roster(user, id);
      ctx.body = { data: r.entries, meta: { session: r.session } } satisfies RosterResponse;
    },

    async sweepReminders(ctx: Ctx) {
      ctx.body = { data: await sessions().sweepReminders(now()) } satisfies SweepResponse;
    },
  });
};

export const controllers = {
  learner: createLearnerController,
  admin: createAdminController,
};
