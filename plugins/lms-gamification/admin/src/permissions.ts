/** The admin permission actions lms-gamification registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  read: [{ action: 'plugin::lms-gamification.settings.read', subject: null }],
  manage: [{ action: 'plugin::lms-gamification.settings.manage', subject: null }],
};
