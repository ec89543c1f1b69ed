/** The admin permission actions lms-live registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  manage: [{ action: 'plugin::lms-live.sessions.manage', subject: null }],
};
