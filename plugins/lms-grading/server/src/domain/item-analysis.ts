/**
 * Classical item analysis of a quiz's questions, for instructors: how hard each question is
 * (facility), whether it separates stronger from weaker learners (discrimination), and which
 * wrong option attracts learners (distractor analysis). Pure: the gradebook's background job feeds
 * it each learner's first fully graded attempt (docs/decisions: item analysis).
 *
 * - facility = mean of score / max over the attempts containing the question (for right/wrong
 *   questions: the share with full marks);
 * - discrimination = Pearson correlation between the question's score share and the share of the
 *   REST of the attempt (total minus this question: the "corrected item-total correlation", which
 *   for right/wrong questions is the point-biserial). Using the rest keeps a question from
 *   correlating with itself, which inflates the figure on short quizzes. Shares rather than points,
 *   so attempts drawn from a pool (different maxima) are comparable. null with fewer than three
 *   attempts, or when either side does not vary (everyone right: nothing to discriminate);
 * - top wrong option = the wrong option picked most often (single and multiple choice, true/false);
 *   ties go to the option authored first.
 *
 * Statistics are not money: floating point is fine here; figures are rounded to 4 decimals.
 */
import { createHash } from 'node:crypto';
import type { Answer } from './answers';
import type { AttemptPaper } from './attempt';
import type { Millipoints } from './points';
import type { Question, QuestionType } from './questions';

/** One question of one analysed attempt. */
export interface ItemResponse {
  /** Stable question key ({@link questionFingerprint}). */
  questionId: string;
  /** 1-based authored position. */
  position: number;
  type: QuestionType;
  prompt: string;
  points: Millipoints;
  maxPoints: Millipoints;
  /** Wrong options the learner picked, by authored index (choice questions only). */
  wrongChoices: ReadonlyArray<{ index: number; text: string }>;
}

export interface ItemStats {
  questionId: string;
  position: number;
  type: QuestionType;
  prompt: string;
  n: number;
  facility: number | null;
  discrimination: number | null;
  topWrongOption: { index: number; text: string; count: number } | null;
  flags: string[];
}

/** Fewer paired observations than this: no discrimination figure. */
export const MIN_ATTEMPTS_FOR_DISCRIMINATION = 3;
/** Below this many attempts the figures are flagged as rough. */
export const FEW_ATTEMPTS = 10;
const CHOICE_TYPES: ReadonlySet<QuestionType> = new Set(['single-choice', 'multiple-choice', 'true-false']);

/**
 * A key for "the same question" across attempts and re-publishing: attempt question ids are
 * random per attempt and component ids change on every publish, so the key is a hash of what
 * the learner reads (type, prompt, option/item/pair texts, blank text), not of the answer key
 * or points. Editing the wording makes it a new item, which it is for statistics.
 */
export function questionFingerprint(question: Question): string {
  const parts: string[] = [question.type, question.prompt];
  switch (question.type) {
    case 'single-choice':
    case 'multiple-choice':
      parts.push(...question.options.map((o) => o.text));
      break;
    case 'ordering':
      parts.push(...question.items.map((i) => i.text));
      break;
    case 'matching':
      parts.push(...question.pairs.flatMap((p) => [p.left, p.right]));
      break;
    case 'fill-blanks':
      parts.push(question.text);
      break;
    default:
      break;
  }
  return `q${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 20)}`;
}

/** The wrong options an answer picked, by authored index (the paper keeps authored option order). */
export function wrongChoicesOf(question: Question, answer: Answer | null): Array<{ index: number; text: string }> {
  if (!answer) return [];
  if (question.type === 'single-choice' && answer.type === 'single-choice') {
    const index = question.options.findIndex((o) => o.id === answer.optionId);
    const option = question.options[index];
    return option && !option.correct ? [{ index, text: option.text }] : [];
  }
  if (question.type === 'multiple-choice' && answer.type === 'multiple-choice') {
    const picked = new Set(answer.optionIds);
    return question.options.flatMap((o, index) => (picked.has(o.id) && !o.correct ? [{ index, text: o.text }] : []));
  }
  if (question.type === 'true-false' && answer.type === 'true-false') {
    if (answer.value === null || answer.value === question.correctAnswer) return [];
    return [answer.value ? { index: 0, text: 'True' } : { index: 1, text: 'False' }];
  }
  return [];
}

/**
 * The responses of one fully graded attempt: each question of the paper with the points it got
 * (`points` by attempt question id; a missing entry counts 0) and the wrong options picked.
 */
export function itemResponsesOf(
  paper: AttemptPaper,
  graded: ReadonlyMap<string, { answer: Answer | null; points: Millipoints | null }>,
): ItemResponse[] {
  return paper.questions.map((q) => {
    const row = graded.get(q.id);
    return {
      questionId: questionFingerprint(q.question),
      position: q.sourceIndex + 1,
      type: q.question.type,
      prompt: q.question.prompt,
      points: row?.points ?? 0,
      maxPoints: q.question.points,
      wrongChoices: wrongChoicesOf(q.question, row?.answer ?? null),
    };
  });
}

const round4 = (v: number): number => (Math.sign(v) * Math.round(Math.abs(v) * 10_000)) / 10_000 + 0;

/** Pearson correlation of paired values; null when fewer than the minimum or either side is constant. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n !== ys.length) throw new Error('pearson: both series must have the same length');
  if (n < MIN_ATTEMPTS_FOR_DISCRIMINATION) return null;
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Two-pass sums; a variance this small is rounding noise around a constant series.
  if (sxx / n < 1e-12 || syy / n < 1e-12) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Words an instructor can act on; thresholds are the usual rules of thumb, not laws. */
export function itemFlags(stats: Pick<ItemStats, 'n' | 'facility' | 'discrimination'>): string[] {
  const flags: string[] = [];
  if (stats.n < FEW_ATTEMPTS) flags.push(`only ${stats.n} attempt(s): treat these figures as rough`);
  if (stats.facility !== null && stats.facility >= 0.9) flags.push('very easy: nearly everyone gets it right');
  if (stats.facility !== null && stats.facility <= 0.2) flags.push('very hard: few get it right');
  if (stats.discrimination !== null && stats.discrimination < 0) flags.push('negative discrimination: stronger learners do worse here; check the answer key and wording');
  else if (stats.discrimination !== null && stats.discrimination < 0.2) flags.push('weak discrimination: it hardly separates stronger from weaker learners');
  return flags;
}

interface Tally {
  meta: Pick<ItemStats, 'questionId' | 'position' | 'type' | 'prompt'>;
  shares: number[];
  /** Paired (share, rest share) where the attempt has other questions. */
  pairedShares: number[];
  restShares: number[];
  wrong: Map<number, { text: string; count: number }>;
}

/**
 * Accumulates attempts one at a time (the job reads attempts in pages) and gives the statistics
 * per question, ordered by authored position. Questions keep the wording/position of the last
 * attempt added.
 */
export function createItemAnalysis() {
  const tallies = new Map<string, Tally>();
  let attempts = 0;

  return {
    add(responses: readonly ItemResponse[]): void {
      attempts += 1;
      const total = responses.reduce((s, r) => s + r.points, 0);
      const totalMax = responses.reduce((s, r) => s + r.maxPoints, 0);
      for (const r of responses) {
        const tally: Tally = tallies.get(r.questionId) ?? { meta: r, shares: [], pairedShares: [], restShares: [], wrong: new Map() };
        tally.meta = { questionId: r.questionId, position: r.position, type: r.type, prompt: r.prompt };
        // A question worth 0 points cannot be got wrong.
        const share = r.maxPoints > 0 ? Math.min(1, Math.max(0, r.points / r.maxPoints)) : 1;
        tally.shares.push(share);
        const restMax = totalMax - r.maxPoints;
        if (restMax > 0) {
          tally.pairedShares.push(share);
          tally.restShares.push(Math.min(1, Math.max(0, (total - r.points) / restMax)));
        }
        for (const w of r.wrongChoices) {
          const seen = tally.wrong.get(w.index);
          tally.wrong.set(w.index, { text: w.text, count: (seen?.count ?? 0) + 1 });
        }
        tallies.set(r.questionId, tally);
      }
    },

    /** Attempts added so far. */
    get attempts(): number {
      return attempts;
    },

    result(): ItemStats[] {
      return [...tallies.values()]
        .map((t): ItemStats => {
          const n = t.shares.length;
          const facility = n ? round4(t.shares.reduce((s, x) => s + x, 0) / n) : null;
          const r = pearson(t.pairedShares, t.restShares);
          const discrimination = r === null ? null : round4(r);
          let top: ItemStats['topWrongOption'] = null;
          if (CHOICE_TYPES.has(t.meta.type)) {
            for (const [index, w] of [...t.wrong.entries()].sort((a, b) => a[0] - b[0])) {
              if (!top || w.count > top.count) top = { index, text: w.text, count: w.count };
            }
          }
          return { ...t.meta, n, facility, discrimination, topWrongOption: top, flags: itemFlags({ n, facility, discrimination }) };
        })
        .sort((a, b) => a.position - b.position || (a.questionId < b.questionId ? -1 : 1));
    },
  };
}

/** All at once, for small inputs and tests. */
export function analyseItems(attempts: ReadonlyArray<readonly ItemResponse[]>): ItemStats[] {
  const analysis = createItemAnalysis();
  for (const a of attempts) analysis.add(a);
  return analysis.result();
}
