/**
 * Admin permission actions of lms-live. Super admins hold them; the Instructor role gets
 * `sessions.manage` (cms/src/bootstrap/instructor-role.ts) and every route narrows to the
 * instructor's own courses. Running the reminder sweep by hand is for admins.
 */
export const ACTIONS = {
  manage: 'plugin::lms-live.sessions.manage',
  reminders: 'plugin::lms-live.reminders.run',
} as const;

export const actionDefinitions = [
  { section: 'plugins', displayName: 'Schedule live sessions of own courses and mark attendance', uid: 'sessions.manage', pluginName: 'lms-live' },
  { section: 'plugins', displayName: 'Send due live-session reminders now', uid: 'reminders.run', pluginName: 'lms-live' },
];

/** users-permissions actions of the learner routes, granted to Authenticated in bootstrap. */
export const LEARNER_ACTIONS = [
  'plugin::lms-live.learner.courseSessions',
  'plugin::lms-live.learner.mySessions',
  'plugin::lms-live.learner.session',
  'plugin::lms-live.learner.reserve',
  'plugin::lms-live.learner.cancel',
  'plugin::lms-live.learner.ics',
  'plugin::lms-live.learner.join',
  'plugin::lms-live.learner.timeZone',
  'plugin::lms-live.learner.setTimeZone',
] as const;
