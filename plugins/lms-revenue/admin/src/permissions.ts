/** The admin permission actions lms-revenue registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  read: [{ action: 'plugin::lms-revenue.revenue.read', subject: null }],
  manage: [{ action: 'plugin::lms-revenue.revenue.manage', subject: null }],
};
