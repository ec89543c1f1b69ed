import { describe, expect, it } from 'vitest';
import { summarizeRoute } from '../learner/report';
import type { PacedResult } from '../lib/paced';
import { evaluateQuizTargets, type QuizTargetInput } from './report';

const result = (tag: string, latencyMs: number, status = 200): PacedResult => ({ tag, status, latencyMs, lagMs: 0, plannedAt: 0, bytes: 10 });
const row = (key: string, latencies: number[], failures = 0) =>
  summarizeRoute(key, key, [...latencies.map((l) => result(key, l)), ...Array.from({ length: failures }, () => result(key, 5, 500))], 10);

function input(over: Partial<QuizTargetInput> = {}): QuizTargetInput {
  const all = row('all', Array.from({ length: 100 }, (_, i) => i + 1));
  return {
    all,
    routes: [row('start', [50]), row('save', [40]), row('submit', [90])],
    baseline: row('users-me', Array.from({ length: 100 }, (_, i) => (i + 1) / 2)),
    learners: 500,
    questions: 20,
    sessionsCompleted: 500,
    stored: { attemptsSubmitted: 500, answersSaved: 10_000 },
    appliedPerSecond: 36,
    realWorldPerSecond: 9.12,
    ...over,
  };
}

const byName = (checks: ReturnType<typeof evaluateQuizTargets>, part: string) => {
  const check = checks.find((c) => c.name.includes(part));
  if (!check) throw new Error(`no check named like "${part}"`);
  return check;
};

describe('evaluateQuizTargets', () => {
  it('passes a full-size run within the targets, with the ratio to the target and to the baseline', () => {
    const checks = evaluateQuizTargets(input());
    expect(checks.every((c) => c.pass)).toBe(true);
    const all = byName(checks, 'quiz requests');
    expect(all.figure).toBe('95 ms / 300 ms = 0.32×');
    expect(all.note).toBe('2.00× the baseline\'s p95 (48 ms)');
  });

  it('fails the p95 of a slow route even when the whole load is fast', () => {
    const checks = evaluateQuizTargets(input({ routes: [row('start', [50]), row('save', [40]), row('submit', [301])] }));
    expect(byName(checks, 'submit p95').pass).toBe(false);
    expect(byName(checks, 'quiz requests').pass).toBe(true);
  });

  it('fails on any non-2xx answer, on missing rows, on a rate below the real world and on a short run', () => {
    const checks = evaluateQuizTargets(
      input({
        all: row('all', [10, 20], 1),
        learners: 50,
        sessionsCompleted: 50,
        stored: { attemptsSubmitted: 50, answersSaved: 999 },
        appliedPerSecond: 9,
      }),
    );
    expect(byName(checks, 'no errors').pass).toBe(false);
    expect(byName(checks, 'no errors').figure).toBe('1 failed of 3 (1 non-2xx, 0 without an answer)');
    expect(byName(checks, 'every learner finished').pass).toBe(false);
    expect(byName(checks, 'applied rate').pass).toBe(false);
    expect(byName(checks, "issue's size").pass).toBe(false);
  });
});
