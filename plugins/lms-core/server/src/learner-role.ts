import type { Core } from '@strapi/strapi';

/**
 * Grants a plugin's learner routes to the users-permissions Authenticated role, on every start and
 * idempotently (a permission an admin removed by hand comes back: the routes are useless to
 * learners without it). Public gets none of them.
 */
export async function grantAuthenticatedActions(strapi: Core.Strapi, pluginId: string, actions: readonly string[]): Promise<void> {
  const role = (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' }, select: ['id'] })) as { id: number } | null;
  if (!role) {
    strapi.log.warn(`${pluginId}: no users-permissions "authenticated" role; learners cannot use its routes`);
    return;
  }
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const existing = (await permissions.findMany({ where: { role: { id: role.id }, action: { $in: [...actions] } }, select: ['action'] })) as Array<{ action: string }>;
  const have = new Set(existing.map((p) => p.action));
  for (const action of actions) {
    if (!have.has(action)) await permissions.create({ data: { action, role: role.id } });
  }
}
