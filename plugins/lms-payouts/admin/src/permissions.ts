/** The admin permission actions lms-payouts registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  manage: [{ action: 'plugin::lms-payouts.payouts.manage', subject: null }],
  request: [{ action: 'plugin::lms-payouts.payouts.request', subject: null }],
};
