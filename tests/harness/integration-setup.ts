import type { TestProject } from 'vitest/node';
import { startStack } from './stack';

declare module 'vitest' {
  export interface ProvidedContext {
    cmsUrl: string;
    siteUrl: string;
    databaseUrl: string;
    redisPrefix: string;
    seedPassword: string;
    adminEmail: string;
  }
}

/** Boots Strapi once for the integration project and hands its URLs to the test files. */
export default async function setup(project: TestProject) {
  const stack = await startStack({ label: 'lms_int' });
  project.provide('cmsUrl', stack.cmsUrl);
  project.provide('siteUrl', '');
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('redisPrefix', stack.redisPrefix);
  project.provide('seedPassword', stack.seedPassword);
  project.provide('adminEmail', stack.adminEmail);
  return async () => {
    await stack.stop();
  };
}
