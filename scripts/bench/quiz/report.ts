/** The quiz benchmark's targets (issue 4) and their PASS/FAIL lines. */
import { ratioText, type Check, type RouteRow } from '../learner/report';
import { fmt } from '../lib/stats';

export const QUIZ_TARGETS = { p95Ms: 300, learners: 500, questions: 20 } as const;

export interface QuizTargetInput {
  /** Every quiz request (start, autosaves, submit) together, and each route alone. */
  all: RouteRow;
  routes: RouteRow[];
  baseline?: RouteRow;
  learners: number;
  questions: number;
  /** Sessions that ran to a 2xx submit (client side). */
  sessionsCompleted: number;
  /** What the database holds afterwards for the measured learners. */
  stored: { attemptsSubmitted: number; answersSaved: number };
  /** Requests per second planned while every learner was in the quiz, and the real world's. */
  appliedPerSecond: number;
  realWorldPerSecond: number;
}

const vsBaseline = (row: RouteRow, baseline: RouteRow | undefined) =>
  baseline && baseline.ok > 0 ? `${fmt(row.latency.p95 / baseline.latency.p95, 2)}× the baseline's p95 (${fmt(baseline.latency.p95, 0)} ms)` : 'no baseline measured';

export function evaluateQuizTargets(input: QuizTargetInput): Check[] {
  const { all, baseline } = input;
  const p95 = (row: RouteRow, name: string): Check => ({
    name,
    route: row.key,
    pass: row.ok > 0 && row.latency.p95 <= QUIZ_TARGETS.p95Ms,
    figure: ratioText(row.latency.p95, QUIZ_TARGETS.p95Ms, 'ms'),
    note: vsBaseline(row, baseline),
  });
  const failed = all.non2xx + all.errors;
  const expectedAnswers = input.learners * input.questions;
  return [
    p95(all, `quiz requests (start, autosave, submit) p95 ≤ ${QUIZ_TARGETS.p95Ms} ms`),
    ...input.routes.map((row) => p95(row, `${row.label} p95 ≤ ${QUIZ_TARGETS.p95Ms} ms`)),
    {
      name: 'no errors (every quiz request answered 2xx)',
      pass: all.sent > 0 && failed === 0,
      figure: `${failed} failed of ${all.sent} (${all.non2xx} non-2xx, ${all.errors} without an answer)`,
      ...(baseline ? { note: `baseline ${baseline.non2xx + baseline.errors} failed of ${baseline.sent}` } : {}),
    },
    {
      name: 'every learner finished: one attempt submitted with every answer saved',
      pass: input.sessionsCompleted === input.learners && input.stored.attemptsSubmitted === input.learners && input.stored.answersSaved === expectedAnswers,
      figure:
        `${input.sessionsCompleted}/${input.learners} sessions completed; in the database ${input.stored.attemptsSubmitted}/${input.learners} attempts submitted, ` +
        `${input.stored.answersSaved}/${expectedAnswers} answers saved`,
    },
    {
      name: `applied rate ≥ the real world's (${QUIZ_TARGETS.learners} learners at 30–90 s think time)`,
      pass: input.appliedPerSecond >= input.realWorldPerSecond,
      figure: `${fmt(input.appliedPerSecond, 1)} req/s / ${fmt(input.realWorldPerSecond, 1)} req/s = ${fmt(input.appliedPerSecond / input.realWorldPerSecond, 2)}×`,
      note: 'planned sends per second while every learner was in the quiz',
    },
    {
      name: `the issue's size: ${QUIZ_TARGETS.learners} learners, ${QUIZ_TARGETS.questions} questions`,
      pass: input.learners >= QUIZ_TARGETS.learners && input.questions === QUIZ_TARGETS.questions,
      figure: `${input.learners} learners, ${input.questions} questions`,
      ...(input.learners < QUIZ_TARGETS.learners ? { note: 'a short validation run, not the measurement' } : {}),
    },
  ];
}
