import { z } from 'zod';

/**
 * xAPI statements from the H5P player, as the lesson page posts them, and what they mean for a
 * learner: only a top-level `completed` or `answered` with a score is a result; anything else
 * (interacted, attempted, progressed, a sub-question's answer inside a compound activity) is
 * accepted and ignored. Scores are kept in basis points (0–10000) so no float reaches the table.
 */

export const VERBS = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
} as const;

const finite = z.number({ invalid_type_error: 'expected a number' }).finite('expected a finite number');

const statementSchema = z
  .object({
    verb: z.object({ id: z.string().url('expected the verb IRI').max(300), display: z.record(z.string()).optional() }).passthrough(),
    object: z.object({ id: z.string().max(2000).optional(), objectType: z.string().max(50).optional() }).passthrough().optional(),
    result: z
      .object({
        score: z
          .object({
            scaled: finite.min(-1, 'scaled scores run from -1 to 1').max(1, 'scaled scores run from -1 to 1').optional(),
            raw: finite.optional(),
            min: finite.optional(),
            max: finite.min(0, 'expected a maximum of at least 0').optional(),
          })
          .passthrough()
          .optional(),
        completion: z.boolean().optional(),
        success: z.boolean().optional(),
        duration: z.string().max(64).optional(),
        response: z.string().max(10_000).optional(),
      })
      .passthrough()
      .optional(),
    context: z
      .object({
        contextActivities: z.object({ parent: z.array(z.unknown()).max(50).optional() }).passthrough().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** `POST /api/lms-h5p/xapi`: which lesson and H5P block the statement is about, and the statement. */
export const xapiRequestSchema = z
  .object({
    lesson: z.string().regex(/^[A-Za-z0-9]{1,64}$/, "expected the lesson's documentId"),
    block: z.number({ invalid_type_error: "expected the H5P block's id (a number)" }).int('expected a whole number').positive('expected a block id'),
    statement: statementSchema,
  })
  .strict();

export type XapiRequest = z.infer<typeof xapiRequestSchema>;
export type XapiStatement = XapiRequest['statement'];

export type StatementOutcome =
  | {
      kind: 'result';
      verb: 'completed' | 'answered';
      /** Scaled score in basis points, 0–10000 (negative xAPI scores count 0). */
      scoreBp: number;
      raw: number | null;
      max: number | null;
      success: boolean | null;
    }
  | { kind: 'ignored'; reason: string };

const toBp = (ratio: number) => Math.min(10_000, Math.max(0, Math.round(ratio * 10_000)));

/** What one statement means for the learner's result at the activity. */
export function readStatement(statement: XapiStatement): StatementOutcome {
  const verb = statement.verb.id === VERBS.completed ? 'completed' : statement.verb.id === VERBS.answered ? 'answered' : null;
  if (!verb) return { kind: 'ignored', reason: `verb ${statement.verb.id} does not carry a result` };
  if ((statement.context?.contextActivities?.parent?.length ?? 0) > 0) {
    return { kind: 'ignored', reason: 'a part of the activity (it has a parent activity); only the whole activity is scored' };
  }
  const score = statement.result?.score;
  const raw = score?.raw ?? null;
  const max = score?.max ?? null;
  let scoreBp: number | null = null;
  if (score?.scaled !== undefined) scoreBp = toBp(score.scaled);
  else if (raw !== null && max !== null && max > 0) scoreBp = toBp(raw / max);
  else if (raw !== null && max === 0) scoreBp = 10_000;
  if (scoreBp === null) return { kind: 'ignored', reason: `a "${verb}" statement without result.score.scaled (or raw and max)` };
  return { kind: 'result', verb, scoreBp, raw, max, success: statement.result?.success ?? null };
}

/** A learner's standing at one H5P block. */
export interface ActivityResult {
  attempts: number;
  latestBp: number;
  bestBp: number;
  latestRaw: number | null;
  latestMax: number | null;
  /** Some result said success (a pass mark inside the activity was reached). */
  passed: boolean | null;
}

/** The standing after one more result: the best score counts; the latest is kept beside it. */
export function applyResult(existing: ActivityResult | null, outcome: Extract<StatementOutcome, { kind: 'result' }>): ActivityResult {
  const passed = outcome.success === null ? (existing?.passed ?? null) : Boolean(existing?.passed) || outcome.success;
  return {
    attempts: (existing?.attempts ?? 0) + 1,
    latestBp: outcome.scoreBp,
    bestBp: Math.max(existing?.bestBp ?? 0, outcome.scoreBp),
    latestRaw: outcome.raw,
    latestMax: outcome.max,
    passed,
  };
}

/** The lesson's blocks as lms-enrollment's course structure describes them. */
export interface BlockInfo {
  id: number;
  kind: string;
  completionThreshold?: number;
  countsTowardCompletion?: boolean;
  graded?: boolean;
}

/**
 * A result at an H5P block completes the lesson when that block is the lesson's only requirement
 * (lms-enrollment's rule for videos: lessonRequirements there counts videos, quizzes that count,
 * assignments and graded H5P blocks). With other requirements the learner completes the lesson
 * through them or with "Mark complete".
 */
export function resultCompletesLesson(blocks: readonly BlockInfo[], blockId: number): boolean {
  const requirements = blocks.filter(
    (b) => b.kind === 'video' || (b.kind === 'quiz' && b.countsTowardCompletion !== false) || b.kind === 'assignment' || (b.kind === 'h5p' && b.graded !== false),
  );
  return requirements.length === 1 && requirements[0]?.kind === 'h5p' && requirements[0].id === blockId;
}

export const formatBp = (bp: number) => `${Math.trunc(bp / 100)}${bp % 100 ? `.${String(bp % 100).padStart(2, '0').replace(/0$/, '')}` : ''}%`;
