/**
 * Events the certificates concern emits besides `certificate.issued` (declared by lms-core, as
 * other plugins consume it). Ids as everywhere: `learnerId` the users-permissions user id,
 * `courseId` the course documentId, `certificateId` the lms_certificates row.
 */
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** An admin revoked a certificate; verification says "revoked" from now on. The reason stays private. */
    'certificate.revoked': {
      certificateId: number;
      learnerId: number;
      courseId: string;
      verificationCode: string;
      revokedAt: string;
    };
  }
}

export {};
