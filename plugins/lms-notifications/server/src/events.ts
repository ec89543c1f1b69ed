/** The event lms-notifications produces (declaration merging on lms-core's payload map). */
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** users-permissions created an account (registration on the site, an admin, LTI provisioning). */
    'user.registered': { userId: number; registeredAt: string };
  }
}

export {};
