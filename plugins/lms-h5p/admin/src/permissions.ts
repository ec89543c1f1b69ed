/** The admin permission action lms-h5p registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  manage: [{ action: 'plugin::lms-h5p.packages.manage', subject: null }],
};
