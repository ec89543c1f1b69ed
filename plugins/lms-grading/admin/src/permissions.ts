/** The admin permission actions lms-grading registers on the server (server/src/permissions.ts). */
export const PERMISSIONS = {
  read: [{ action: 'plugin::lms-grading.grading.read', subject: null }],
  grade: [{ action: 'plugin::lms-grading.grading.grade', subject: null }],
  manageCertificates: [{ action: 'plugin::lms-grading.certificates.manage', subject: null }],
};
