import type { Core } from '@strapi/strapi';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@lms/plugin-lms-core/server';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../../../../tests/harness/db';
import { DIALECTS, type Dialect, openDialect } from '../../../../../tests/harness/dialects';
import type { AwardSource, PointEvent } from '../domain';
import { BADGES_EARNED_TABLE, FACTS_TABLE, POINT_EVENTS_TABLE, PROFILES_TABLE, migrations } from '../migrations';
import { type AwardOutcome, createAwardsService } from './awards';
import { RedisBoardStore } from './board-store';
import { createSettingsService } from './settings';

/**
 * `awardMany(trx, sources)` must leave exactly what `award(trx, s)` for each source in turn leaves
 * (decision 037): two fresh databases of the same kind and two Redis prefixes, the same history,
 * then the same mixed list of events through a loop of `award` on one and one `awardMany` on the
 * other, both in one transaction; every row of every table, every outcome and every Redis board
 * must be equal. The Strapi stand-in only holds the connection and the plugin's own services.
 */

const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
let nextId = 0;
const id = () => `7a1e0000-0000-4000-8000-${String((nextId += 1)).padStart(12, '0')}`;

const lesson = (learnerId: number, courseId: string, lessonId: string, hoursAgo: number, eventId = id()): AwardSource => ({
  id: eventId,
  type: 'lesson.completed',
  payload: { learnerId, courseId, lessonId, enrollmentId: learnerId, completedAt: at(hoursAgo) },
});
const quiz = (learnerId: number, courseId: string, quizId: string, score: number, hoursAgo: number): AwardSource => ({
  id: id(),
  type: 'quiz.graded',
  payload: { learnerId, courseId, quizId, attemptId: (nextId += 1), score, maxScore: 10, passed: score >= 6, gradedAt: at(hoursAgo) },
});
const course = (learnerId: number, courseId: string, hoursAgo: number): AwardSource => ({
  id: id(),
  type: 'course.completed',
  payload: { learnerId, courseId, enrollmentId: learnerId, completedAt: at(hoursAgo) },
});
const assignment = (learnerId: number, courseId: string, assignmentId: string, passed: boolean, hoursAgo: number): AwardSource => ({
  id: id(),
  type: 'assignment.graded',
  payload: { learnerId, courseId, assignmentId, submissionId: (nextId += 1), scoreMillipoints: passed ? 80_000 : 20_000, maxMillipoints: 100_000, passed, gradedAt: at(hoursAgo), graderId: 1 },
});

/** Awarded one by one on both databases before the batch (the replays below meet it). */
const history: AwardSource[] = [lesson(1, 'course-a', 'l0', 50), course(3, 'course-0', 60), quiz(4, 'course-b', 'q9', 10, 40), lesson(6, 'course-a', 'l0', 30)];

const repeated = lesson(2, 'course-a', 'l1', 5);
/** The batch: duplicates, replays, a quiz paying twice, thresholds crossed inside it, a hidden learner, a visit. */
const batch: AwardSource[] = [
  // Learner 1: a replay of history (new id), two new lessons, a perfect quiz (passed + perfect bonus), its re-grade.
  lesson(1, 'course-a', 'l0', 50),
  lesson(1, 'course-a', 'l1', 10),
  quiz(1, 'course-a', 'q1', 10, 9),
  lesson(1, 'course-b', 'l2', 8),
  quiz(1, 'course-a', 'q1', 7, 7),
  // Learner 2: the same event twice (same id), then re-emitted with a new id and a later time.
  repeated,
  repeated,
  lesson(2, 'course-a', 'l1', 2),
  assignment(2, 'course-a', 'a1', false, 4),
  assignment(2, 'course-a', 'a1', true, 3),
  // Learner 3: ten more courses (one done before): "Well rounded" on the second, "Thousand club" on the ninth.
  ...Array.from({ length: 10 }, (_, i) => course(3, `course-${i + 1}`, 20 - i)),
  course(3, 'course-4', 1),
  // Learner 4 opted out: points, facts and badges, but no board.
  quiz(4, 'course-b', 'q9', 10, 40),
  quiz(4, 'course-b', 'q10', 10, 6),
  lesson(4, 'course-b', 'l5', 6),
  // Learner 5: a counted visit on the seventh day of a run (daily points, the 7-day milestone and its badge).
  { id: id(), type: 'learner.visited', payload: { learnerId: 5, visitedAt: at(1), day: '2026-03-07', streakLength: 7, streakStartDay: '2026-03-01' } },
  // Learner 1 again, after the others.
  course(1, 'course-a', 3),
  // Learner 6: only a replay.
  lesson(6, 'course-a', 'l0', 30),
];

type Row = Record<string, unknown>;

interface Side {
  db: Awaited<ReturnType<typeof openDialect>>;
  awards: ReturnType<typeof createAwardsService>;
  boards: RedisBoardStore;
}

async function openSide(dialect: Dialect, redis: Redis, label: string): Promise<Side> {
  const db = await openDialect(dialect, label);
  await runMigrations(db.knex, 'lms-gamification', migrations);
  const boards = new RedisBoardStore(redis, uniqueRedisPrefix(label), 'UTC');
  const services: Record<string, unknown> = {};
  const strapi = {
    db: { connection: db.knex },
    log: { warn: (message: string) => console.warn(message), debug: () => undefined },
    plugin: () => ({ service: (name: string) => services[name] }),
  } as unknown as Core.Strapi;
  services.settings = createSettingsService({ strapi });
  services.leaderboards = { apply: (events: PointEvent[]) => boards.apply(events) };
  const awards = createAwardsService({ strapi });
  services.awards = awards;
  // The same past on both sides: learner 4 hidden, learner 5 with a 7-day longest streak.
  await db.knex(PROFILES_TABLE).insert([
    { learner_id: 4, hidden: true, updated_at: new Date() },
    { learner_id: 5, hidden: false, streak_longest: 7, updated_at: new Date() },
  ]);
  for (const source of history) await db.knex.transaction((trx) => awards.award(trx, source));
  await awards.settled();
  return { db, awards, boards };
}

/** Every row of the plugin's ledger tables, without ids and insert times (which differ by run). */
async function tables(knex: Knex): Promise<{ pointEvents: Row[]; facts: Row[]; badges: Row[]; profiles: Row[] }> {
  const read = async (table: string, columns: string[], order: string[]) => {
    const rows = (await knex(table).select(columns).orderBy(order)) as Row[];
    // Both dialects: dates as ISO strings, numbers as numbers.
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === 'number' || v === null || typeof v === 'boolean' ? v : String(v)])));
  };
  return {
    pointEvents: await read(POINT_EVENTS_TABLE, ['learner_id', 'rule', 'subject', 'points', 'course_id', 'occurred_at', 'source_event_id'], ['learner_id', 'rule', 'subject']),
    facts: await read(FACTS_TABLE, ['learner_id', 'kind', 'subject', 'course_id', 'occurred_at'], ['learner_id', 'kind', 'subject']),
    badges: await read(BADGES_EARNED_TABLE, ['learner_id', 'badge_id', 'seen_at'], ['learner_id', 'badge_id']),
    profiles: await read(PROFILES_TABLE, ['learner_id', 'hidden', 'streak_longest', 'streak_length'], ['learner_id']),
  };
}

async function boardsOf(side: Side): Promise<Record<string, Array<[number, number]>>> {
  const snapshot = await side.boards.snapshot();
  return Object.fromEntries([...snapshot].map(([board, members]) => [board, [...members].sort((a, b) => a[0] - b[0])]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
}

describe.each(DIALECTS)('lms-gamification awardMany = award in a loop, on %s', (dialect) => {
  let redis: Redis;
  let looped: Side;
  let batched: Side;
  let loopOutcomes: AwardOutcome[];
  let batchOutcomes: AwardOutcome[];

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    looped = await openSide(dialect, redis, 'gam-loop');
    batched = await openSide(dialect, redis, 'gam-batch');
    loopOutcomes = await looped.db.knex.transaction(async (trx) => {
      const out: AwardOutcome[] = [];
      for (const source of batch) out.push(await looped.awards.award(trx, source));
      return out;
    });
    batchOutcomes = await batched.db.knex.transaction((trx) => batched.awards.awardMany(trx, batch));
    await Promise.all([looped.awards.settled(), batched.awards.settled()]);
  });
  afterAll(async () => {
    await looped?.db.close();
    await batched?.db.close();
    await redis?.quit();
  });

  it('gives every source the outcome award() gave it', () => {
    expect(batchOutcomes).toHaveLength(batch.length);
    expect(batchOutcomes).toEqual(loopOutcomes);
    // The list does what it says: badges crossed inside the batch, a quiz paying twice, replays paying nothing.
    const badges = (i: number) => batchOutcomes[i]?.badges;
    expect(badges(1)).toEqual([]); // learner 1's first lesson was in the history
    expect(badges(2)).toEqual(['perfect-quiz']);
    expect(batchOutcomes[2]?.points.map((p) => p.rule)).toEqual(['quiz-passed', 'quiz-perfect']);
    expect(batchOutcomes[0]).toEqual({ points: [], facts: 0, badges: [] });
    expect(batchOutcomes[6]).toEqual({ points: [], facts: 0, badges: [] });
    expect(badges(5)).toEqual(['first-lesson']);
    expect(batchOutcomes[8]?.points).toEqual([]);
    expect(batchOutcomes[9]?.points.map((p) => p.points)).toEqual([30]);
    expect(badges(10)).toEqual([]);
    expect(badges(11)).toEqual(['courses-3']);
    expect(badges(18)).toEqual(['points-1000']);
    expect(batchOutcomes[20]?.points).toEqual([]);
    expect(batchOutcomes[24]?.points.map((p) => p.subject)).toEqual(['day:2026-03-07', 'streak:2026-03-01/7']);
    expect(badges(24)).toEqual(['streak-7']);
    expect(batchOutcomes.flatMap((o) => o.badges).length).toBeGreaterThanOrEqual(5);
  });

  it('leaves the same rows in every table', async () => {
    const [a, b] = await Promise.all([tables(looped.db.knex), tables(batched.db.knex)]);
    expect(b).toEqual(a);
    expect(a.pointEvents.length).toBeGreaterThan(20);
    expect(a.badges.filter((r) => r.learner_id === 4).map((r) => r.badge_id)).toEqual(['perfect-quiz', 'first-lesson'].sort());
  });

  it('leaves the same leaderboards in Redis, without the hidden learner', async () => {
    const [a, b] = await Promise.all([boardsOf(looped), boardsOf(batched)]);
    expect(b).toEqual(a);
    const global = a['global/all'] ?? [];
    expect(global.map(([learner]) => learner)).toEqual([1, 2, 3, 5, 6]);
    expect(Object.values(a).some((members) => members.some(([learner]) => learner === 4))).toBe(false);
  });

  it('with evaluateBadges (as visits ask), badges are evaluated even when nothing new landed', async () => {
    // Learner 6's longest streak grew (the visit service writes it before awarding); a replay alone earns nothing…
    for (const side of [looped, batched]) await side.db.knex(PROFILES_TABLE).insert({ learner_id: 6, hidden: false, streak_longest: 30, updated_at: new Date() });
    const replay = lesson(6, 'course-a', 'l0', 30);
    expect(await batched.db.knex.transaction((trx) => batched.awards.awardMany(trx, [replay]))).toEqual([{ points: [], facts: 0, badges: [] }]);
    // …unless badges are evaluated: then the first source earns both streak badges, the second nothing.
    const one = await looped.db.knex.transaction(async (trx) => [await looped.awards.award(trx, replay, { evaluateBadges: true }), await looped.awards.award(trx, replay, { evaluateBadges: true })]);
    const many = await batched.db.knex.transaction((trx) => batched.awards.awardMany(trx, [replay, replay], { evaluateBadges: true }));
    expect(many).toEqual(one);
    expect(many.map((o) => o.badges)).toEqual([['streak-7', 'streak-30'], []]);
    expect(await tables(batched.db.knex)).toEqual(await tables(looped.db.knex));
  });

  it('a payload of the wrong shape throws naming the field, before anything is written', async () => {
    const before = await tables(batched.db.knex);
    const broken = { id: id(), type: 'lesson.completed', payload: { learnerId: 9, courseId: 'course-a', enrollmentId: 9, completedAt: at(1) } } as unknown as AwardSource;
    await expect(batched.db.knex.transaction((trx) => batched.awards.awardMany(trx, [lesson(9, 'course-a', 'l1', 1), broken]))).rejects.toThrow(/lessonId/);
    expect(await tables(batched.db.knex)).toEqual(before);
  });

  it('an empty list does nothing', async () => {
    expect(await batched.db.knex.transaction((trx) => batched.awards.awardMany(trx, []))).toEqual([]);
  });
});
