import type { Core } from '@strapi/strapi';

/** The demo's live session: office hours on the Git course, a week after the first seed. */
export const DEMO_LIVE_SESSION = {
  courseSlug: 'git-for-everyday-work',
  title: 'Git office hours: bring your merge conflicts',
  durationMinutes: 60,
  capacity: 25,
  joinUrl: 'https://meet.jit.si/lms-demo-git-office-hours',
  timeZone: 'Africa/Johannesburg',
} as const;

interface LiveSessionsLike {
  listForAdmin(user: { id: number; roles: Array<{ code: string }> }, courseDocumentId: string): Promise<{ sessions: Array<{ title: string }> }>;
  create(
    user: { id: number; roles: Array<{ code: string }> },
    courseDocumentId: string,
    input: { title: string; startsAt: Date; durationMinutes: number; capacity: number; joinUrl: string; timeZone: string },
    now: Date,
  ): Promise<{ id: number }>;
}

/** 17:00 in Johannesburg (15:00 UTC) seven days after `now`. */
export function demoSessionStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7, 15, 0, 0));
}

/**
 * Schedules the demo session through lms-live's own service, as its instructor would; once (a
 * session with the same title on the course is kept as it is, wherever an admin moved it).
 */
export async function seedDemoLiveSession(strapi: Core.Strapi, input: { courseDocumentId: string; instructorAdminId: number; now?: Date }): Promise<boolean> {
  const sessions = strapi.plugin('lms-live').service('sessions') as unknown as LiveSessionsLike;
  // The seed is trusted and acts with full rights; the session is recorded as created by the instructor.
  const user = { id: input.instructorAdminId, roles: [{ code: 'strapi-super-admin' }] };
  const existing = await sessions.listForAdmin(user, input.courseDocumentId);
  if (existing.sessions.some((s) => s.title === DEMO_LIVE_SESSION.title)) return false;
  const now = input.now ?? new Date();
  const { courseSlug: _slug, ...fields } = DEMO_LIVE_SESSION;
  await sessions.create(user, input.courseDocumentId, { ...fields, startsAt: demoSessionStart(now) }, now);
  return true;
}
