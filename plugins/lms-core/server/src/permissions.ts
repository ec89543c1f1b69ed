/** Admin permission actions of lms-core, registered in register() and checked by the admin routes. */
export const ACTIONS = {
  readJobs: 'plugin::lms-core.jobs.read',
  retryJobs: 'plugin::lms-core.jobs.retry',
  readErasures: 'plugin::lms-core.privacy.read',
  completeErasures: 'plugin::lms-core.privacy.erase',
} as const;

export const actionDefinitions = [
  { section: 'plugins', displayName: 'See failed jobs', uid: 'jobs.read', pluginName: 'lms-core' },
  { section: 'plugins', displayName: 'Retry failed jobs', uid: 'jobs.retry', pluginName: 'lms-core' },
  { section: 'plugins', displayName: 'See erasure requests', uid: 'privacy.read', pluginName: 'lms-core' },
  { section: 'plugins', displayName: 'Complete erasure requests', uid: 'privacy.erase', pluginName: 'lms-core' },
];
