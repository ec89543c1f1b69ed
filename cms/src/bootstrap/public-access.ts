import type { Core } from '@strapi/strapi';

/**
 * Anonymous visitors browse the catalog: published categories, courses and instructors.
 * Lessons, quizzes, assignments and certificate templates are never granted to a role:
 * their bodies and answer keys go out only through guarded endpoints.
 */
export const PUBLIC_READ_ACTIONS = [
  'api::category.category.find',
  'api::category.category.findOne',
  'api::course.course.find',
  'api::course.course.findOne',
  'api::instructor.instructor.find',
  'api::instructor.instructor.findOne',
] as const;

export async function ensurePublicCatalogAccess(strapi: Core.Strapi): Promise<void> {
  const publicRole = (await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' }, select: ['id'] })) as { id: number } | null;
  if (!publicRole) return;

  const permissionQuery = strapi.db.query('plugin::users-permissions.permission');
  const existing = (await permissionQuery.findMany({
    where: { role: { id: publicRole.id }, action: { $in: [...PUBLIC_READ_ACTIONS] } },
    select: ['action'],
  })) as Array<{ action: string }>;
  const have = new Set(existing.map((p) => p.action));
  for (const action of PUBLIC_READ_ACTIONS) {
    if (!have.has(action)) {
      await permissionQuery.create({ data: { action, role: publicRole.id } });
    }
  }
}
