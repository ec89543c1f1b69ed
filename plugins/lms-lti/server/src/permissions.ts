/**
 * Admin permission actions of lms-lti. Super admins hold them; the Instructor role gets none
 * (platform registrations and secrets span every course).
 */
export const ACTIONS = {
  read: 'plugin::lms-lti.lti.read',
  manage: 'plugin::lms-lti.lti.manage',
} as const;

export const actionDefinitions = [
  { section: 'plugins' as const, displayName: 'See LTI registrations, links and grade passback', uid: 'lti.read', pluginName: 'lms-lti' as const },
  { section: 'plugins' as const, displayName: 'Manage LTI registrations, consumers, keys and retries', uid: 'lti.manage', pluginName: 'lms-lti' as const },
];
