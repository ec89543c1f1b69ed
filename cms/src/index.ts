import type { Core } from '@strapi/strapi';
import { registerCoursePricingGuard } from './bootstrap/course-pricing-guard';
import { registerCatalogCacheInvalidation } from './bootstrap/catalog-cache';
import { ensurePublicCatalogAccess } from './bootstrap/public-access';
import { ensureInstructorRole } from './bootstrap/instructor-role';
import { configureLearnerAccounts } from './bootstrap/learner-accounts';
import { lmsConfig } from './lms-config';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerCoursePricingGuard(strapi);
    registerCatalogCacheInvalidation(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // Platform set-up that must hold on every start, not only in the demo seed:
    // what anonymous visitors may read, and what the Instructor admin role may do.
    await ensurePublicCatalogAccess(strapi);
    await ensureInstructorRole(strapi);
    // Where password reset links lead (the site) and who emails come from.
    await configureLearnerAccounts(strapi, lmsConfig());
  },
};
