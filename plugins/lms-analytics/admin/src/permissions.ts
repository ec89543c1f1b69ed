/** The admin permission actions lms-analytics registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  readOwn: [{ action: 'plugin::lms-analytics.analytics.read-own', subject: null }],
  readAll: [{ action: 'plugin::lms-analytics.analytics.read-all', subject: null }],
};
