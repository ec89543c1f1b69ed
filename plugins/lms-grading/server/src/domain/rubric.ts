/**
 * Rubric scoring for assignments: one level chosen per criterion; the rubric's points (sum of the
 * chosen levels) are scaled to the assignment's maxScore when the rubric's maximum differs
 * (rounded once, half-up, to a millipoint). The breakdown explains the score criterion by criterion.
 */
import { GradingError } from './errors';
import { formatPoints, parsePoints, points as wholePoints, rescale, type Millipoints } from './points';

export interface RubricLevel {
  id: string;
  label: string;
  points: Millipoints;
  description: string | null;
}

export interface RubricCriterion {
  id: string;
  title: string;
  description: string | null;
  levels: RubricLevel[];
}

export interface Rubric {
  criteria: RubricCriterion[];
}

export interface RubricSelection {
  criterionId: string;
  levelId: string;
}

export interface RubricScore {
  /** Sum of the chosen levels. */
  rubricPoints: Millipoints;
  /** Sum of each criterion's highest level. */
  rubricMax: Millipoints;
  /** The assignment score: rubricPoints scaled to maxScore. */
  score: Millipoints;
  maxScore: Millipoints;
  breakdown: Array<{ criterionId: string; title: string; levelId: string; label: string; points: Millipoints; maxPoints: Millipoints }>;
  summary: string;
}

type Raw = Record<string, unknown>;

function invalid(field: string, message: string): never {
  throw new GradingError('invalid-rubric', field, message);
}

function text(raw: Raw, key: string, field: string): string {
  const v = raw[key];
  if (typeof v !== 'string' || v.trim() === '') invalid(`${field}.${key}`, 'is required text');
  return v;
}

function optional(raw: Raw, key: string): string | null {
  const v = raw[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Reads the assignment's `rubric` component list (assignment.criterion with assignment.level).
 * Ids are the component ids when present (stable while the assignment is not re-published),
 * else `c1`, `c1-l2`, … by position. Errors name `rubric[i].levels[j].points` and the like.
 */
export function parseRubric(input: unknown, field = 'rubric'): Rubric {
  if (!Array.isArray(input)) invalid(field, 'must be a list of criteria');
  if (input.length === 0) invalid(field, 'has no criteria; add at least one, or grade without a rubric');
  const criteria = input.map((c, i): RubricCriterion => {
    const f = `${field}[${i}]`;
    if (typeof c !== 'object' || c === null) invalid(f, 'expected an object');
    const raw = c as Raw;
    const levels = raw.levels;
    if (!Array.isArray(levels) || levels.length === 0) invalid(`${f}.levels`, 'needs at least one level');
    const id = raw.id !== undefined && raw.id !== null ? String(raw.id) : `c${i + 1}`;
    return {
      id,
      title: text(raw, 'title', f),
      description: optional(raw, 'description'),
      levels: levels.map((l, j): RubricLevel => {
        const lf = `${f}.levels[${j}]`;
        if (typeof l !== 'object' || l === null) invalid(lf, 'expected an object');
        const lr = l as Raw;
        return {
          id: lr.id !== undefined && lr.id !== null ? String(lr.id) : `${id}-l${j + 1}`,
          label: text(lr, 'label', lf),
          points: parsePoints(lr.points, { excessPrecision: 'round', field: `${lf}.points` }),
          description: optional(lr, 'description'),
        };
      }),
    };
  });
  const ids = new Set<string>();
  for (const [i, c] of criteria.entries()) {
    if (ids.has(c.id)) invalid(`${field}[${i}].id`, `criterion id ${c.id} appears twice`);
    ids.add(c.id);
    const levelIds = new Set(c.levels.map((l) => l.id));
    if (levelIds.size !== c.levels.length) invalid(`${field}[${i}].levels`, 'level ids must be unique within a criterion');
  }
  if (rubricMax({ criteria }) === 0) invalid(field, 'every level is worth 0 points; a rubric needs at least one level with points');
  return { criteria };
}

/** Sum over criteria of the highest level's points. */
export function rubricMax(rubric: Rubric): Millipoints {
  return rubric.criteria.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0);
}

/**
 * Scores a grader's selections: exactly one level for every criterion, no unknown criterion or
 * level, no criterion twice. All problems are reported at once (GradingError, code
 * invalid-rubric-selection, message listing each). `maxScore` is the assignment's whole-number maximum.
 */
export function scoreRubric(rubric: Rubric, selections: readonly RubricSelection[], maxScore: number, field = 'selections'): RubricScore {
  const problems: string[] = [];
  const chosen = new Map<string, RubricLevel>();
  const mentioned = new Set<string>();
  selections.forEach((s, i) => {
    const criterion = rubric.criteria.find((c) => c.id === s.criterionId);
    if (!criterion) {
      problems.push(`${field}[${i}].criterionId: ${JSON.stringify(s.criterionId)} is not a criterion of this rubric`);
      return;
    }
    mentioned.add(criterion.id);
    const level = criterion.levels.find((l) => l.id === s.levelId);
    if (!level) {
      problems.push(`${field}[${i}].levelId: ${JSON.stringify(s.levelId)} is not a level of criterion "${criterion.title}"`);
      return;
    }
    if (chosen.has(criterion.id)) {
      problems.push(`${field}[${i}]: criterion "${criterion.title}" already has a level; choose exactly one`);
      return;
    }
    chosen.set(criterion.id, level);
  });
  for (const c of rubric.criteria) {
    if (!mentioned.has(c.id)) problems.push(`${field}: criterion "${c.title}" has no level chosen`);
  }
  if (problems.length) throw new GradingError('invalid-rubric-selection', field, problems.join('; '));

  const max = wholePoints(maxScore);
  const top = rubricMax(rubric);
  const breakdown = rubric.criteria.map((c) => {
    const level = chosen.get(c.id) as RubricLevel;
    return { criterionId: c.id, title: c.title, levelId: level.id, label: level.label, points: level.points, maxPoints: Math.max(...c.levels.map((l) => l.points)) };
  });
  const rubricPoints = breakdown.reduce((sum, b) => sum + b.points, 0);
  const score = Math.min(max, rescale(rubricPoints, top, max));
  const scaled = top === max ? '' : `, scaled to ${formatPoints(max)}: ${formatPoints(rubricPoints)} × ${formatPoints(max)} / ${formatPoints(top)} = ${formatPoints(score)} (half-up to 0.001)`;
  return {
    rubricPoints,
    rubricMax: top,
    score,
    maxScore: max,
    breakdown,
    summary: `${breakdown.map((b) => `${b.title}: ${b.label} ${formatPoints(b.points)}/${formatPoints(b.maxPoints)}`).join('; ')} → ${formatPoints(rubricPoints)} of ${formatPoints(top)}${scaled}`,
  };
}

/** A score typed without a rubric: decimal, at most three decimals, within [0, maxScore]. */
export function parseAssignmentScore(value: unknown, maxScore: number, field = 'score'): Millipoints {
  const score = parsePoints(value, { excessPrecision: 'reject', field });
  const max = wholePoints(maxScore);
  if (score > max) throw new GradingError('invalid-grade', field, `cannot exceed the assignment's maximum of ${maxScore}; got ${formatPoints(score)}`);
  return score;
}
