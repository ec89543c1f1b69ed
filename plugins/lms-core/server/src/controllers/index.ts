import { createFailedJobsController } from './failed-jobs';

export const controllers = {
  'failed-jobs': createFailedJobsController,
};
