import { type CurrencyCode, isCurrency } from '@lms/plugin-lms-core/server';
import { assertInstructorId } from './accounts';
import { type BasisPoints, FULL, formatBasisPoints, isBasisPoints } from './basis-points';
import { RevenueError } from './errors';

/**
 * Revenue rules are an append-only history of single changes, each effective from an instant.
 * A sale is split with {@link rulesInForceAt} its own time, so a later change (or a scheduled one
 * that starts later) never alters a past sale. One change sets one thing, so the history is the
 * audit log: who changed what, when, effective when (the service stores `recordedBy` and a note).
 */

export type FeeTreatment =
  /** The processing fee comes off the top; instructors and platform share what is left. */
  | 'deducted-before-split'
  /** Instructors' shares are computed before the fee; the platform pays the fee from its share. */
  | 'absorbed-by-platform';

export type VatPrices =
  /** Course prices include VAT: VAT = gross × rate / (100 % + rate), rounded once. */
  | 'inclusive'
  /** Prices exclude VAT and checkout adds it: VAT was rounded on the net price. */
  | 'exclusive';

export interface VatRule {
  readonly rate: BasisPoints;
  readonly prices: VatPrices;
}

/** Fee estimate when the processor's real fee is unknown: `rate` of gross + `fixed` minor units. */
export interface FeeFormula {
  readonly rate: BasisPoints;
  readonly fixed: number;
}

export interface CoInstructorWeight {
  readonly instructorId: string;
  readonly weight: BasisPoints;
}

export type RuleChange =
  | { readonly kind: 'default-share'; readonly instructorShare: BasisPoints }
  /** `null` removes the override. */
  | { readonly kind: 'instructor-share'; readonly instructorId: string; readonly instructorShare: BasisPoints | null }
  | { readonly kind: 'course-share'; readonly courseId: string; readonly instructorShare: BasisPoints | null }
  /** Weights must add up to exactly 100 %; `null` returns to equal weights of the course's instructors. */
  | { readonly kind: 'course-weights'; readonly courseId: string; readonly weights: readonly CoInstructorWeight[] | null }
  /** `null`: no VAT in this currency. */
  | { readonly kind: 'vat'; readonly currency: CurrencyCode; readonly vat: VatRule | null }
  | { readonly kind: 'fee-treatment'; readonly treatment: FeeTreatment }
  | { readonly kind: 'fee-formula'; readonly currency: CurrencyCode; readonly formula: FeeFormula | null }
  | { readonly kind: 'holding-days'; readonly days: number };

export type RuleKind = RuleChange['kind'];

/** A stored change: the table row's id breaks ties between changes effective at the same instant. */
export type RuleRecord = RuleChange & {
  readonly id: number;
  readonly effectiveFrom: Date;
  readonly recordedAt: Date;
};

/** The rules in force at one instant, flattened. Records are keyed by id / course id / currency. */
export interface RevenueRules {
  readonly defaultInstructorShare: BasisPoints;
  readonly instructorShares: Readonly<Record<string, BasisPoints>>;
  readonly courseShares: Readonly<Record<string, BasisPoints>>;
  readonly courseWeights: Readonly<Record<string, readonly CoInstructorWeight[]>>;
  readonly vat: Readonly<Record<CurrencyCode, VatRule>>;
  readonly feeTreatment: FeeTreatment;
  readonly feeFormulas: Readonly<Record<CurrencyCode, FeeFormula>>;
  readonly holdingDays: number;
  /** {@link ruleKey} → id of the change that set it; absent = the built-in default. */
  readonly sources: Readonly<Record<string, number>>;
}

export const DEFAULT_HOLDING_DAYS = 30;
export const MAX_HOLDING_DAYS = 3650;

/**
 * Before any admin has set anything: instructors get 70 %, no VAT, fees come off the top and are
 * unknown until Stripe reports them, earnings are held 30 days.
 */
export const DEFAULT_RULES: RevenueRules = Object.freeze({
  defaultInstructorShare: 7000,
  instructorShares: {},
  courseShares: {},
  courseWeights: {},
  vat: {},
  feeTreatment: 'deducted-before-split',
  feeFormulas: {},
  holdingDays: DEFAULT_HOLDING_DAYS,
  sources: {},
});

export const RULE_KINDS: readonly RuleKind[] = [
  'default-share',
  'instructor-share',
  'course-share',
  'course-weights',
  'vat',
  'fee-treatment',
  'fee-formula',
  'holding-days',
];

/** What a change sets: changes with the same key replace each other. */
export function ruleKey(change: RuleChange): string {
  switch (change.kind) {
    case 'instructor-share':
      return `instructor-share:${change.instructorId}`;
    case 'course-share':
    case 'course-weights':
      return `${change.kind}:${change.courseId}`;
    case 'vat':
    case 'fee-formula':
      return `${change.kind}:${change.currency}`;
    default:
      return change.kind;
  }
}

/** A change takes effect at its effective time, but never before it was recorded. */
export function ruleStart(record: Pick<RuleRecord, 'effectiveFrom' | 'recordedAt'>): number {
  return Math.max(record.effectiveFrom.getTime(), record.recordedAt.getTime());
}

export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

/**
 * The rules in force at `at`: for every {@link ruleKey}, the change with the latest start
 * (`max(effectiveFrom, recordedAt)`) not after `at`; ties go to the higher id (recorded later).
 * Changes recorded after `at` are ignored even if back-dated, so what a sale was split with can
 * always be reproduced from the history, whatever is added to it later.
 */
export function rulesInForceAt(history: readonly RuleRecord[], at: Date): RevenueRules {
  const time = at.getTime();
  if (Number.isNaN(time)) throw new RevenueError('invalid-date', 'at', 'not a valid date');
  const latest = new Map<string, RuleRecord>();
  for (const record of history) {
    const start = ruleStart(record);
    if (start > time) continue;
    const key = ruleKey(record);
    const current = latest.get(key);
    if (!current) {
      latest.set(key, record);
      continue;
    }
    const currentStart = ruleStart(current);
    if (start > currentStart || (start === currentStart && record.id > current.id)) latest.set(key, record);
  }
  // Built in place (one pass over the winners): this runs once per sale on the posting path.
  const instructorShares: Record<string, BasisPoints> = {};
  const courseShares: Record<string, BasisPoints> = {};
  const courseWeights: Record<string, readonly CoInstructorWeight[]> = {};
  const vat: Record<CurrencyCode, VatRule> = {};
  const feeFormulas: Record<CurrencyCode, FeeFormula> = {};
  const sources: Record<string, number> = {};
  let { defaultInstructorShare, feeTreatment, holdingDays } = DEFAULT_RULES;
  for (const [key, r] of latest) {
    sources[key] = r.id;
    switch (r.kind) {
      case 'default-share':
        defaultInstructorShare = r.instructorShare;
        break;
      case 'instructor-share':
        if (r.instructorShare !== null) instructorShares[r.instructorId] = r.instructorShare;
        break;
      case 'course-share':
        if (r.instructorShare !== null) courseShares[r.courseId] = r.instructorShare;
        break;
      case 'course-weights':
        if (r.weights !== null) courseWeights[r.courseId] = r.weights;
        break;
      case 'vat':
        if (r.vat !== null) vat[r.currency] = r.vat;
        break;
      case 'fee-treatment':
        feeTreatment = r.treatment;
        break;
      case 'fee-formula':
        if (r.formula !== null) feeFormulas[r.currency] = r.formula;
        break;
      case 'holding-days':
        holdingDays = r.days;
        break;
      default: {
        const never: never = r;
        throw new RevenueError('invalid-rule', 'kind', `unknown rule kind ${JSON.stringify((never as { kind: unknown }).kind)}`);
      }
    }
  }
  return { defaultInstructorShare, instructorShares, courseShares, courseWeights, vat, feeTreatment, feeFormulas, holdingDays, sources };
}

// ---------------------------------------------------------------------------------------------
// Validation of what an admin submits (the controller passes the request body as it is).

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function share(value: unknown, field: string): BasisPoints {
  if (!isBasisPoints(value)) {
    throw new RevenueError('invalid-share', field, `must be an integer number of basis points from 0 to 10000 (70 % = 7000); got ${JSON.stringify(value)}`);
  }
  return value;
}

const COURSE_ID = /^[A-Za-z0-9_-]{1,64}$/;
function courseId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !COURSE_ID.test(value)) {
    throw new RevenueError('invalid-course-id', field, `course id ${JSON.stringify(value)} must be 1–64 letters, digits, "_" or "-" (the course's documentId)`);
  }
  return value;
}

function currency(value: unknown, field: string, code: 'invalid-vat' | 'invalid-fee-formula'): CurrencyCode {
  if (!isCurrency(value)) {
    throw new RevenueError(code, field, `${JSON.stringify(value)} is not an ISO 4217 currency code such as ZAR, USD or EUR`);
  }
  return value;
}

/**
 * Co-instructor weights of a course: at least one instructor, each once, each weight from 0.01 %
 * to 100 %, and together exactly 100 %. Every problem has its own code so the admin form can
 * point at it.
 */
export function validateCoInstructorWeights(value: unknown, field = 'weights'): CoInstructorWeight[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RevenueError('weights-empty', field, 'list at least one instructor with a weight');
  }
  const seen = new Set<string>();
  let total = 0;
  const weights = value.map((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isObj(item)) throw new RevenueError('weight-out-of-range', at, 'must be { instructorId, weight }');
    const instructorId = assertInstructorId(item.instructorId, `${at}.instructorId`);
    if (seen.has(instructorId)) {
      throw new RevenueError('duplicate-instructor', `${at}.instructorId`, `instructor ${instructorId} is listed twice; give each co-instructor one weight`);
    }
    seen.add(instructorId);
    const weight = item.weight;
    if (!isBasisPoints(weight) || weight === 0) {
      throw new RevenueError(
        'weight-out-of-range',
        `${at}.weight`,
        `must be an integer from 1 to 10000 basis points (0.01 % to 100 %); got ${JSON.stringify(weight)}`,
      );
    }
    total += weight;
    return Object.freeze({ instructorId, weight });
  });
  if (total !== FULL) {
    throw new RevenueError(
      'weights-not-100-percent',
      field,
      `weights add up to ${formatBasisPoints(total)}; they must add up to exactly 100.00% (10000 basis points)`,
    );
  }
  return weights;
}

function vatRule(value: unknown, field: string): VatRule | null {
  if (value === null) return null;
  if (!isObj(value)) throw new RevenueError('invalid-vat', field, 'must be { rate, prices } or null for no VAT');
  if (!isBasisPoints(value.rate)) {
    throw new RevenueError('invalid-vat', `${field}.rate`, `must be an integer number of basis points from 0 to 10000 (15 % = 1500); got ${JSON.stringify(value.rate)}`);
  }
  if (value.prices !== 'inclusive' && value.prices !== 'exclusive') {
    throw new RevenueError('invalid-vat', `${field}.prices`, `must be "inclusive" or "exclusive"; got ${JSON.stringify(value.prices)}`);
  }
  return { rate: value.rate, prices: value.prices };
}

function feeFormula(value: unknown, field: string): FeeFormula | null {
  if (value === null) return null;
  if (!isObj(value)) throw new RevenueError('invalid-fee-formula', field, 'must be { rate, fixed } or null');
  if (!isBasisPoints(value.rate)) {
    throw new RevenueError('invalid-fee-formula', `${field}.rate`, `must be an integer number of basis points from 0 to 10000 (2.9 % = 290); got ${JSON.stringify(value.rate)}`);
  }
  if (typeof value.fixed !== 'number' || !Number.isSafeInteger(value.fixed) || value.fixed < 0) {
    throw new RevenueError('invalid-fee-formula', `${field}.fixed`, `must be a non-negative integer in minor units (30 = 0.30); got ${JSON.stringify(value.fixed)}`);
  }
  return { rate: value.rate, fixed: value.fixed };
}

function date(value: unknown, field: string): Date {
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) throw new RevenueError('invalid-date', field, `must be an ISO 8601 date-time; got ${JSON.stringify(value)}`);
  return d;
}

export interface ValidRuleChange {
  readonly change: RuleChange;
  readonly effectiveFrom: Date;
}

/**
 * Validates one rule change as submitted: `{ kind, effectiveFrom?, ...fields }` (shapes as in
 * {@link RuleChange}). `effectiveFrom` defaults to `now` and may not be earlier: sales already
 * made keep the rules they were made under, so a back-dated change would be a lie in the history.
 */
export function parseRuleChange(input: unknown, now: Date): ValidRuleChange {
  if (!isObj(input)) throw new RevenueError('invalid-rule', '', 'expected an object { kind, effectiveFrom?, ... }');
  const effectiveFrom = input.effectiveFrom === undefined || input.effectiveFrom === null ? now : date(input.effectiveFrom, 'effectiveFrom');
  if (effectiveFrom.getTime() < now.getTime()) {
    throw new RevenueError(
      'effective-in-the-past',
      'effectiveFrom',
      `${effectiveFrom.toISOString()} is before now (${now.toISOString()}); a rule can start now or later, never for sales already made`,
    );
  }
  const kind = input.kind;
  let change: RuleChange;
  switch (kind) {
    case 'default-share':
      change = { kind, instructorShare: share(input.instructorShare, 'instructorShare') };
      break;
    case 'instructor-share':
      change = {
        kind,
        instructorId: assertInstructorId(input.instructorId, 'instructorId'),
        instructorShare: input.instructorShare === null ? null : share(input.instructorShare, 'instructorShare'),
      };
      break;
    case 'course-share':
      change = {
        kind,
        courseId: courseId(input.courseId, 'courseId'),
        instructorShare: input.instructorShare === null ? null : share(input.instructorShare, 'instructorShare'),
      };
      break;
    case 'course-weights':
      change = {
        kind,
        courseId: courseId(input.courseId, 'courseId'),
        weights: input.weights === null ? null : validateCoInstructorWeights(input.weights, 'weights'),
      };
      break;
    case 'vat':
      change = { kind, currency: currency(input.currency, 'currency', 'invalid-vat'), vat: vatRule(input.vat, 'vat') };
      break;
    case 'fee-treatment':
      if (input.treatment !== 'deducted-before-split' && input.treatment !== 'absorbed-by-platform') {
        throw new RevenueError('invalid-rule', 'treatment', `must be "deducted-before-split" or "absorbed-by-platform"; got ${JSON.stringify(input.treatment)}`);
      }
      change = { kind, treatment: input.treatment };
      break;
    case 'fee-formula':
      change = { kind, currency: currency(input.currency, 'currency', 'invalid-fee-formula'), formula: feeFormula(input.formula, 'formula') };
      break;
    case 'holding-days':
      if (typeof input.days !== 'number' || !Number.isInteger(input.days) || input.days < 0 || input.days > MAX_HOLDING_DAYS) {
        throw new RevenueError('invalid-holding-days', 'days', `must be a whole number of days from 0 to ${MAX_HOLDING_DAYS}; got ${JSON.stringify(input.days)}`);
      }
      change = { kind, days: input.days };
      break;
    default:
      throw new RevenueError('invalid-rule', 'kind', `must be one of ${RULE_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
  }
  return { change, effectiveFrom };
}

// ---------------------------------------------------------------------------------------------
// Reading the rules for one sale.

export type ShareSource = 'course' | 'instructor' | 'default';

/** An instructor's share on a course: the course override, else theirs, else the platform default. */
export function resolveInstructorShare(
  rules: RevenueRules,
  courseId: string,
  instructorId: string,
): { share: BasisPoints; source: ShareSource; changeId: number | null } {
  const course = own(rules.courseShares, courseId);
  if (course !== undefined) return { share: course, source: 'course', changeId: own(rules.sources, `course-share:${courseId}`) ?? null };
  const personal = own(rules.instructorShares, instructorId);
  if (personal !== undefined) {
    return { share: personal, source: 'instructor', changeId: own(rules.sources, `instructor-share:${instructorId}`) ?? null };
  }
  return { share: rules.defaultInstructorShare, source: 'default', changeId: own(rules.sources, 'default-share') ?? null };
}

/**
 * The course's co-instructor weights: the configured ones, else equal weights over the course's
 * instructors (the first ones get the odd basis points: 3 → 3334, 3333, 3333), else none.
 */
export function resolveWeights(
  rules: RevenueRules,
  courseId: string,
  courseInstructorIds: readonly string[],
): { weights: readonly CoInstructorWeight[]; source: 'course' | 'equal' | 'none'; changeId: number | null } {
  const configured = own(rules.courseWeights, courseId);
  if (configured !== undefined) return { weights: configured, source: 'course', changeId: own(rules.sources, `course-weights:${courseId}`) ?? null };
  const ids = [...new Set(courseInstructorIds)];
  if (ids.length === 0) return { weights: [], source: 'none', changeId: null };
  const each = Math.floor(FULL / ids.length);
  const extra = FULL - each * ids.length;
  return { weights: ids.map((instructorId, i) => ({ instructorId, weight: each + (i < extra ? 1 : 0) })), source: 'equal', changeId: null };
}
