/**
 * Micro-benchmark of the pure gamification core (no database, no Redis), on one core:
 *   taskset -c 0 node --import tsx plugins/lms-gamification/server/src/domain/gamification.bench.ts [events] [learners]
 * Defaults: 200,000 events over 100,000 learners (the full run is 1,000,000 over 100,000:
 * pass `1000000 100000`). Per event: awardsFor (validation, rules, keys), the idempotency check a
 * unique constraint will make, and the incremental update of every board the award counts on
 * (global and course × all/week/month, as ZINCRBY will). Then the leaderboard read the endpoint
 * makes: top 10 plus the caller's own rank, and a full rebuild from the ledger.
 * The end-to-end targets (`npm run bench:gamification`, next session, with Postgres and
 * Redis): award throughput ≥ 2,000 awards/s; top-10 plus own rank p99 ≤ 5 ms.
 */
import { performance } from 'node:perf_hooks';
import { type PointEvent, awardKey, awardsFor } from './awards';
import { type AwardSource } from './events';
import { Leaderboards, rebuildLeaderboards, standings } from './leaderboard';
import { fromDayNumber, dayNumber } from './local-time';
import { DEFAULT_POINT_RULES } from './rules';

const count = Number(process.argv[2] ?? 200_000);
const learners = Number(process.argv[3] ?? 100_000);
const ZONE = 'Europe/London';
const START = Date.UTC(2026, 2, 1);
const COURSES = Array.from({ length: 40 }, (_, i) => `course${i}`);

// Deterministic PRNG (mulberry32): the same run every time.
let seed = 42;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = (n: number) => Math.floor(rnd() * n);

function eventAt(i: number): AwardSource {
  const learnerId = 1 + pick(learners);
  const courseId = COURSES[pick(COURSES.length)] as string;
  const at = new Date(START + pick(60 * 24 * 60) * 60_000).toISOString();
  const kind = pick(20);
  if (kind < 12) return { type: 'lesson.completed', payload: { learnerId, courseId, lessonId: `${courseId}-l${pick(30)}`, enrollmentId: i, completedAt: at } };
  if (kind < 16) {
    const score = pick(11);
    return { type: 'quiz.graded', payload: { learnerId, courseId, quizId: `${courseId}-q${pick(6)}`, attemptId: i, score, maxScore: 10, passed: score >= 6, gradedAt: at } };
  }
  if (kind < 17) {
    const passed = rnd() < 0.8;
    return { type: 'assignment.graded', payload: { learnerId, courseId, assignmentId: `${courseId}-a${pick(3)}`, submissionId: i, scoreMillipoints: passed ? 8000 : 2000, maxMillipoints: 10_000, passed, gradedAt: at, graderId: 1 } };
  }
  if (kind < 18) return { type: 'course.completed', payload: { learnerId, courseId, enrollmentId: i, completedAt: at } };
  const day = fromDayNumber(dayNumber('2026-03-01') + pick(60));
  const length = 1 + pick(40);
  return { type: 'learner.visited', payload: { learnerId, visitedAt: `${day}T08:00:00.000Z`, day, streakLength: length, streakStartDay: fromDayNumber(dayNumber(day) - length + 1) } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function main(): void {
  const events = Array.from({ length: count }, (_, i) => eventAt(i));
  // ~3 % redelivered, as an at-least-once queue does.
  for (let i = 0; i < count * 0.03; i += 1) events.push(events[pick(count)] as AwardSource);

  const keys = new Set<string>();
  const ledger: PointEvent[] = [];
  const boards = new Leaderboards(ZONE);
  // Warm-up on a copy of the first events (JIT, Intl formatter caches), then start clean.
  for (const e of events.slice(0, 5_000)) awardsFor(e, DEFAULT_POINT_RULES);

  let awardsSeconds = 0;
  let boardsSeconds = 0;
  let updates = 0;
  const started = performance.now();
  for (const e of events) {
    const t0 = performance.now();
    const awards = awardsFor(e, DEFAULT_POINT_RULES);
    const t1 = performance.now();
    awardsSeconds += t1 - t0;
    for (const a of awards) {
      const key = awardKey(a);
      if (keys.has(key)) continue;
      keys.add(key);
      ledger.push(a);
      updates += boards.apply(a).length;
    }
    boardsSeconds += performance.now() - t1;
  }
  const total = (performance.now() - started) / 1000;
  awardsSeconds /= 1000;
  boardsSeconds /= 1000;
  console.log(`${events.length} events (${count} + redeliveries) over ${learners} learners in ${total.toFixed(2)} s: ${Math.round(events.length / total)} events/s, ${ledger.length} new awards (${Math.round(ledger.length / total)} awards/s end to end)`);
  console.log(`  awardsFor: ${Math.round(events.length / awardsSeconds)} events/s (${((awardsSeconds / events.length) * 1e6).toFixed(1)} µs each)`);
  console.log(`  idempotency check + incremental ranking: ${updates} board updates, ${Math.round(updates / boardsSeconds)} updates/s (${((boardsSeconds / ledger.length) * 1e6).toFixed(1)} µs per award)`);

  const global = boards.board('global/all');
  const times: number[] = [];
  for (let i = 0; i < 20_000; i += 1) {
    const learnerId = 1 + pick(learners);
    const t = performance.now();
    standings(global, 10, { learnerId, hidden: false });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`top 10 + own rank on global/all (${global.size} learners): p50 ${(percentile(times, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(times, 99) * 1000).toFixed(1)} µs, max ${(percentile(times, 100) * 1000).toFixed(0)} µs`);

  const t = performance.now();
  const rebuilt = rebuildLeaderboards(ledger, { timeZone: ZONE });
  const rebuildSeconds = (performance.now() - t) / 1000;
  const incrementalTop = global.top(1000);
  const same =
    rebuilt.boardIds().join() === boards.boardIds().join() &&
    rebuilt.board('global/all').top(1000).every((e, i) => {
      const o = incrementalTop[i];
      return o !== undefined && o.learnerId === e.learnerId && o.rank === e.rank && o.points === e.points;
    });
  console.log(`rebuild of ${rebuilt.boardIds().length} boards from ${ledger.length} point events: ${rebuildSeconds.toFixed(2)} s; top 1000 identical to incremental: ${same}`);
  console.log(`rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
}

main();
