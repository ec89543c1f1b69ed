import type { Core } from '@strapi/strapi';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { LEARNER_ACTIONS } from './permissions';
import { PLUGIN_ID } from './utils';

/**
 * Grants the learner routes to the Authenticated role, on every start and idempotently (a
 * permission an admin removed by hand comes back: the routes are useless to learners without it).
 */
async function grantLearnerActions(strapi: Core.Strapi): Promise<void> {
  const role = (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' }, select: ['id'] })) as { id: number } | null;
  if (!role) {
    strapi.log.warn(`${PLUGIN_ID}: no users-permissions "authenticated" role; learners cannot use the enrollment routes`);
    return;
  }
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const existing = (await permissions.findMany({ where: { role: { id: role.id }, action: { $in: [...LEARNER_ACTIONS] } }, select: ['action'] })) as Array<{ action: string }>;
  const have = new Set(existing.map((p) => p.action));
  for (const action of LEARNER_ACTIONS) {
    if (!have.has(action)) await permissions.create({ data: { action, role: role.id } });
  }
}

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantLearnerActions(strapi);
};
