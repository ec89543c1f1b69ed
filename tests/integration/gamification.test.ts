import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  ApiErrorBody,
  HistoryResponse,
  LeaderboardResponse,
  MeResponse,
  PreferencesResponse,
  RebuildResponse,
  SettingsResponse,
} from '../../plugins/lms-gamification/server/src/contracts';
import { adminAuth, getJson, sendJson } from '../harness/api';
import { connect, publishDoc, richText } from '../harness/content';
import { TEST_REDIS_URL } from '../harness/db';
import { enroll, registerLearner, type Learner } from '../harness/learners';
import { sql } from '../harness/pg';

/**
 * lms-gamification against the real stack: lessons completed over HTTP and domain events in the
 * real outbox reach the award consumer through BullMQ; visits are GET /me with lms-enrollment's
 * test clock; leaderboards are read from Redis and compared with sums computed by PostgreSQL.
 */

const API = '/api/lms-gamification';
const ADMIN = '/lms-gamification';
const CONSUMER = 'lms-gamification-awards';
const run = Date.now().toString(36);

let admin: Record<string, string>;
let courseId: string;
let lessons: string[];

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const at = (iso: string) => ({ 'x-lms-test-now': new Date(iso).toISOString() });
const me = async (l: Learner, headers: Record<string, string> = {}) => {
  const res = await getJson<MeResponse>(`${API}/me`, { headers: { ...l.auth, ...headers } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
};
const history = async (l: Learner) => (await getJson<HistoryResponse>(`${API}/me/history?pageSize=100`, { headers: l.auth })).body;
const board = async (l: Learner, query: string) => {
  const res = await getJson<LeaderboardResponse>(`${API}/leaderboard?${query}`, { headers: l.auth });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const ledgerOf = (learnerId: number) =>
  sql<{ rule: string; subject: string; points: number }>('SELECT rule, subject, points FROM lms_gamification_point_events WHERE learner_id = $1 ORDER BY rule, subject', [learnerId]);
const badgesOf = async (learnerId: number) =>
  (await sql<{ badge_id: string }>('SELECT badge_id FROM lms_gamification_badges_earned WHERE learner_id = $1 ORDER BY badge_id', [learnerId])).map((r) => r.badge_id);

/** Puts a domain event in the real outbox, as a producer's transaction would; the relay delivers it. */
async function emit(type: string, payload: Record<string, unknown>, id: string = crypto.randomUUID()): Promise<string> {
  await sql('INSERT INTO lms_outbox (event_id, type, version, payload, occurred_at, created_at, available_at) VALUES ($1, $2, 1, $3::jsonb, now(), now(), now())', [
    id,
    type,
    JSON.stringify(payload),
  ]);
  return id;
}

async function consumed(eventIds: string[], timeoutMs = 60_000): Promise<void> {
  await until(
    `${eventIds.length} events consumed by ${CONSUMER}`,
    async () => {
      const [row] = await sql<{ n: string }>('SELECT count(*)::text AS n FROM lms_consumed_events WHERE consumer = $1 AND event_id = ANY($2::text[])', [CONSUMER, eventIds]);
      return Number(row?.n) === eventIds.length;
    },
    timeoutMs,
  );
}

async function completeLesson(l: Learner, lessonId: string): Promise<void> {
  const res = await sendJson('POST', `/api/lms-enrollment/lessons/${lessonId}/complete`, {}, l.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  courseId = await publishDoc(admin, 'api::course.course', {
    title: `Gamification course ${run}`,
    slug: `gam-${run}`,
    summary: 'A course for the gamification tests',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 1, course: connect(courseId), dripType: 'none' });
  lessons = [];
  for (const n of [1, 2, 3]) {
    lessons.push(
      await publishDoc(admin, 'api::lesson.lesson', {
        title: `Gam lesson ${n}`,
        slug: `gam-lesson-${n}-${run}`,
        order: n,
        freePreview: false,
        estimatedMinutes: 5,
        section: connect(section),
        blocks: [richText(`Body ${n}`)],
      }),
    );
  }
});

describe('awards from domain events', () => {
  it('a completed lesson pays its points once and earns the first-lesson badge', async () => {
    const ada = await registerLearner('gam-ada', run);
    await enroll(ada, courseId);
    await completeLesson(ada, lessons[0] as string);
    await until('the lesson-completed award', async () => (await ledgerOf(ada.id)).some((r) => r.rule === 'lesson-completed'));
    const data = await me(ada);
    // 10 for the lesson + 5 for today's visit (the GET /me itself).
    expect(data.points).toBe(15);
    expect(data.level).toMatchObject({ number: 1, name: 'Newcomer', next: { name: 'Learner', minPoints: 100 }, pointsToNext: 85, progress: 1500 });
    expect(data.newBadges.map((b) => b.id)).toEqual(['first-lesson']);
    expect(data.badges.find((b) => b.id === 'courses-3')).toMatchObject({ earned: false, current: 0, target: 3 });
    // Shown once: marked seen, it is no longer new.
    expect((await sendJson('POST', `${API}/me/badges/seen`, { badgeIds: ['first-lesson'] }, ada.auth)).status).toBe(200);
    expect((await me(ada)).newBadges).toEqual([]);
  });

  it("replaying every event of a learner's history twice gives the same points and badges", async () => {
    const bea = await registerLearner('gam-bea', run);
    await enroll(bea, courseId);
    await completeLesson(bea, lessons[0] as string);
    await completeLesson(bea, lessons[1] as string);
    const gradedAt = new Date().toISOString();
    // Events of the other plugins' shapes, through the real outbox and queue.
    const injected = [
      await emit('quiz.graded', { learnerId: bea.id, courseId, quizId: `quiz-${run}`, attemptId: 1, score: 5, maxScore: 10, passed: true, gradedAt }),
      await emit('quiz.graded', { learnerId: bea.id, courseId, quizId: `quiz-${run}`, attemptId: 2, score: 10, maxScore: 10, passed: true, gradedAt }),
      await emit('assignment.graded', {
        learnerId: bea.id,
        courseId,
        assignmentId: `asg-${run}`,
        submissionId: 9,
        scoreMillipoints: 80_000,
        maxMillipoints: 100_000,
        passed: true,
        gradedAt,
        graderId: 1,
      }),
      await emit('course.completed', { learnerId: bea.id, courseId, enrollmentId: 1, completedAt: gradedAt }),
    ];
    await consumed(injected);
    const events = await until('two lesson.completed events', async () => {
      const rows = await sql<{ event_id: string; type: string; payload: Record<string, unknown> }>(
        `SELECT event_id, type, payload FROM lms_outbox WHERE type IN ('lesson.completed','quiz.graded','assignment.graded','course.completed') AND (payload->>'learnerId')::int = $1`,
        [bea.id],
      );
      return rows.filter((r) => r.type === 'lesson.completed').length >= 2 ? rows : null;
    });
    await consumed(events.map((e) => e.event_id));
    await me(bea); // today's visit
    const ledgerBefore = await ledgerOf(bea.id);
    const badgesBefore = await badgesOf(bea.id);
    const pointsBefore = (await me(bea)).points;
    // lesson 10 × 2, quiz passed 20, perfect 10, assignment 30, course 100, visit 5
    expect(pointsBefore).toBe(185);
    expect(badgesBefore).toEqual(['first-lesson', 'perfect-quiz']);

    // Every event again, twice, as re-emitted facts (new event ids): nothing changes.
    const replayed: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      for (const e of events) replayed.push(await emit(e.type, e.payload));
    }
    await consumed(replayed);
    expect(await ledgerOf(bea.id)).toEqual(ledgerBefore);
    expect(await badgesOf(bea.id)).toEqual(badgesBefore);
    expect((await me(bea)).points).toBe(pointsBefore);
  });

  it('a payload of the wrong shape fails in the failed set naming the field, and awards nothing', async () => {
    const id = await emit('quiz.graded', { learnerId: 'nobody', courseId, quizId: 'q', attemptId: 1, score: 1, maxScore: 1, passed: true, gradedAt: new Date().toISOString() });
    const failed = await until(
      'the failed job',
      async () => (await sql<{ error: string }>("SELECT error FROM lms_failed_jobs WHERE event_id = $1 AND name = $2 AND status = 'failed'", [id, CONSUMER]))[0],
      90_000,
    );
    expect(failed.error).toContain('payload.learnerId');
  }, 120_000);
});

describe('preferences, privacy and input checks', () => {
  let cal: Learner;
  let dan: Learner;
  beforeAll(async () => {
    cal = await registerLearner('gam-cal', run);
    dan = await registerLearner('gam-dan', run);
  });

  it("403 for another learner's history; the learner's own and an admin's read work", async () => {
    const denied = await getJson<ApiErrorBody>(`${API}/learners/${dan.id}/history`, { headers: cal.auth });
    expect(denied.status).toBe(403);
    expect(denied.body.error.details.code).toBe('not-your-history');
    expect((await getJson(`${API}/learners/${cal.id}/history`, { headers: cal.auth })).status).toBe(200);
    expect([401, 403]).toContain((await getJson(`${API}/me/history`)).status); // no token: Public has no grant
    await me(dan);
    const asAdmin = await getJson<HistoryResponse>(`${ADMIN}/learners/${dan.id}/history`, { headers: admin });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.data.map((e) => e.rule)).toEqual(['daily-visit']);
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const zone = await sendJson<ApiErrorBody>('PUT', `${API}/me/preferences`, { timeZone: 'Mars/Olympus' }, cal.auth);
    expect(zone.status).toBe(400);
    expect(zone.body.error.details).toMatchObject({ field: 'body.timeZone', code: 'invalid-time-zone' });
    const extra = await sendJson<ApiErrorBody>('PUT', `${API}/me/preferences`, { hidden: 'yes' }, cal.auth);
    expect(extra.body.error.details.field).toBe('body.hidden');
    expect((await sql('SELECT 1 FROM lms_gamification_profiles WHERE learner_id = $1 AND time_zone IS NOT NULL', [cal.id])).length).toBe(0);

    for (const [query, field] of [
      ['scope=galaxy', 'query.scope'],
      ['period=decade', 'query.period'],
      ['limit=0', 'query.limit'],
    ] as const) {
      const res = await getJson<ApiErrorBody>(`${API}/leaderboard?${query}`, { headers: cal.auth });
      expect(res.status, query).toBe(400);
      expect(res.body.error.details.field).toBe(field);
    }
    const page = await getJson<ApiErrorBody>(`${API}/me/history?page=0`, { headers: cal.auth });
    expect(page.body.error.details.field).toBe('query.page');

    const before = await getJson<SettingsResponse>(`${ADMIN}/settings`, { headers: admin });
    const rules = await sendJson<ApiErrorBody>('PUT', `${ADMIN}/settings`, { rules: { 'quiz-passed': { enabled: true, points: 0, courseIds: null } }, levels: [{ name: 'A', minPoints: 0 }] }, admin);
    expect(rules.status).toBe(400);
    expect(rules.body.error.details).toMatchObject({ field: 'body.rules.quiz-passed.points', code: 'invalid-points' });
    const levels = await sendJson<ApiErrorBody>('PUT', `${ADMIN}/settings`, { levels: [{ name: 'A', minPoints: 5 }] }, admin);
    expect(levels.body.error.details).toMatchObject({ field: 'body.levels[0].minPoints', code: 'first-level-not-zero' });
    const image = await sendJson<ApiErrorBody>('PUT', `${ADMIN}/settings`, { badges: [{ id: 'x', name: 'X', description: '', criterion: { kind: 'points', threshold: 5 }, image: 999999 }] }, admin);
    expect(image.body.error.details).toMatchObject({ field: 'body.badges[0].image' });
    expect((await getJson<SettingsResponse>(`${ADMIN}/settings`, { headers: admin })).body.data).toEqual(before.body.data);
    // A learner cannot reach the admin API.
    expect([401, 403]).toContain((await getJson(`${ADMIN}/settings`, { headers: cal.auth })).status);
  });

  it('a rule switched off or scoped to other courses pays nothing; facts (badges) still count', async () => {
    const eve = await registerLearner('gam-eve', run);
    const saved = await sendJson<SettingsResponse>('PUT', `${ADMIN}/settings`, { rules: { 'lesson-completed': { enabled: true, points: 10, courseIds: ['some-other-course'] } } }, admin);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    try {
      // The settings cache lives up to 5 s per process.
      await new Promise((r) => setTimeout(r, 5_500));
      const id = await emit('lesson.completed', { learnerId: eve.id, courseId, lessonId: lessons[2], enrollmentId: 1, completedAt: new Date().toISOString() });
      await consumed([id]);
      expect(await ledgerOf(eve.id)).toEqual([]);
      expect(await badgesOf(eve.id)).toEqual(['first-lesson']);
    } finally {
      await sendJson('PUT', `${ADMIN}/settings`, { rules: { 'lesson-completed': { enabled: true, points: 10, courseIds: null } } }, admin);
      await new Promise((r) => setTimeout(r, 5_500));
    }
  });
});

describe('leaderboards', () => {
  it('opt-out hides the learner from others, who move up; the learner still sees their own rank', async () => {
    const fay = await registerLearner('gam-fay', run);
    const gus = await registerLearner('gam-gus', run);
    const hal = await registerLearner('gam-hal', run);
    for (const l of [fay, gus, hal]) await enroll(l, courseId);
    // gus 130 (three lessons and the course), fay 20, hal 10 on this course's board.
    for (const [l, n] of [
      [gus, 3],
      [fay, 2],
      [hal, 1],
    ] as const) {
      for (const lesson of lessons.slice(0, n)) await completeLesson(l, lesson);
    }
    const q = `scope=course:${courseId}&period=all&limit=100`;
    const mine = (b: LeaderboardResponse) => b.data.filter((e) => [fay.id, gus.id, hal.id].includes(e.learnerId)).map((e) => [e.learnerId, e.rank, e.points]);
    await until('the three on the course board', async () => mine(await board(fay, q)).length === 3);
    const before = await board(hal, q);
    const rankOf = (b: LeaderboardResponse, id: number) => b.data.find((e) => e.learnerId === id)?.rank as number;
    expect(rankOf(before, gus.id)).toBeLessThan(rankOf(before, fay.id));
    expect(before.data.find((e) => e.learnerId === fay.id)?.displayName).toBe(`Learner #${fay.id}`);

    const hidden = await sendJson<PreferencesResponse>('PUT', `${API}/me/preferences`, { hidden: true, displayName: 'Gus the Great' }, gus.auth);
    expect(hidden.body.data).toMatchObject({ hidden: true, displayName: 'Gus the Great' });
    const seenByHal = await board(hal, q);
    expect(seenByHal.data.map((e) => e.learnerId)).not.toContain(gus.id);
    expect(rankOf(seenByHal, fay.id)).toBe(rankOf(before, fay.id) - 1);
    expect(seenByHal.meta.me).toEqual({ rank: rankOf(before, hal.id) - 1, points: 10, hidden: false });
    const seenByGus = await board(gus, q);
    expect(seenByGus.data.map((e) => e.learnerId)).not.toContain(gus.id);
    // gus also completed the course (all three lessons): 3 × 10 + 100.
    const gusPoints = before.data.find((e) => e.learnerId === gus.id)?.points;
    expect(gusPoints).toBe(130);
    expect(seenByGus.meta.me).toEqual({ rank: rankOf(before, gus.id), points: gusPoints, hidden: true });

    await sendJson('PUT', `${API}/me/preferences`, { hidden: false }, gus.auth);
    const back = await board(hal, q);
    expect(back.data.find((e) => e.learnerId === gus.id)).toMatchObject({ rank: rankOf(before, gus.id), points: gusPoints, displayName: 'Gus the Great' });
  });

  describe('rebuild from the database equals incremental updates (10,000 learners)', () => {
    const FIRST = 70_000_000;
    const LEARNERS = 10_000;
    const seedCourses = [`gam-seed-a-${run}`, `gam-seed-b-${run}`];
    let redis: Redis;
    const key = (boardId: string) => `${inject('redisPrefix')}:gamification:lb:${boardId}`;
    const inSeed = (id: number) => id >= FIRST && id < FIRST + LEARNERS;

    /** Every board touching the seeded learners, summed by PostgreSQL (its own ISO weeks), hidden learners left out. */
    async function oracle(): Promise<Map<string, Map<number, number>>> {
      const rows = await sql<{ board: string; learner_id: number; points: string }>(
        `WITH pe AS (
           SELECT p.learner_id, p.points, p.course_id,
                  to_char(p.occurred_at AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week, to_char(p.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month
           FROM lms_gamification_point_events p LEFT JOIN lms_gamification_profiles pr ON pr.learner_id = p.learner_id
           WHERE p.learner_id BETWEEN $1 AND $2 AND coalesce(pr.hidden, false) = false),
         boards AS (
           SELECT 'global/all' AS board, learner_id, points FROM pe
           UNION ALL SELECT 'global/week:' || week, learner_id, points FROM pe
           UNION ALL SELECT 'global/month:' || month, learner_id, points FROM pe
           UNION ALL SELECT 'course:' || course_id || '/all', learner_id, points FROM pe WHERE course_id IS NOT NULL
           UNION ALL SELECT 'course:' || course_id || '/week:' || week, learner_id, points FROM pe WHERE course_id IS NOT NULL
           UNION ALL SELECT 'course:' || course_id || '/month:' || month, learner_id, points FROM pe WHERE course_id IS NOT NULL)
         SELECT board, learner_id, sum(points)::text AS points FROM boards GROUP BY board, learner_id`,
        [FIRST, FIRST + LEARNERS - 1],
      );
      const out = new Map<string, Map<number, number>>();
      for (const r of rows) {
        if (!out.has(r.board)) out.set(r.board, new Map());
        out.get(r.board)?.set(Number(r.learner_id), Number(r.points));
      }
      return out;
    }

    /** The seeded learners' entries of the same boards in Redis, and their competition ranks. */
    async function stored(boards: Iterable<string>): Promise<Map<string, Map<number, [points: number, rank: number]>>> {
      const out = new Map<string, Map<number, [number, number]>>();
      for (const b of boards) {
        const flat = await redis.zrange(key(b), 0, -1, 'WITHSCORES');
        const entries = new Map<number, [number, number]>();
        let above = 0;
        let lastScore = Number.NaN;
        let lastRank = 0;
        for (let i = 0; i < flat.length; i += 2) {
          const id = Number(flat[i]);
          const points = -Number(flat[i + 1]);
          const rank = points === lastScore ? lastRank : above + 1;
          above += 1;
          lastScore = points;
          lastRank = rank;
          if (inSeed(id)) entries.set(id, [points, rank]);
        }
        out.set(b, entries);
      }
      return out;
    }

    /** Competition ranks of the seeded learners computed from the oracle's sums (course boards: only seeded learners are on them). */
    function ranked(sums: Map<number, number>): Map<number, [number, number]> {
      const sorted = [...sums].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const out = new Map<number, [number, number]>();
      sorted.forEach(([id, p], i) => {
        const prev = sorted[i - 1];
        out.set(id, [p, prev && prev[1] === p ? (out.get(prev[0]) as [number, number])[1] : i + 1]);
      });
      return out;
    }

    beforeAll(async () => {
      redis = new Redis(TEST_REDIS_URL);
      // Seeded straight into the ledger: 1–4 point events per learner over the last ten days
      // (this week and last, maybe two months) in two courses, with many ties; every 97th learner
      // opted out. (Weeks and months long gone are not kept in Redis, so recent ones.)
      let seed = 42;
      const rand = (n: number) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      const cols: { learner: number[]; rule: string[]; subject: string[]; points: number[]; course: string[]; at: string[] } = { learner: [], rule: [], subject: [], points: [], course: [], at: [] };
      for (let i = 0; i < LEARNERS; i += 1) {
        const events = 1 + rand(4);
        for (let e = 0; e < events; e += 1) {
          cols.learner.push(FIRST + i);
          cols.rule.push('lesson-completed');
          cols.subject.push(`lesson:seed-${e}`);
          cols.points.push(5 * (1 + rand(20)));
          cols.course.push(seedCourses[rand(2)] as string);
          cols.at.push(new Date(Date.now() - 3_600_000 - rand(10 * 24 * 60) * 60_000).toISOString());
        }
      }
      await sql(
        `INSERT INTO lms_gamification_point_events (learner_id, rule, subject, points, course_id, occurred_at, created_at)
         SELECT * , now() FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])`,
        [cols.learner, cols.rule, cols.subject, cols.points, cols.course, cols.at],
      );
      await sql(
        `INSERT INTO lms_gamification_profiles (learner_id, hidden, updated_at) SELECT g, true, now() FROM generate_series($1::int, $2::int, 97) g`,
        [FIRST, FIRST + LEARNERS - 1],
      );
    }, 120_000);
    afterAll(async () => {
      await redis?.quit();
    });

    it('a rebuild puts exactly the ledger sums on every board, ranked 1224 as PostgreSQL ranks them', async () => {
      const rebuilt = await sendJson<RebuildResponse>('POST', `${ADMIN}/leaderboards/rebuild`, {}, admin);
      expect(rebuilt.status, JSON.stringify(rebuilt.body)).toBe(200);
      expect(rebuilt.body.data.pointEvents).toBeGreaterThan(LEARNERS);
      const expected = await oracle();
      expect(expected.get('global/all')?.size).toBe(LEARNERS - Math.ceil(LEARNERS / 97));
      const boards = await stored(expected.keys());
      for (const [b, sums] of expected) {
        const points = new Map([...(boards.get(b) ?? [])].map(([id, [p]]) => [id, p]));
        expect(points, b).toEqual(sums);
        if (b.startsWith('course:')) expect(boards.get(b), b).toEqual(ranked(sums));
      }
    }, 120_000);

    it('awards landing as events update the boards incrementally, and a rebuild then changes nothing', async () => {
      // 200 seeded learners (some opted out) complete a lesson of seed course A.
      const ids: string[] = [];
      for (let i = 0; i < 200; i += 1) {
        ids.push(await emit('lesson.completed', { learnerId: FIRST + i * 37, courseId: seedCourses[0], lessonId: `inc-${i % 3}`, enrollmentId: 1, completedAt: new Date(Date.now() - 7_200_000).toISOString() }));
      }
      await consumed(ids, 120_000);
      const expected = await oracle();
      const incremental = await stored(expected.keys());
      for (const [b, sums] of expected) {
        expect(new Map([...(incremental.get(b) ?? [])].map(([id, [p]]) => [id, p])), b).toEqual(sums);
      }
      await sendJson('POST', `${ADMIN}/leaderboards/rebuild`, {}, admin);
      expect(await stored(expected.keys())).toEqual(incremental);
    }, 180_000);

    it("the leaderboard route answers top 10 and the caller's rank from the same boards", async () => {
      const ivy = await registerLearner('gam-ivy', run);
      await sql(`INSERT INTO lms_gamification_point_events (learner_id, rule, subject, points, course_id, occurred_at, created_at) VALUES ($1, 'lesson-completed', 'lesson:ivy', 50, $2, now() - interval '1 minute', now())`, [
        ivy.id,
        seedCourses[1],
      ]);
      await sendJson('POST', `${ADMIN}/leaderboards/rebuild`, {}, admin);
      const course = `course:${seedCourses[1]}`;
      const sums = await oracle();
      const [{ week }] = (await sql<{ week: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week`)) as [{ week: string }];
      for (const [period, boardId] of [
        ['all', `${course}/all`],
        ['week', `${course}/week:${week}`],
      ] as const) {
        const scores = new Map(sums.get(boardId));
        scores.set(ivy.id, 50);
        const expected = ranked(scores);
        const res = await board(ivy, `scope=${course}&period=${period}&limit=10`);
        expect(res.meta.periodKey).toBe(period === 'all' ? 'all' : `week:${week}`);
        expect(res.data.map((e) => [e.learnerId, e.rank, e.points]), period).toEqual([...expected].slice(0, 10).map(([id, [p, r]]) => [id, r, p]));
        expect(res.meta.me, period).toEqual({ rank: expected.get(ivy.id)?.[1], points: 50, hidden: false });
      }
    }, 60_000);
  });
});

describe('streaks on the learner\'s own calendar (test clock)', () => {
  it('New York across the March DST change: dates are local, a missed date restarts the run', async () => {
    const ny = await registerLearner('gam-ny', run);
    expect((await sendJson('PUT', `${API}/me/preferences`, { timeZone: 'america/new_york' }, ny.auth)).status).toBe(200);
    // 23:30 EST on Sat 7 March (already 8 March in UTC).
    expect((await me(ny, at('2026-03-08T04:30:00Z'))).streak).toMatchObject({ length: 1, visitedToday: true });
    // 23:30 EDT on Sun 8 March, a 23-hour day (9 March in UTC).
    expect((await me(ny, at('2026-03-09T03:30:00Z'))).streak.length).toBe(2);
    // One hour later it is Monday 9 March in New York (the same UTC date as the last visit).
    const monday = await me(ny, at('2026-03-09T04:30:00Z'));
    expect(monday.streak).toMatchObject({ length: 3, startDay: '2026-03-07', visitedToday: true });
    expect(monday.timeZone).toBe('America/New_York');
    // Same local date again: no new points.
    expect((await me(ny, at('2026-03-09T23:00:00Z'))).points).toBe(monday.points);
    // Tuesday missed: on Wednesday the run is broken, then restarts.
    const wed = await me(ny, at('2026-03-11T16:00:00Z'));
    expect(wed.streak).toMatchObject({ length: 1, longest: 3, startDay: '2026-03-11' });
    const days = (await history(ny)).data.filter((e) => e.rule === 'daily-visit').map((e) => e.subject);
    expect(days.sort()).toEqual(['day:2026-03-07', 'day:2026-03-08', 'day:2026-03-09', 'day:2026-03-11']);
  });

  it('flying east from London to Auckland keeps the run though the calendar skips a date', async () => {
    const jo = await registerLearner('gam-jo', run);
    await sendJson('PUT', `${API}/me/preferences`, { timeZone: 'Europe/London' }, jo.auth);
    await me(jo, at('2026-06-01T20:00:00Z')); // 21:00 BST, 1 June
    await sendJson('PUT', `${API}/me/preferences`, { timeZone: 'Pacific/Auckland' }, jo.auth);
    // 01:00 on 3 June in Auckland, but only 14:00 on 2 June in London: no date was missed there.
    const landed = await me(jo, at('2026-06-02T13:00:00Z'));
    expect(landed.streak).toMatchObject({ length: 2, startDay: '2026-06-01' });
  });

  it('seven consecutive local dates in Auckland pay the 7-day milestone once and earn its badge', async () => {
    const kim = await registerLearner('gam-kim', run);
    await sendJson('PUT', `${API}/me/preferences`, { timeZone: 'Pacific/Auckland' }, kim.auth);
    let last: MeResponse['data'] | null = null;
    // 08:00 NZDT each morning (19:00 UTC the day before).
    for (let d = 0; d < 8; d += 1) last = await me(kim, at(new Date(Date.UTC(2026, 0, 10 + d, 19)).toISOString()));
    expect(last?.streak).toMatchObject({ length: 8, startDay: '2026-01-11' });
    expect(last?.newBadges.map((b) => b.id)).toContain('streak-7');
    const h = (await history(kim)).data;
    expect(h.filter((e) => e.rule === 'streak-milestone').map((e) => [e.subject, e.points])).toEqual([['streak:2026-01-11/7', 50]]);
    expect(last?.points).toBe(8 * 5 + 50);
  });
});
