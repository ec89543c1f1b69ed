import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { CurrencyCode, Money } from '@lms/plugin-lms-core/server';

/**
 * lms-payouts' typed view of what it uses outside itself: lms-revenue's ledger (balances and the
 * payout steps, the money rules live there), lms-enrollment's clock and the instructor profiles.
 * The one place with untyped Strapi calls.
 */

export interface InstructorBalance {
  instructorId: string;
  currency: CurrencyCode;
  pending: Money;
  available: Money;
  carriedForward: Money;
  requested: Money;
  paid: Money;
}

export type PayoutRequestDecision =
  | { ok: true; amount: Money }
  | { ok: false; code: 'open-request-exists' | 'below-minimum' | 'exceeds-available' | 'nothing-available' | 'invalid-amount' | 'currency-mismatch'; field: 'amount' | ''; message: string };

export interface LedgerPort {
  balances(now: Date, filter?: { instructorId?: string }, trx?: Knex.Transaction): Promise<InstructorBalance[]>;
  payoutStep(
    trx: Knex.Transaction,
    input:
      | {
          step: 'request';
          payoutId: string;
          instructorId: string;
          currency: CurrencyCode;
          amount?: Money;
          minimum: Money;
          openRequests: ReadonlyArray<{ payoutId: string; status: 'requested' | 'approved' | 'paid' | 'rejected' | 'failed'; amount: Money }>;
          now: Date;
        }
      | { step: 'paid' | 'released' | 'returned'; payoutId: string; instructorId: string; amount: Money; now: Date },
  ): Promise<{ decision: PayoutRequestDecision; balance: InstructorBalance | null; posted: boolean }>;
}

/** lms-revenue's ledger service. */
export function ledgerOf(strapi: Core.Strapi): LedgerPort {
  return strapi.plugin('lms-revenue').service('ledger') as LedgerPort;
}

/** lms-enrollment's clock: one "now" across the LMS plugins (`x-lms-test-now` in integration tests). */
export function clockOf(strapi: Core.Strapi): { now(): Date } {
  return strapi.plugin('lms-enrollment').service('clock') as { now(): Date };
}

/** The instructor profile (documentId) linked to an admin user, or null. */
export async function instructorOfAdminUser(strapi: Core.Strapi, adminUserId: number): Promise<{ documentId: string; name: string } | null> {
  const row = (await strapi.db.query('api::instructor.instructor').findOne({
    where: { adminUser: { id: adminUserId } },
    select: ['documentId', 'name'],
  })) as { documentId: string; name: string } | null;
  return row ? { documentId: row.documentId, name: row.name } : null;
}

/** Instructor names by documentId (for lists). */
export async function instructorNames(strapi: Core.Strapi, documentIds: readonly string[]): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = (await strapi.db.query('api::instructor.instructor').findMany({
    where: { documentId: { $in: [...documentIds] } },
    select: ['documentId', 'name'],
  })) as Array<{ documentId: string; name: string }>;
  return new Map(rows.map((r) => [r.documentId, r.name]));
}
