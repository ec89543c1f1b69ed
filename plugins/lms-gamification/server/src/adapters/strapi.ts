import type { Core } from '@strapi/strapi';

/**
 * lms-gamification's typed view of what it reads outside itself: lms-enrollment's clock, the
 * media library (badge images) and learners' names. The one place with untyped Strapi calls.
 */

interface ClockPort {
  /** "Now" for every time rule (honours `x-lms-test-now` in integration tests only). */
  now(): Date;
}

/** lms-enrollment's clock: one "now" across the LMS plugins (visits, streaks, current period). */
export function clockOf(strapi: Core.Strapi): ClockPort {
  return strapi.plugin('lms-enrollment').service('clock') as ClockPort;
}

/** Image files of the media library by id (others are left out). */
export async function uploadedImages(strapi: Core.Strapi, ids: readonly number[]): Promise<Map<number, { url: string }>> {
  if (ids.length === 0) return new Map();
  const rows = (await strapi.db.query('plugin::upload.file').findMany({
    where: { id: { $in: [...new Set(ids)] } },
    select: ['id', 'url', 'mime'],
  })) as Array<{ id: number; url: string; mime: string | null }>;
  return new Map(rows.filter((r) => (r.mime ?? '').startsWith('image/')).map((r) => [r.id, { url: r.url }]));
}

/** The learner's full name (users-permissions extension), by user id. Emails are never returned. */
export async function learnerFullNames(strapi: Core.Strapi, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await strapi.db.query('plugin::users-permissions.user').findMany({
    where: { id: { $in: [...new Set(ids)] } },
    select: ['id', 'fullName'],
  })) as Array<{ id: number; fullName: string | null }>;
  return new Map(rows.filter((r) => typeof r.fullName === 'string' && r.fullName.trim() !== '').map((r) => [r.id, (r.fullName as string).trim()]));
}
