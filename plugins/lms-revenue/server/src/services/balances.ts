import type { Core } from '@strapi/strapi';
import type { InstructorBalance } from '../domain';
import type { BalanceView } from '../contracts';
import { instructorNames } from '../adapters/strapi';
import { getService } from '../utils';

/** Instructor balances as the admin API shows them: derived from the ledger, named from content. */
export const createBalancesService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(now: Date, filter: { instructorId?: string } = {}): Promise<BalanceView[]> {
    const balances = await getService(strapi, 'ledger').balances(now, filter);
    const names = await instructorNames(strapi, [...new Set(balances.map((b) => b.instructorId))]);
    return balances.map((b: InstructorBalance) => ({
      instructor: { id: b.instructorId, name: names.get(b.instructorId) ?? null },
      currency: b.currency,
      pending: b.pending,
      available: b.available,
      carriedForward: b.carriedForward,
      requested: b.requested,
      paid: b.paid,
    }));
  },
});

export type BalancesService = ReturnType<typeof createBalancesService>;
