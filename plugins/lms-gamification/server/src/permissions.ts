/** Admin permission actions of lms-gamification (super admins hold them; instructors do not). */
export const ACTIONS = {
  read: 'plugin::lms-gamification.settings.read',
  manage: 'plugin::lms-gamification.settings.manage',
} as const;

export const actionDefinitions = [
  { section: 'plugins', displayName: 'See point rules, badges, levels and learners\' point history', uid: 'settings.read', pluginName: 'lms-gamification' },
  { section: 'plugins', displayName: 'Change point rules, badges and levels; rebuild leaderboards', uid: 'settings.manage', pluginName: 'lms-gamification' },
];

/** users-permissions actions of the learner routes, granted to Authenticated in bootstrap. */
export const LEARNER_ACTIONS = [
  'plugin::lms-gamification.learner.me',
  'plugin::lms-gamification.learner.history',
  'plugin::lms-gamification.learner.learnerHistory',
  'plugin::lms-gamification.learner.leaderboard',
  'plugin::lms-gamification.learner.updatePreferences',
  'plugin::lms-gamification.learner.markBadgesSeen',
] as const;
