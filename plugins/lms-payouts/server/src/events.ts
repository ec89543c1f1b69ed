// lms-payouts' domain events (declaration merging on lms-core's payload map).
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** An admin approved a Stripe payout: the transfer consumer sends it. */
    'payout.approved': { payoutId: string; instructorId: string; method: 'stripe' };
  }
}

export {};
