import type { Core } from '@strapi/strapi';
import { EXPORT_JOB } from '../services/privacy';
import { getService } from '../utils';
import { usersPermissionsProvider, corePrivacyProvider } from './core-provider';

/** lms-core's part of data rights: the export job and the providers for the account and the kernel's tables. */
export function registerPrivacy(strapi: Core.Strapi): void {
  getService(strapi, 'events').defineJob<{ exportId: number }>(EXPORT_JOB, async (data) => {
    await getService(strapi, 'privacy').buildExport(Number(data.exportId));
  });
  const privacy = getService(strapi, 'privacy');
  privacy.registerProvider(usersPermissionsProvider);
  privacy.registerProvider(corePrivacyProvider);
}
