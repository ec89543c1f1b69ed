/** The admin permission actions lms-lti registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  read: [{ action: 'plugin::lms-lti.lti.read', subject: null }],
  manage: [{ action: 'plugin::lms-lti.lti.manage', subject: null }],
};
