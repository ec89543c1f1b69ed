/** Events lms-lti emits, added to lms-core's payload map. */
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** A grade is due at a platform (one lms_lti_passbacks row); its consumer sends it, with retries. */
    'lti.passback-queued': { passbackId: number };
  }
}

export {};
