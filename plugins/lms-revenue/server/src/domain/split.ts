import { type Money, divideRounded, money } from '@lms/plugin-lms-core/server';
import { PLATFORM_ACCOUNTS, assertInstructorId, instructorAccount } from './accounts';
import { type BasisPoints, FULL, formatBasisPoints } from './basis-points';
import { RevenueError } from './errors';
import { type LedgerTransaction, type Posting, assertBalanced, moneyField } from './ledger';
import {
  type FeeFormula,
  type FeeTreatment,
  type RevenueRules,
  type ShareSource,
  type VatPrices,
  own,
  resolveInstructorShare,
  resolveWeights,
  validateCoInstructorWeights,
} from './rules';
import { type WaterfallLine } from './waterfall';

const DAY_MS = 86_400_000;
const FULL_BIG = BigInt(FULL);

/** One sale as the revenue domain needs it; {@link saleFromPayment} builds it from the event. */
export interface SaleInput {
  /** Idempotency key of the sale's ledger transaction: `payment:<paymentId>`. */
  readonly reference: string;
  /** The course's documentId. */
  readonly courseId: string;
  /** The course's instructors when it was sold; used only when no co-instructor weights are set. */
  readonly courseInstructorIds: readonly string[];
  /** What the learner paid, tax included. */
  readonly gross: Money;
  /** Tax that checkout reported inside `gross`; zero when checkout computed none. */
  readonly tax: Money;
  /** The processor's fee from the charge's balance transaction; null when not known. */
  readonly fee: Money | null;
  readonly occurredAt: Date;
}

/** The fields of lms-enrollment's `payment.succeeded` payload that a split reads (same names and types). */
export interface PaymentSucceededFacts {
  readonly paymentId: number;
  readonly courseId: string;
  readonly gross: Money;
  readonly tax: Money;
  readonly fee: Money | null;
  readonly paidAt: string;
}

/** `payment.succeeded` payload + the course's instructors (from the course document) → sale. */
export function saleFromPayment(payment: PaymentSucceededFacts, courseInstructorIds: readonly string[]): SaleInput {
  const occurredAt = new Date(payment.paidAt);
  if (Number.isNaN(occurredAt.getTime())) throw new RevenueError('invalid-date', 'paidAt', `not a date: ${JSON.stringify(payment.paidAt)}`);
  return {
    reference: saleReference(payment.paymentId),
    courseId: payment.courseId,
    courseInstructorIds,
    gross: payment.gross,
    tax: payment.tax,
    fee: payment.fee,
    occurredAt,
  };
}

export const saleReference = (paymentId: number): string => `payment:${paymentId}`;

export type VatSource =
  /** the tax checkout reported (what the learner's receipt says) */
  | 'checkout'
  /** computed from the VAT rule of the sale's currency */
  | 'rule'
  /** no VAT: none reported and no rule for the currency */
  | 'none';

export type FeeSource =
  /** the charge's balance transaction */
  | 'stripe'
  /** the configured formula for the currency (an estimate) */
  | 'formula'
  /** unknown and no formula: counted as zero (see warnings) */
  | 'none';

export type SplitWarningCode = 'fee-unknown' | 'fee-in-other-currency' | 'fee-exceeds-net' | 'platform-loss' | 'no-instructors';

export interface SplitWarning {
  readonly code: SplitWarningCode;
  readonly message: string;
}

export interface InstructorShareLine {
  readonly instructorId: string;
  readonly weight: BasisPoints;
  readonly share: BasisPoints;
  readonly shareSource: ShareSource;
  readonly amount: Money;
  /** The exact amount before rounding down, as a fraction of minor units (decimal strings). */
  readonly exact: { readonly num: string; readonly den: string };
}

export interface SaleSplit {
  readonly transaction: LedgerTransaction;
  readonly gross: Money;
  readonly vat: {
    readonly amount: Money;
    readonly source: VatSource;
    readonly rate: BasisPoints | null;
    readonly prices: VatPrices | null;
  };
  readonly fee: {
    readonly amount: Money;
    readonly source: FeeSource;
    readonly treatment: FeeTreatment;
    readonly formula: FeeFormula | null;
    /** Stripe's fee as reported, also when it could not be used (other currency). */
    readonly reported: Money | null;
  };
  /** gross − VAT − fee: what instructors and platform get together (negative if the fee exceeded it). */
  readonly net: Money;
  /** The amount the shares are percentages of: after VAT, and after the fee when it is deducted first. */
  readonly base: Money;
  readonly weightsSource: 'course' | 'equal' | 'none';
  readonly instructors: readonly InstructorShareLine[];
  /** The platform's share of `base`, rounded down. */
  readonly platformShare: Money;
  /** Posted to `platform_revenue`: platformShare less the fee the platform bears. May be negative (see warnings). */
  readonly platform: Money;
  /** base − every rounded share, posted to `platform_rounding` (0 ≤ rounding < number of shares). */
  readonly rounding: Money;
  readonly holdingDays: number;
  readonly availableAt: Date;
  /** Ids of the rule changes this split used (the audit trail of "why this much"). */
  readonly rulesUsed: readonly number[];
  readonly warnings: readonly SplitWarning[];
  readonly waterfall: readonly WaterfallLine[];
}

/**
 * Splits one sale by the rules in force at its time (the caller passes `rulesInForceAt(history,
 * sale.occurredAt)`). Order, each step rounded once (docs/decisions: revenue arithmetic):
 *
 * 1. VAT: the tax checkout reported; else the currency's rule (inclusive: gross × r / (1 + r),
 *    half-up; exclusive: the VAT that was added to a net price, rounded on that price); else 0.
 * 2. Fee: Stripe's, when known in the sale's currency; else the currency's formula (rate of gross,
 *    half-up, + fixed); else 0 with a warning.
 * 3. base = gross − VAT, less the fee when it is deducted before the split.
 * 4. Each instructor: base × weight × share, rounded down; the platform: base × (1 − Σ weight ×
 *    share), rounded down; what the roundings left goes to `platform_rounding`.
 * 5. When the platform absorbs the fee, it comes off the platform's share (which may go negative).
 *
 * Returns a balanced transaction (−gross on `customer_payments`, the parts as positives; zero
 * lines left out) and the fee waterfall.
 */
export function splitSale(sale: SaleInput, rules: RevenueRules): SaleSplit {
  const gross = moneyField(sale.gross, 'gross');
  const currency = gross.currency;
  if (gross.amount < 0) throw new RevenueError('invalid-sale', 'gross', `a sale cannot be negative (${gross.amount}); refunds are reversals`);
  const tax = moneyField(sale.tax, 'tax');
  if (tax.currency !== currency) throw new RevenueError('currency-mismatch', 'tax', `tax in ${tax.currency} but the sale is in ${currency}`);
  if (tax.amount < 0 || tax.amount > gross.amount) {
    throw new RevenueError('invalid-sale', 'tax', `tax ${tax.amount} must be between 0 and the gross ${gross.amount}`);
  }
  const reportedFee = sale.fee === null ? null : moneyField(sale.fee, 'fee');
  if (reportedFee && reportedFee.amount < 0) throw new RevenueError('invalid-sale', 'fee', `a processing fee cannot be negative (${reportedFee.amount})`);
  if (Number.isNaN(sale.occurredAt.getTime())) throw new RevenueError('invalid-date', 'occurredAt', 'not a valid date');
  sale.courseInstructorIds.forEach((id, i) => assertInstructorId(id, `courseInstructorIds[${i}]`));

  const warnings: SplitWarning[] = [];
  const rulesUsed = new Set<number>();
  const used = (key: string) => {
    const id = own(rules.sources, key);
    if (id !== undefined) rulesUsed.add(id);
  };
  const G = BigInt(gross.amount);

  // 1. VAT
  let V: bigint;
  let vatSource: VatSource;
  const vatRule = own(rules.vat, currency) ?? null;
  if (tax.amount > 0) {
    V = BigInt(tax.amount);
    vatSource = 'checkout';
  } else if (vatRule && vatRule.rate > 0) {
    V = vatRule.prices === 'inclusive' ? vatOfInclusive(G, BigInt(vatRule.rate)) : vatOfExclusive(G, BigInt(vatRule.rate));
    vatSource = 'rule';
    used(`vat:${currency}`);
  } else {
    V = 0n;
    vatSource = 'none';
    if (vatRule) used(`vat:${currency}`);
  }

  // 2. Processing fee
  let F: bigint;
  let feeSource: FeeSource;
  const formula = own(rules.feeFormulas, currency) ?? null;
  const feeUsable = reportedFee !== null && reportedFee.currency === currency;
  if (reportedFee !== null && !feeUsable) {
    warnings.push({
      code: 'fee-in-other-currency',
      message: `Stripe reported its fee in ${reportedFee.currency} (the settlement currency) but the sale is in ${currency}; ${formula ? 'the fee formula was used instead' : 'no fee formula for ' + currency + ', counted as 0'}`,
    });
  }
  if (feeUsable) {
    F = BigInt(reportedFee.amount);
    feeSource = 'stripe';
  } else if (formula) {
    F = divideRounded(G * BigInt(formula.rate), FULL_BIG, 'half-up') + BigInt(formula.fixed);
    feeSource = 'formula';
    used(`fee-formula:${currency}`);
  } else {
    F = 0n;
    feeSource = 'none';
    if (reportedFee === null) {
      warnings.push({ code: 'fee-unknown', message: `Stripe's fee is not known and there is no fee formula for ${currency}: counted as 0` });
    }
  }
  used('fee-treatment');

  // 3. What the shares are taken of
  const afterVat = G - V;
  let base = rules.feeTreatment === 'deducted-before-split' ? afterVat - F : afterVat;
  let excess = 0n;
  if (base < 0n) {
    excess = -base;
    base = 0n;
    warnings.push({
      code: 'fee-exceeds-net',
      message: `the fee (${F}) exceeds what is left after VAT (${afterVat}); instructors get 0 and the platform bears the ${excess} beyond it`,
    });
  }

  // 4. Shares
  const resolved = resolveWeights(rules, sale.courseId, sale.courseInstructorIds);
  if (resolved.source === 'course') {
    validateCoInstructorWeights(resolved.weights, `rules.courseWeights.${sale.courseId}`);
    used(`course-weights:${sale.courseId}`);
  }
  if (resolved.source === 'none') {
    warnings.push({ code: 'no-instructors', message: `course ${sale.courseId} has no instructors: the instructors' share stays with the platform` });
  }
  const DEN = FULL_BIG * FULL_BIG;
  let weightedShares = 0n;
  let allocated = 0n;
  const instructors: InstructorShareLine[] = resolved.weights.map(({ instructorId, weight }) => {
    const { share, source, changeId } = resolveInstructorShare(rules, sale.courseId, instructorId);
    if (changeId !== null) rulesUsed.add(changeId);
    const factor = BigInt(weight) * BigInt(share);
    weightedShares += factor;
    const num = base * factor;
    const amount = num / DEN; // non-negative: truncation is rounding down
    allocated += amount;
    return {
      instructorId,
      weight,
      share,
      shareSource: source,
      amount: money(Number(amount), currency),
      exact: { num: String(num), den: String(DEN) },
    };
  });
  const platformShare = (base * (DEN - weightedShares)) / DEN;
  const rounding = base - allocated - platformShare;
  const platform = platformShare - (rules.feeTreatment === 'absorbed-by-platform' ? F : 0n) - excess;
  if (rules.feeTreatment === 'absorbed-by-platform' && platform < 0n) {
    warnings.push({
      code: 'platform-loss',
      message: `the fee (${F}) the platform absorbs exceeds its share (${platformShare}): the platform loses ${-platform} on this sale`,
    });
  }
  used('holding-days');

  // Postings
  const availableAt = new Date(sale.occurredAt.getTime() + rules.holdingDays * DAY_MS);
  const m = (v: bigint) => money(Number(v), currency);
  const postings: Posting[] = [];
  const post = (account: Posting['account'], amount: bigint, at: Date | null = null) => {
    if (amount !== 0n) postings.push({ account, amount: m(amount), availableAt: at });
  };
  post(PLATFORM_ACCOUNTS.customerPayments, -G);
  post(PLATFORM_ACCOUNTS.vatPayable, V);
  post(PLATFORM_ACCOUNTS.processingFees, F);
  post(PLATFORM_ACCOUNTS.platformRevenue, platform);
  post(PLATFORM_ACCOUNTS.platformRounding, rounding);
  for (const line of instructors) post(instructorAccount(line.instructorId), BigInt(line.amount.amount), availableAt);

  const transaction: LedgerTransaction = {
    kind: 'sale',
    reference: sale.reference,
    currency,
    occurredAt: sale.occurredAt,
    reverses: null,
    postings,
  };
  assertBalanced(transaction);

  const split = {
    transaction,
    gross,
    vat: { amount: m(V), source: vatSource, rate: vatRule?.rate ?? null, prices: vatRule?.prices ?? null },
    fee: { amount: m(F), source: feeSource, treatment: rules.feeTreatment, formula: feeSource === 'formula' ? formula : null, reported: reportedFee },
    net: m(afterVat - F),
    base: m(base),
    weightsSource: resolved.source,
    instructors,
    platformShare: m(platformShare),
    platform: m(platform),
    rounding: m(rounding),
    holdingDays: rules.holdingDays,
    availableAt,
    rulesUsed: [...rulesUsed].sort((a, b) => a - b),
    warnings,
  };
  return { ...split, waterfall: saleWaterfall(split) };
}

/** VAT inside a VAT-inclusive gross: gross × r / (10000 + r), half-up (one rounding). */
export function vatOfInclusive(gross: bigint, rate: bigint): bigint {
  return divideRounded(gross * rate, FULL_BIG + rate, 'half-up');
}

/**
 * VAT inside a gross that was built as net + VAT(net), with VAT(net) = net × r / 10000 half-up:
 * the largest net with net + VAT(net) ≤ gross, and VAT = gross − net. When no net price yields
 * this gross exactly, the odd unit counts as VAT (the tax authority is never short).
 */
export function vatOfExclusive(gross: bigint, rate: bigint): bigint {
  const onNet = (net: bigint) => net + divideRounded(net * rate, FULL_BIG, 'half-up');
  const lower = (gross * FULL_BIG) / (FULL_BIG + rate);
  const net = onNet(lower + 1n) === gross ? lower + 1n : lower;
  return gross - net;
}

type SplitWithoutWaterfall = Omit<SaleSplit, 'waterfall'>;

const SHARE_SOURCE_LABEL: Record<ShareSource, string> = {
  course: 'course override',
  instructor: "instructor's override",
  default: 'platform default',
};

function saleWaterfall(s: SplitWithoutWaterfall): WaterfallLine[] {
  const c = s.gross.currency;
  const lines: WaterfallLine[] = [{ step: 'gross', label: 'Paid by the learner', amount: s.gross, account: PLATFORM_ACCOUNTS.customerPayments }];
  const vatLabel =
    s.vat.source === 'checkout'
      ? 'VAT, as reported by checkout'
      : s.vat.source === 'rule'
        ? `VAT ${formatBasisPoints(s.vat.rate ?? 0)} (prices ${s.vat.prices === 'inclusive' ? 'include' : 'exclude'} VAT)`
        : 'VAT: none';
  lines.push({ step: 'vat', label: vatLabel, amount: money(-s.vat.amount.amount, c), account: PLATFORM_ACCOUNTS.vatPayable });
  const feeOrigin =
    s.fee.source === 'stripe'
      ? "from Stripe's balance transaction"
      : s.fee.source === 'formula' && s.fee.formula
        ? `estimated: ${formatBasisPoints(s.fee.formula.rate)} + ${s.fee.formula.fixed} minor units`
        : 'unknown, counted as 0';
  const deducted = s.fee.treatment === 'deducted-before-split';
  if (deducted) {
    lines.push({ step: 'fee', label: `Processing fee, ${feeOrigin}`, amount: money(-s.fee.amount.amount, c), account: PLATFORM_ACCOUNTS.processingFees });
  }
  lines.push({ step: 'base', label: deducted ? 'To share (after VAT and fee)' : 'To share (after VAT)', amount: s.base, account: null });
  for (const line of s.instructors) {
    lines.push({
      step: 'instructor',
      label: `Instructor ${line.instructorId}: ${formatBasisPoints(line.weight)} weight × ${formatBasisPoints(line.share)} share (${SHARE_SOURCE_LABEL[line.shareSource]})`,
      amount: line.amount,
      account: instructorAccount(line.instructorId),
    });
  }
  lines.push({ step: 'platform', label: 'Platform share', amount: s.platformShare, account: PLATFORM_ACCOUNTS.platformRevenue });
  if (!deducted) {
    lines.push({
      step: 'fee',
      label: `Processing fee, ${feeOrigin}, absorbed by the platform`,
      amount: money(-s.fee.amount.amount, c),
      account: PLATFORM_ACCOUNTS.processingFees,
    });
  }
  const excess = s.platformShare.amount - s.platform.amount - (deducted ? 0 : s.fee.amount.amount);
  if (excess !== 0) {
    lines.push({ step: 'fee', label: 'Fee beyond what was left after VAT, borne by the platform', amount: money(-excess, c), account: PLATFORM_ACCOUNTS.platformRevenue });
  }
  lines.push({ step: 'rounding', label: 'Rounding remainder (sub-cent parts of the shares)', amount: s.rounding, account: PLATFORM_ACCOUNTS.platformRounding });
  return lines;
}
