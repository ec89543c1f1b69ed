/** The admin permission actions lms-enrollment registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  read: [{ action: 'plugin::lms-enrollment.enrollments.read', subject: null }],
  manage: [{ action: 'plugin::lms-enrollment.enrollments.manage', subject: null }],
};
