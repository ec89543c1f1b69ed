import type { TestProject } from 'vitest/node';
import { startStack } from './stack';
import './integration-setup';

/** Boots Strapi and the built site once for the browser project. */
export default async function setup(project: TestProject) {
  const stack = await startStack({ label: 'lms_e2e', site: true });
  project.provide('cmsUrl', stack.cmsUrl);
  project.provide('siteUrl', stack.siteUrl ?? '');
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('redisPrefix', stack.redisPrefix);
  project.provide('seedPassword', stack.seedPassword);
  project.provide('adminEmail', stack.adminEmail);
  return async () => {
    await stack.stop();
  };
}
