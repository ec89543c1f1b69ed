/**
 * Folding ledger entries (lms-revenue's append-only double-entry ledger) into the revenue
 * summaries. Sign as in the ledger: an amount is what the account receives; a sale posts −gross
 * to `customer_payments`, so gross is the negated amount on that account.
 */
export interface LedgerEntryFact {
  kind: string;
  account: string;
  instructorId: string | null;
  courseId: string | null;
  currency: string;
  month: string;
  amount: number;
}

export interface RevenueMonthDelta {
  courseId: string;
  currency: string;
  month: string;
  sales: number;
  gross: number;
  returned: number;
  vat: number;
  fees: number;
  platform: number;
  instructors: number;
}

export interface InstructorMonthDelta {
  instructorId: string;
  currency: string;
  month: string;
  earned: number;
}

export interface LiabilityDelta {
  instructorId: string;
  currency: string;
  owed: number;
}

export interface LedgerFold {
  months: RevenueMonthDelta[];
  instructorMonths: InstructorMonthDelta[];
  liabilities: LiabilityDelta[];
}

const REVERSAL_KINDS = new Set(['refund', 'chargeback']);

/** `instructor:<id>` earnings, `instructor:<id>:requested`, `payouts:<id>` paid, or a platform account. */
function accountClass(e: LedgerEntryFact): 'earnings' | 'requested' | 'paid' | string {
  if (e.instructorId === null) return e.account;
  if (e.account.endsWith(':requested')) return 'requested';
  if (e.account.startsWith('payouts:')) return 'paid';
  return 'earnings';
}

/**
 * Sums entries into per-(course, currency, month) revenue, per-(instructor, currency, month)
 * earnings and per-(instructor, currency) liabilities (what the platform owes: earned, not yet
 * paid = the instructor's earnings and requested accounts). `sales` counts sale transactions by
 * their `customer_payments` line (one per sale). Deltas add onto the stored summaries.
 */
export function foldLedgerEntries(entries: readonly LedgerEntryFact[]): LedgerFold {
  const months = new Map<string, RevenueMonthDelta>();
  const instructorMonths = new Map<string, InstructorMonthDelta>();
  const liabilities = new Map<string, LiabilityDelta>();
  for (const e of entries) {
    const cls = accountClass(e);
    if (e.kind === 'sale' || REVERSAL_KINDS.has(e.kind)) {
      const key = `${e.courseId ?? ''}\u0000${e.currency}\u0000${e.month}`;
      let m = months.get(key);
      if (!m) {
        m = { courseId: e.courseId ?? '', currency: e.currency, month: e.month, sales: 0, gross: 0, returned: 0, vat: 0, fees: 0, platform: 0, instructors: 0 };
        months.set(key, m);
      }
      switch (cls) {
        case 'customer_payments':
          if (e.kind === 'sale') {
            m.gross -= e.amount;
            m.sales += 1;
          } else m.returned += e.amount;
          break;
        case 'vat_payable':
          m.vat += e.amount;
          break;
        case 'processing_fees':
          m.fees += e.amount;
          break;
        case 'platform_revenue':
        case 'platform_rounding':
          m.platform += e.amount;
          break;
        case 'earnings':
          m.instructors += e.amount;
          break;
        default:
          break;
      }
      if (cls === 'earnings' && e.instructorId) {
        const ik = `${e.instructorId}\u0000${e.currency}\u0000${e.month}`;
        const im = instructorMonths.get(ik) ?? { instructorId: e.instructorId, currency: e.currency, month: e.month, earned: 0 };
        im.earned += e.amount;
        instructorMonths.set(ik, im);
      }
    }
    if (e.instructorId && (cls === 'earnings' || cls === 'requested')) {
      const lk = `${e.instructorId}\u0000${e.currency}`;
      const l = liabilities.get(lk) ?? { instructorId: e.instructorId, currency: e.currency, owed: 0 };
      l.owed += e.amount;
      liabilities.set(lk, l);
    }
  }
  return { months: [...months.values()], instructorMonths: [...instructorMonths.values()], liabilities: [...liabilities.values()] };
}
