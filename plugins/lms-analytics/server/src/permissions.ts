/**
 * Admin permission actions of lms-analytics. Super admins hold both; the Instructor role gets
 * `analytics.read-own` (cms/src/bootstrap/instructor-role.ts) and sees only the courses it teaches.
 */
export const ACTIONS = {
  readOwn: 'plugin::lms-analytics.analytics.read-own',
  readAll: 'plugin::lms-analytics.analytics.read-all',
} as const;

export const actionDefinitions = [
  { section: 'plugins', displayName: 'See analytics of the courses they teach', uid: 'analytics.read-own', pluginName: 'lms-analytics' },
  { section: 'plugins', displayName: 'See analytics of every course and instructor, and the platform dashboard', uid: 'analytics.read-all', pluginName: 'lms-analytics' },
];

/** Content API actions granted to the users-permissions Authenticated role (bootstrap). */
export const LEARNER_ACTIONS = ['plugin::lms-analytics.learner.me'];
