import { createFailedJobsController } from './failed-jobs';
import { createPrivacyAdminController, createPrivacyLearnerController } from './privacy';

export const controllers = {
  'failed-jobs': createFailedJobsController,
  privacy: createPrivacyLearnerController,
  'privacy-admin': createPrivacyAdminController,
};
