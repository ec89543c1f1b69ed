import type { Money } from '@lms/plugin-lms-core/server';

// lms-payouts' domain events (declaration merging on lms-core's payload map).
/** What lms-notifications reads (instructorId: the instructor profile's documentId). */
export interface PayoutEventPayload {
  payoutId: string;
  instructorId: string;
  method: 'stripe' | 'bank';
  amount: Money;
  reference: string | null;
  reason: string | null;
}

declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** An admin approved a payout: for method stripe the transfer consumer sends it. `reason`: the admin's note. */
    'payout.approved': PayoutEventPayload;
    /** The money reached the instructor (Stripe transfer, or a bank payment marked paid with its reference). */
    'payout.paid': PayoutEventPayload;
    /** An admin rejected the request (`reason`: their note); the money is available again. */
    'payout.rejected': PayoutEventPayload;
  }
}

export {};
