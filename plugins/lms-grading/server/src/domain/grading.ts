/**
 * Automatic grading of every question type, with an explanation of every score.
 *
 * Each grade carries `share`, the exact fraction of the question's points earned (the sum of the
 * parts' shares, clamped to [0, 1]), and `points` = share × maxPoints rounded ONCE, half-up, to a
 * millipoint (points.ts). Rounding per part and summing would let three blanks of ⅓ point each
 * add up to 0.999 for a fully correct answer; rounding the exact total cannot.
 *
 * Explanations name the parts and what each earned. They contain answer keys (matched variants,
 * the correct option), so they are released to the learner only as the quiz's feedback mode
 * allows (attempt-rules.ts).
 */
import type { Answer, AnswerOf } from './answers';
import { compareDecimals, formatDecimal, parseExactDecimal, addDecimals, subtractDecimals, type ExactDecimal } from './decimal';
import { GradingError } from './errors';
import {
  addFraction,
  clampShare,
  formatFraction,
  formatPoints,
  fraction,
  parsePoints,
  shareOf,
  ONE,
  ZERO,
  type Fraction,
  type Millipoints,
} from './points';
import type {
  EssayQuestion,
  FillBlanksQuestion,
  MatchingQuestion,
  MultipleChoiceQuestion,
  NumericQuestion,
  OrderingQuestion,
  Question,
  QuestionType,
  ShortAnswerQuestion,
  SingleChoiceQuestion,
  TrueFalseQuestion,
} from './questions';

export type PartOutcome =
  /** picked/answered and right */
  | 'correct'
  /** answered and wrong */
  | 'incorrect'
  /** a correct option that was not picked */
  | 'missed'
  /** a wrong option that was picked (costs credit under partial credit) */
  | 'wrong-pick'
  /** a wrong option left alone */
  | 'not-picked'
  | 'unanswered'
  /** waits for a person (essay) */
  | 'pending';

export interface GradePart {
  /** Id of what this part is about: option, item, left item, `blank-2`, `response`. */
  ref: string;
  /** What the learner sees it as: option text, "position 2", "blank 1", … */
  label: string;
  outcome: PartOutcome;
  /** Exact signed share of the question's points this part contributed (+1/4, −1/2, 0). */
  share: Fraction;
  /** One short English sentence, e.g. `"Typeof" matches accepted answer "typeof" (not case-sensitive)`. */
  detail: string;
}

export type Grader = { kind: 'auto' } | { kind: 'instructor'; id: string; name?: string };

export interface QuestionGrade {
  questionId: string;
  type: QuestionType;
  /** 'pending-review': an essay waiting for an instructor; points is null until then. */
  status: 'graded' | 'pending-review';
  maxPoints: Millipoints;
  points: Millipoints | null;
  /** Exact share of maxPoints before rounding, in [0, 1]; null while pending. */
  share: Fraction | null;
  /** The scoring rule applied, in words. */
  rule: string;
  parts: GradePart[];
  /** One line: how the parts became the score. */
  summary: string;
  grader: Grader;
  /** An instructor's comment (manual grades and overrides). */
  comment: string | null;
}

/** A question with the id the learner's answer refers to (an attempt question, or a test's). */
export interface GradableQuestion {
  id: string;
  question: Question;
}

// ─── text matching ──────────────────────────────────────────────────────────────────────────

export type WhitespaceRule = 'remove' | 'collapse' | 'trim';

export interface TextMatchRule {
  caseSensitive: boolean;
  /** remove: all whitespace ignored; collapse: runs become one space; trim: only the ends. */
  whitespace: WhitespaceRule;
}

/**
 * The comparable form of a typed answer: Unicode NFC (so "é" typed as e + combining accent
 * equals the precomposed "é"), whitespace per the rule (ends always trimmed), and, when not
 * case-sensitive, full case folding through upper then lower case ("STRASSE" = "straße",
 * "ΟΔΟΣ" = "οδος" with its final sigma). Accents always matter: "resume" ≠ "résumé".
 */
export function normaliseForMatch(input: string, rule: TextMatchRule): string {
  let s = input.normalize('NFC').trim();
  if (rule.whitespace === 'remove') s = s.replace(/\s+/gu, '');
  else if (rule.whitespace === 'collapse') s = s.replace(/\s+/gu, ' ');
  if (!rule.caseSensitive) s = s.toUpperCase().toLowerCase().normalize('NFC');
  return s;
}

/** Index of the first accepted variant the response matches, or −1. */
export function matchVariant(response: string, variants: readonly string[], rule: TextMatchRule): number {
  const given = normaliseForMatch(response, rule);
  if (given === '') return -1;
  return variants.findIndex((v) => normaliseForMatch(v, rule) === given);
}

function describeRule(rule: TextMatchRule): string {
  const ws = { remove: 'whitespace ignored', collapse: 'spacing ignored', trim: 'spaces inside must match' }[rule.whitespace];
  return `${rule.caseSensitive ? 'case-sensitive' : 'not case-sensitive'}, ${ws}`;
}

const quote = (s: string) => `"${s}"`;

// ─── building grades ────────────────────────────────────────────────────────────────────────

function part(ref: string, label: string, outcome: PartOutcome, share: Fraction, detail: string): GradePart {
  return { ref, label, outcome, share, detail };
}

function sumShares(parts: readonly GradePart[]): Fraction {
  return parts.reduce((acc, p) => addFraction(acc, p.share), ZERO);
}

function signed(f: Fraction): string {
  return f.num < 0 ? `−${formatFraction({ num: -f.num, den: f.den })}` : `+${formatFraction(f)}`;
}

function graded(gq: GradableQuestion, share: Fraction, rule: string, parts: GradePart[], how: string): QuestionGrade {
  const max = gq.question.points;
  const clamped = clampShare(share);
  const points = shareOf(max, clamped);
  const clampNote = share.num < 0 ? ' (never below 0)' : '';
  return {
    questionId: gq.id,
    type: gq.question.type,
    status: 'graded',
    maxPoints: max,
    points,
    share: clamped,
    rule,
    parts,
    summary: `${how}: ${formatFraction(clamped)} of ${formatPoints(max)} = ${formatPoints(points)} point(s)${clampNote}`,
    grader: { kind: 'auto' },
    comment: null,
  };
}

function unanswered(gq: GradableQuestion, rule: string): QuestionGrade {
  return graded(gq, ZERO, rule, [part('response', 'answer', 'unanswered', ZERO, 'no answer was given')], 'not answered');
}

/** All or nothing: keep the parts for the explanation, but the share is 1 only when every part is right. */
function allOrNothing(parts: GradePart[], allRight: boolean): { share: Fraction; parts: GradePart[] } {
  return { share: allRight ? ONE : ZERO, parts: parts.map((p) => ({ ...p, share: ZERO })) };
}

// ─── per type ───────────────────────────────────────────────────────────────────────────────

function gradeSingleChoice(gq: GradableQuestion & { question: SingleChoiceQuestion }, answer: AnswerOf<'single-choice'> | undefined): QuestionGrade {
  const rule = 'full points for the correct option';
  const q = gq.question;
  if (!answer || answer.optionId === null) return unanswered(gq, rule);
  const picked = q.options.find((o) => o.id === answer.optionId);
  if (!picked) throw new GradingError('invalid-answer', `answers.${gq.id}.optionId`, 'is not an option of this question');
  const right = q.options.find((o) => o.correct);
  const parts = [part(picked.id, picked.text, picked.correct ? 'correct' : 'incorrect', picked.correct ? ONE : ZERO, picked.correct ? 'the correct option was picked' : 'this option is not the correct one')];
  if (!picked.correct && right) parts.push(part(right.id, right.text, 'missed', ZERO, 'this was the correct option'));
  return graded(gq, picked.correct ? ONE : ZERO, rule, parts, picked.correct ? 'correct option' : 'wrong option');
}

function gradeMultipleChoice(gq: GradableQuestion & { question: MultipleChoiceQuestion }, answer: AnswerOf<'multiple-choice'> | undefined): QuestionGrade {
  const q = gq.question;
  const correctCount = q.options.filter((o) => o.correct).length;
  const wrongCount = q.options.length - correctCount;
  const rule = q.partialCredit
    ? `partial credit: +1/${correctCount} per correct option picked${wrongCount ? `, −1/${wrongCount} per wrong option picked` : ''}, never below 0`
    : 'all or nothing: exactly the correct options must be picked';
  if (!answer || answer.optionIds.length === 0) return unanswered(gq, rule);
  const picked = new Set(answer.optionIds);
  for (const id of picked) {
    if (!q.options.some((o) => o.id === id)) throw new GradingError('invalid-answer', `answers.${gq.id}.optionIds`, `${quote(id)} is not an option of this question`);
  }
  const parts = q.options.map((o) => {
    const isPicked = picked.has(o.id);
    if (o.correct && isPicked) return part(o.id, o.text, 'correct', fraction(1, correctCount), 'correct option, picked');
    if (o.correct) return part(o.id, o.text, 'missed', ZERO, 'correct option, not picked');
    if (isPicked) return part(o.id, o.text, 'wrong-pick', fraction(-1, wrongCount), 'wrong option, picked');
    return part(o.id, o.text, 'not-picked', ZERO, 'wrong option, left alone');
  });
  const right = parts.filter((p) => p.outcome === 'correct').length;
  const wrong = parts.filter((p) => p.outcome === 'wrong-pick').length;
  const how = `${right} of ${correctCount} correct option(s) picked, ${wrong} wrong pick(s)`;
  if (!q.partialCredit) {
    const r = allOrNothing(parts, right === correctCount && wrong === 0);
    return graded(gq, r.share, rule, r.parts, `${how}, all or nothing`);
  }
  const raw = sumShares(parts);
  const terms = parts.filter((p) => p.share.num !== 0).map((p) => signed(p.share)).join(' ');
  const total = raw.num < 0 ? `−${formatFraction({ num: -raw.num, den: raw.den })}` : formatFraction(raw);
  return graded(gq, raw, rule, parts, `${how}: ${terms || '0'} = ${total}`);
}

function gradeTrueFalse(gq: GradableQuestion & { question: TrueFalseQuestion }, answer: AnswerOf<'true-false'> | undefined): QuestionGrade {
  const rule = 'full points for the right value';
  if (!answer || answer.value === null) return unanswered(gq, rule);
  const right = answer.value === gq.question.correctAnswer;
  const label = answer.value ? 'true' : 'false';
  return graded(
    gq,
    right ? ONE : ZERO,
    rule,
    [part('response', label, right ? 'correct' : 'incorrect', right ? ONE : ZERO, `answered ${label}; the statement is ${String(gq.question.correctAnswer)}`)],
    right ? 'right' : 'wrong',
  );
}

function gradeShortAnswer(gq: GradableQuestion & { question: ShortAnswerQuestion }, answer: AnswerOf<'short-answer'> | undefined): QuestionGrade {
  const q = gq.question;
  const match: TextMatchRule = { caseSensitive: q.caseSensitive, whitespace: q.ignoreWhitespace ? 'remove' : 'trim' };
  const rule = `full points for any of ${q.acceptedAnswers.length} accepted answer(s) (${describeRule(match)})`;
  if (!answer || answer.text.trim() === '') return unanswered(gq, rule);
  const index = matchVariant(answer.text, q.acceptedAnswers, match);
  const right = index >= 0;
  const detail = right
    ? `${quote(answer.text.trim())} matches accepted answer ${quote(q.acceptedAnswers[index] as string)}`
    : `${quote(answer.text.trim())} matches none of the accepted answers (${q.acceptedAnswers.map(quote).join(', ')})`;
  return graded(gq, right ? ONE : ZERO, rule, [part('response', 'answer', right ? 'correct' : 'incorrect', right ? ONE : ZERO, detail)], right ? 'accepted' : 'not accepted');
}

function gradeNumeric(gq: GradableQuestion & { question: NumericQuestion }, answer: AnswerOf<'numeric'> | undefined): QuestionGrade {
  const q = gq.question;
  const value = parseExactDecimal(q.value) as ExactDecimal;
  const tolerance = parseExactDecimal(q.tolerance) as ExactDecimal;
  const low = subtractDecimals(value, tolerance);
  const high = addDecimals(value, tolerance);
  const range = tolerance.units === 0n ? `exactly ${q.value}` : `${q.value} ± ${q.tolerance} (${formatDecimal(low)} to ${formatDecimal(high)}, ends included)`;
  const rule = `full points for ${range}; compared as exact decimals`;
  if (!answer || answer.value.trim() === '') return unanswered(gq, rule);
  const given = parseExactDecimal(answer.value);
  if (!given) {
    return graded(gq, ZERO, rule, [part('response', 'answer', 'incorrect', ZERO, `${quote(answer.value.trim())} is not a number (write digits, e.g. 1.67 or 1,67)`)], 'not a number');
  }
  const right = compareDecimals(given, low) >= 0 && compareDecimals(given, high) <= 0;
  const detail = `${formatDecimal(given)} is ${right ? 'within' : 'outside'} ${range}`;
  return graded(gq, right ? ONE : ZERO, rule, [part('response', 'answer', right ? 'correct' : 'incorrect', right ? ONE : ZERO, detail)], right ? 'in range' : 'out of range');
}

function gradeOrdering(gq: GradableQuestion & { question: OrderingQuestion }, answer: AnswerOf<'ordering'> | undefined): QuestionGrade {
  const q = gq.question;
  const n = q.items.length;
  const rule = q.partialCredit ? `partial credit: +1/${n} per item in its correct position` : 'all or nothing: every item must be in its correct position';
  if (!answer || answer.itemIds.length === 0) return unanswered(gq, rule);
  const byId = new Map(q.items.map((item) => [item.id, item]));
  // Items with identical text are interchangeable: compare texts, not ids.
  const parts = q.items.map((expected, position) => {
    const givenId = answer.itemIds[position];
    const given = givenId === undefined ? undefined : byId.get(givenId);
    const right = given !== undefined && given.text === expected.text;
    return part(
      givenId ?? `position-${position + 1}`,
      `position ${position + 1}`,
      given === undefined ? 'unanswered' : right ? 'correct' : 'incorrect',
      right ? fraction(1, n) : ZERO,
      given === undefined ? 'no item placed here' : right ? `${quote(given.text)} is in its correct position` : `${quote(given.text)} is here; ${quote(expected.text)} belongs here`,
    );
  });
  const right = parts.filter((p) => p.outcome === 'correct').length;
  const how = `${right} of ${n} item(s) in their correct position`;
  if (!q.partialCredit) {
    const r = allOrNothing(parts, right === n);
    return graded(gq, r.share, rule, r.parts, `${how}, all or nothing`);
  }
  return graded(gq, sumShares(parts), rule, parts, how);
}

function gradeMatching(gq: GradableQuestion & { question: MatchingQuestion }, answer: AnswerOf<'matching'> | undefined): QuestionGrade {
  const q = gq.question;
  const n = q.pairs.length;
  const rule = q.partialCredit ? `partial credit: +1/${n} per correctly matched item` : 'all or nothing: every item must be matched correctly';
  const matches = answer?.matches ?? {};
  if (!answer || Object.values(matches).every((v) => v === null || v === undefined)) return unanswered(gq, rule);
  const rightText = new Map(q.pairs.map((p) => [p.rightId, p.right]));
  // Two right-hand items with the same text are interchangeable: compare texts, not ids.
  const parts = q.pairs.map((pair) => {
    const chosenId = matches[pair.leftId] ?? null;
    const chosen = chosenId === null ? undefined : rightText.get(chosenId);
    const right = chosen !== undefined && chosen === pair.right;
    return part(
      pair.leftId,
      pair.left,
      chosen === undefined ? 'unanswered' : right ? 'correct' : 'incorrect',
      right ? fraction(1, n) : ZERO,
      chosen === undefined ? `not matched; the match is ${quote(pair.right)}` : right ? `matched with ${quote(chosen)}` : `matched with ${quote(chosen)}; the match is ${quote(pair.right)}`,
    );
  });
  const right = parts.filter((p) => p.outcome === 'correct').length;
  const how = `${right} of ${n} item(s) matched correctly`;
  if (!q.partialCredit) {
    const r = allOrNothing(parts, right === n);
    return graded(gq, r.share, rule, r.parts, `${how}, all or nothing`);
  }
  return graded(gq, sumShares(parts), rule, parts, how);
}

function gradeFillBlanks(gq: GradableQuestion & { question: FillBlanksQuestion }, answer: AnswerOf<'fill-blanks'> | undefined): QuestionGrade {
  const q = gq.question;
  const n = q.blanks.length;
  const rule = `+1/${n} per correctly filled blank (spacing ignored; each blank states its case rule)`;
  if (!answer || answer.blanks.every((b) => b.trim() === '')) return unanswered(gq, rule);
  const parts = q.blanks.map((blank, i) => {
    const given = answer.blanks[i] ?? '';
    const match: TextMatchRule = { caseSensitive: blank.caseSensitive, whitespace: 'collapse' };
    if (given.trim() === '') return part(`blank-${i + 1}`, `blank ${i + 1}`, 'unanswered', ZERO, `left empty; accepted: ${blank.acceptedAnswers.map(quote).join(', ')}`);
    const index = matchVariant(given, blank.acceptedAnswers, match);
    return index >= 0
      ? part(`blank-${i + 1}`, `blank ${i + 1}`, 'correct', fraction(1, n), `${quote(given.trim())} matches ${quote(blank.acceptedAnswers[index] as string)} (${describeRule(match)})`)
      : part(`blank-${i + 1}`, `blank ${i + 1}`, 'incorrect', ZERO, `${quote(given.trim())} is not accepted; accepted: ${blank.acceptedAnswers.map(quote).join(', ')} (${describeRule(match)})`);
  });
  const right = parts.filter((p) => p.outcome === 'correct').length;
  return graded(gq, sumShares(parts), rule, parts, `${right} of ${n} blank(s) correct`);
}

/** Words as a reader counts them: runs of letters/digits (with inner apostrophes or hyphens). */
export function countWords(text: string): number {
  return text.normalize('NFC').match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

function gradeEssay(gq: GradableQuestion & { question: EssayQuestion }, answer: AnswerOf<'essay'> | undefined): QuestionGrade {
  const q = gq.question;
  const rule = 'graded by an instructor';
  // An empty essay needs no reader: it is graded 0 at once rather than queued.
  if (!answer || answer.text.trim() === '') return unanswered(gq, rule);
  const words = countWords(answer.text);
  const limits = [q.minWords !== null && words < q.minWords ? `below the minimum of ${q.minWords}` : null, q.maxWords !== null && words > q.maxWords ? `above the maximum of ${q.maxWords}` : null].filter(Boolean);
  return {
    questionId: gq.id,
    type: 'essay',
    status: 'pending-review',
    maxPoints: q.points,
    points: null,
    share: null,
    rule,
    parts: [part('response', 'essay', 'pending', ZERO, `${words} word(s)${limits.length ? `, ${limits.join(' and ')}` : ''}; waiting for an instructor`)],
    summary: `waiting for an instructor (out of ${formatPoints(q.points)})`,
    grader: { kind: 'auto' },
    comment: null,
  };
}

/**
 * Grades one answer. `answer` undefined (or empty) → 0 points, "not answered". An answer of
 * another type than the question → GradingError (callers parse answers with parseAnswer first).
 */
export function gradeQuestion(gq: GradableQuestion, answer: Answer | undefined): QuestionGrade {
  if (answer && answer.type !== gq.question.type) {
    throw new GradingError('invalid-answer', `answers.${gq.id}`, `a ${answer.type} answer cannot answer a ${gq.question.type} question`);
  }
  // The casts pair each question with its own answer type; the check above guarantees it.
  const a = answer as never;
  switch (gq.question.type) {
    case 'single-choice':
      return gradeSingleChoice(gq as GradableQuestion & { question: SingleChoiceQuestion }, a);
    case 'multiple-choice':
      return gradeMultipleChoice(gq as GradableQuestion & { question: MultipleChoiceQuestion }, a);
    case 'true-false':
      return gradeTrueFalse(gq as GradableQuestion & { question: TrueFalseQuestion }, a);
    case 'short-answer':
      return gradeShortAnswer(gq as GradableQuestion & { question: ShortAnswerQuestion }, a);
    case 'numeric':
      return gradeNumeric(gq as GradableQuestion & { question: NumericQuestion }, a);
    case 'ordering':
      return gradeOrdering(gq as GradableQuestion & { question: OrderingQuestion }, a);
    case 'matching':
      return gradeMatching(gq as GradableQuestion & { question: MatchingQuestion }, a);
    case 'fill-blanks':
      return gradeFillBlanks(gq as GradableQuestion & { question: FillBlanksQuestion }, a);
    case 'essay':
      return gradeEssay(gq as GradableQuestion & { question: EssayQuestion }, a);
  }
}

/**
 * An instructor's grade: for a pending essay, or an override of an automatic grade (a regrade
 * after a flawed question, say). `points` as typed (decimal, at most three decimals, within
 * [0, maxPoints]); the automatic explanation is kept and the override is stated in the summary.
 */
export function applyManualGrade(
  grade: QuestionGrade,
  input: { points: unknown; grader: Extract<Grader, { kind: 'instructor' }>; comment?: string | null },
  field = 'points',
): QuestionGrade {
  const value = parsePoints(input.points, { excessPrecision: 'reject', field });
  if (value > grade.maxPoints) {
    throw new GradingError('invalid-grade', field, `cannot exceed the question's ${formatPoints(grade.maxPoints)} point(s); got ${formatPoints(value)}`);
  }
  const who = input.grader.name ? `${input.grader.name} (${input.grader.id})` : input.grader.id;
  const before = grade.status === 'graded' && grade.points !== null ? ` (automatic grade was ${formatPoints(grade.points)})` : '';
  return {
    ...grade,
    status: 'graded',
    points: value,
    share: fraction(value, grade.maxPoints || 1),
    summary: `${formatPoints(value)} of ${formatPoints(grade.maxPoints)} point(s) given by instructor ${who}${before}`,
    grader: input.grader,
    comment: input.comment ?? null,
  };
}
