/** The admin permission actions lms-core registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  readJobs: [{ action: 'plugin::lms-core.jobs.read', subject: null }],
  retryJobs: [{ action: 'plugin::lms-core.jobs.retry', subject: null }],
  readErasures: [{ action: 'plugin::lms-core.privacy.read', subject: null }],
  completeErasures: [{ action: 'plugin::lms-core.privacy.erase', subject: null }],
};
