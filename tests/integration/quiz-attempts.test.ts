import { beforeAll, describe, expect, inject, it } from 'vitest';
import { typescriptQuiz } from '../../database/seed/catalog/typescript-fundamentals';
import { questionData } from '../../database/seed/to-strapi';
import type { QuestionSeed, QuizSeed } from '../../database/seed/types';
import type {
  AdminEssayListResponse,
  ApiErrorBody,
  AnswerWire,
  AttemptResponse,
  CheckAnswerResponse,
  GradeAnswerResponse,
  LearnerQuestion,
  QuizOverviewResponse,
  SaveAnswerResponse,
  StartAttemptResponse,
  SubmitAttemptResponse,
} from '../../plugins/lms-grading/server/src/quizzes/contracts';
import type { MyEnrollmentsResponse } from '../../plugins/lms-enrollment/server/src/contracts';
import { adminAuth, getJson, sendJson } from '../harness/api';
import { connect, publishDoc } from '../harness/content';
import { enroll, registerLearner, type Learner } from '../harness/learners';
import { sql } from '../harness/pg';

/**
 * Quiz attempts of lms-grading against the real stack: quizzes authored and published through the
 * admin's content-manager API, learners registered through users-permissions, every call over
 * HTTP; rows and outbox events read back from PostgreSQL. "Now" moves per request with the
 * x-lms-test-now header. Time-limited attempts are started two days ahead of the real clock so
 * the real-time sweep of expired attempts cannot reach them before the test does.
 */

const API = '/api/lms-grading';
const ENR = '/api/lms-enrollment';
const run = Date.now().toString(36);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let admin: Record<string, string>;

async function course(slug: string): Promise<{ id: string; title: string }> {
  const title = `Quiz test ${slug} ${run}`;
  const id = await publishDoc(admin, 'api::course.course', {
    title,
    slug: `quiz-${slug}-${run}`,
    summary: `A course for the quiz tests (${slug})`,
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  return { id, title };
}

async function quiz(courseId: string, seed: QuizSeed, extra: Record<string, unknown> = {}): Promise<string> {
  const { questions, ...settings } = seed;
  return publishDoc(admin, 'api::quiz.quiz', { ...settings, course: connect(courseId), questions: questions.map(questionData), ...extra });
}

const at = (ms: number) => ({ 'x-lms-test-now': new Date(ms).toISOString() });

// ─── authored questions (every answer key and feedback text is recognisable in a leak scan) ──

const SECRET = 'SECRETKEY';
const q = {
  capital: { type: 'single-choice', prompt: 'Capital of France?', points: 1, feedback: `FEEDBACK capital ${SECRET}`, options: [{ text: 'Paris', correct: true, feedback: `FEEDBACK right ${SECRET}` }, { text: 'Lyon', correct: false, feedback: `FEEDBACK wrong ${SECRET}` }] },
  primes: { type: 'multiple-choice', prompt: 'Which are prime?', points: 2, partialCredit: true, feedback: `FEEDBACK primes ${SECRET}`, options: [{ text: '2', correct: true }, { text: '3', correct: true }, { text: '4', correct: false }] },
  sky: { type: 'true-false', prompt: 'The sky is blue.', points: 1, correctAnswer: true, feedback: `FEEDBACK sky ${SECRET}` },
  word: { type: 'short-answer', prompt: 'Type the magic word.', points: 1, acceptedAnswers: [`${SECRET}WORD`], feedback: `FEEDBACK word ${SECRET}` },
  pi: { type: 'numeric', prompt: 'Half of 85?', points: 1, value: 42.5, tolerance: 0.25, feedback: `FEEDBACK pi ${SECRET}` },
  steps: { type: 'ordering', prompt: 'Order the steps.', points: 1, items: ['first step', 'second step', 'third step'], feedback: `FEEDBACK steps ${SECRET}` },
  pairs: { type: 'matching', prompt: 'Match them.', points: 1, pairs: [['cat', 'meow'], ['dog', 'woof']], feedback: `FEEDBACK pairs ${SECRET}` },
  blank: { type: 'fill-blanks', prompt: 'Fill it in.', points: 1, text: 'The answer is {{1}}.', blanks: [{ acceptedAnswers: [`${SECRET}BLANK`, 'other'] }], feedback: `FEEDBACK blank ${SECRET}` },
  essay: { type: 'essay', prompt: 'Explain your reasoning.', points: 4, minWords: 3, maxWords: 200, guidance: 'A few sentences.', feedback: `FEEDBACK essay ${SECRET}` },
} satisfies Record<string, QuestionSeed>;

const quizSeed = (title: string, questions: QuestionSeed[], settings: Partial<QuizSeed> = {}): QuizSeed => ({
  title: `${title} ${run}`,
  description: `Quiz ${title}`,
  passingScore: 50,
  maxAttempts: 0,
  shuffleQuestions: true,
  shuffleOptions: true,
  feedbackMode: 'after_submit',
  attemptPolicy: 'best',
  questions,
  ...settings,
});

/** The right (or a wrong) answer to a question of the learner's paper, from the authored key. */
function answerTo(question: LearnerQuestion, seeds: readonly QuestionSeed[], right = true): AnswerWire {
  const seed = seeds.find((s) => s.prompt === question.prompt);
  if (!seed) throw new Error(`no authored question "${question.prompt}"`);
  const byText = (list: Array<{ id: string; text: string }>, text: string) => {
    const found = list.find((x) => x.text === text);
    if (!found) throw new Error(`"${text}" not shown in "${question.prompt}"`);
    return found.id;
  };
  switch (seed.type) {
    case 'single-choice': {
      const options = question.type === 'single-choice' ? question.options : [];
      return { optionId: byText(options, seed.options.find((o) => o.correct === right)?.text ?? '') };
    }
    case 'multiple-choice': {
      const options = question.type === 'multiple-choice' ? question.options : [];
      return { optionIds: seed.options.filter((o) => o.correct === right).map((o) => byText(options, o.text)) };
    }
    case 'true-false':
      return { value: right ? seed.correctAnswer : !seed.correctAnswer };
    case 'short-answer':
      return { text: right ? (seed.acceptedAnswers[0] ?? '') : 'nope' };
    case 'numeric':
      return { value: right ? String(seed.value) : '-1' };
    case 'ordering': {
      const items = question.type === 'ordering' ? question.items : [];
      const ids = seed.items.map((t) => byText(items, t));
      return { itemIds: right ? ids : [...ids].reverse() };
    }
    case 'matching': {
      const left = question.type === 'matching' ? question.left : [];
      const rightSide = question.type === 'matching' ? question.right : [];
      const rights = seed.pairs.map(([, r]) => byText(rightSide, r));
      const matches: Record<string, string | null> = {};
      seed.pairs.forEach(([l], i) => {
        matches[byText(left, l)] = (right ? rights[i] : rights[(i + 1) % rights.length]) ?? null;
      });
      return { matches };
    }
    case 'fill-blanks':
      return { blanks: seed.blanks.map((b) => (right ? (b.acceptedAnswers[0] ?? '') : 'wrong')) };
    case 'essay':
      return { text: 'TypeScript would have caught a missing property on an order object because the interface names every field. '.repeat(8) };
  }
}

// ─── the leak scan ──────────────────────────────────────────────────────────────────────────

/** Keys that only the server's copy of a question has (keys, feedback, explanations, seeds). */
const KEY_NAMES = new Set([
  'correct',
  'isCorrect',
  'correctAnswer',
  'correctAnswers',
  'acceptedAnswers',
  'accepted',
  'tolerance',
  'explanation',
  'feedback',
  'partialCredit',
  'caseSensitive',
  'ignoreWhitespace',
  'pairs',
  'presentation',
  'sourceIndex',
  'sourceId',
  'seed',
  'rule',
  'parts',
  'share',
  'grader',
]);

/** Every key path in `value` whose name is an answer-key field, and every string holding an authored secret. */
function leaks(value: unknown, path = '$'): string[] {
  // The learner's own answers (echoed back) may of course contain what they typed.
  const ownAnswer = /\.answers?\b/.test(path);
  if (typeof value === 'string') return !ownAnswer && (value.includes(SECRET) || value.includes('FEEDBACK')) ? [`${path} = ${JSON.stringify(value)}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    // `review.release` says which kinds of feedback are released (booleans named like them).
    const flags = path.endsWith('.release');
    return Object.entries(value).flatMap(([k, v]) => [...(KEY_NAMES.has(k) && !flags ? [`${path}.${k}`] : []), ...leaks(v, `${path}.${k}`)]);
  }
  return [];
}

function expectNoKeys(body: unknown, what: string): void {
  expect(leaks(body), what).toEqual([]);
}

const attemptRow = (id: number) =>
  sql<{ status: string; score: string | null; max_score: string; percent: number | null; passed: boolean | null; submitted_at: Date | null; deadline: Date | null; auto_submitted: boolean; pending_points: string }>(
    'SELECT * FROM lms_quiz_attempts WHERE id = $1',
    [id],
  ).then((rows) => rows[0]);
const answerRows = (attemptId: number) =>
  sql<{ question_id: string; answer: unknown; grade_status: string | null; points_awarded: string | null; grader_kind: string | null }>('SELECT * FROM lms_quiz_answers WHERE attempt_id = $1', [attemptId]);
const gradedEvents = (attemptId: number) =>
  sql<{ payload: Record<string, unknown>; actor: Record<string, unknown> | null }>(`SELECT payload, actor FROM lms_outbox WHERE type = 'quiz.graded' AND (payload->>'attemptId')::int = $1`, [attemptId]);

/** A success body, or (on a 4xx) Strapi's error body: the test checks the status first. */
type OrError<T> = T & Pick<ApiErrorBody<Record<string, unknown>>, 'error'>;

async function start(learner: Learner, quizId: string, headers: Record<string, string> = {}) {
  return sendJson<OrError<StartAttemptResponse>>('POST', `${API}/quizzes/${quizId}/attempts`, {}, { ...learner.auth, ...headers });
}
async function save(learner: Learner, attemptId: number, questionId: string, answer: unknown, headers: Record<string, string> = {}) {
  return sendJson<OrError<SaveAnswerResponse>>('PUT', `${API}/attempts/${attemptId}/answers/${questionId}`, { answer }, { ...learner.auth, ...headers });
}
async function check(learner: Learner, attemptId: number, questionId: string, body: Record<string, unknown> = {}) {
  return sendJson<OrError<CheckAnswerResponse>>('POST', `${API}/attempts/${attemptId}/answers/${questionId}/check`, body, learner.auth);
}
async function submit(learner: Learner, attemptId: number, headers: Record<string, string> = {}) {
  return sendJson<OrError<SubmitAttemptResponse>>('POST', `${API}/attempts/${attemptId}/submit`, {}, { ...learner.auth, ...headers });
}

// ─── fixture ────────────────────────────────────────────────────────────────────────────────

const everyType = [q.capital, q.primes, q.sky, q.word, q.pi, q.steps, q.pairs, q.blank];
let main: { id: string; title: string };
const Q: Record<'limited' | 'timed' | 'closed' | 'essay', string> = {} as never;

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  main = await course('main');
  Q.limited = await quiz(main.id, quizSeed('Limited', everyType, { maxAttempts: 2, feedbackMode: 'never' }));
  Q.timed = await quiz(main.id, quizSeed('Timed', [q.capital, q.sky], { timeLimitMinutes: 30 }));
  Q.closed = await quiz(main.id, quizSeed('Closed', [q.capital]), { dueDate: new Date(Date.now() - DAY).toISOString() });
  Q.essay = await quiz(main.id, quizSeed('Essay', [q.capital, q.essay], { passingScore: 60, shuffleQuestions: false }));
}, 240_000);

describe('learner routes', () => {
  it('grants the quiz actions to the Authenticated role only and refuses anonymous callers', async () => {
    const rows = await sql<{ type: string; action: string }>(
      `SELECT r.type, p.action FROM up_permissions p
         JOIN up_permissions_role_lnk l ON l.permission_id = p.id JOIN up_roles r ON r.id = l.role_id
        WHERE p.action LIKE 'plugin::lms-grading.quizzes.%' ORDER BY p.action`,
    );
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['authenticated']));
    expect(rows.map((r) => r.action)).toEqual([
      'plugin::lms-grading.quizzes.checkAnswer',
      'plugin::lms-grading.quizzes.findAttempt',
      'plugin::lms-grading.quizzes.overview',
      'plugin::lms-grading.quizzes.saveAnswer',
      'plugin::lms-grading.quizzes.startAttempt',
      'plugin::lms-grading.quizzes.submitAttempt',
    ]);
    expect((await getJson(`${API}/quizzes/${Q.limited}`)).status).toBe(403);
    expect((await sendJson('POST', `${API}/quizzes/${Q.limited}/attempts`, {})).status).toBe(403);
  });

  it('refuses a learner who is not enrolled in the quiz course (403 naming it), and an unknown quiz (404)', async () => {
    const stranger = await registerLearner('stranger', run);
    const overview = await getJson<ApiErrorBody<{ code: string }>>(`${API}/quizzes/${Q.limited}`, { headers: stranger.auth });
    expect(overview.status).toBe(403);
    expect(overview.body.error.details?.code).toBe('not-enrolled');
    expect(overview.body.error.message).toBe(`enroll in "${main.title}" to take its quizzes`);
    expect((await start(stranger, Q.limited)).status).toBe(403);
    expect(await sql('SELECT id FROM lms_quiz_attempts WHERE user_id = $1', [stranger.id])).toEqual([]);
    expect((await getJson(`${API}/quizzes/nosuchquiz${run}`, { headers: stranger.auth })).status).toBe(404);
  });
});

describe('attempts of a quiz with two attempts allowed (every auto-graded type, scores only)', () => {
  let ann: Learner;
  let attemptId: number;
  let paper: LearnerQuestion[];

  beforeAll(async () => {
    ann = await registerLearner('ann', run);
    await enroll(ann, main.id);
  });

  it('shows the rules and that an attempt may start, without any answer key', async () => {
    const res = await getJson<QuizOverviewResponse>(`${API}/quizzes/${Q.limited}`, { headers: ann.auth });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      quiz: { documentId: Q.limited, course: { documentId: main.id, title: main.title }, rules: { maxAttempts: 2, passingScore: 50, feedbackMode: 'never', attemptPolicy: 'best' }, questionCount: 8, questionsPerAttempt: 8 },
      attempts: [],
      grade: { status: 'not-attempted' },
      attemptsLeft: 2,
      start: { canStart: true, nextNumber: 1 },
    });
    expectNoKeys(res.body, 'overview');
  });

  it('starts attempt 1: the paper has every question, shuffled ids, no keys; a second start is 409 naming the open attempt', async () => {
    const res = await start(ann, Q.limited);
    expect(res.status).toBe(201);
    expectNoKeys(res.body, 'start');
    attemptId = res.body.data.id;
    paper = res.body.data.paper.questions;
    expect(res.body.data).toMatchObject({ number: 1, status: 'open', deadline: null, secondsLeft: null, review: null, answers: {}, paper: { maxPoints: 9 } });
    expect(paper.map((x) => x.type).sort()).toEqual(['fill-blanks', 'matching', 'multiple-choice', 'numeric', 'ordering', 'short-answer', 'single-choice', 'true-false']);
    for (const question of paper) expect(question.id).toMatch(/^[a-z2-9]{10}$/);

    const again = await start(ann, Q.limited);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ code: 'attempt-in-progress', attemptId });
    expect(await sql('SELECT id FROM lms_quiz_attempts WHERE user_id = $1', [ann.id])).toHaveLength(1);
    // The stored paper holds the keys (server-side only) and the seed.
    const [row] = await sql<{ seed: string; paper: { seed: string; questions: unknown[] } }>('SELECT seed, paper FROM lms_quiz_attempts WHERE id = $1', [attemptId]);
    expect(row?.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(row?.paper.seed).toBe(row?.seed);
    expect(JSON.stringify(row?.paper)).toContain(SECRET);
  });

  it('refuses bad answers with 400 naming the problem, and saves nothing', async () => {
    const single = paper.find((x) => x.type === 'single-choice') as LearnerQuestion;
    const ordering = paper.find((x) => x.type === 'ordering') as Extract<LearnerQuestion, { type: 'ordering' }>;
    const cases: Array<[string, unknown, string]> = [
      [single.id, { optionId: 'not-an-option' }, 'answer.optionId'],
      [single.id, { optionIds: [] }, 'answer.optionIds'],
      [single.id, 'Paris', 'answer'],
      [ordering.id, { itemIds: [ordering.items[0]?.id] }, 'answer.itemIds'],
      ['zzzzzzzzzz', { optionId: null }, 'params.questionId'],
    ];
    for (const [questionId, answer, field] of cases) {
      const res = await save(ann, attemptId, questionId, answer);
      expect(res.status, JSON.stringify(answer)).toBe(400);
      expect(res.body.error.details, JSON.stringify(answer)).toMatchObject({ field });
      expect(res.body.error.message).toContain(field);
      expectNoKeys(res.body, `error for ${field}`);
    }
    const noAnswer = await sendJson<ApiErrorBody>('PUT', `${API}/attempts/${attemptId}/answers/${single.id}`, { optionId: 'x' }, ann.auth);
    expect(noAnswer.status).toBe(400);
    const badId = await sendJson<ApiErrorBody>('PUT', `${API}/attempts/abc/answers/${single.id}`, { answer: { optionId: null } }, ann.auth);
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain('params.id');
    expect(await answerRows(attemptId)).toEqual([]);
  });

  it("hides another learner's attempt (404) and leaves it untouched", async () => {
    const bob = await registerLearner('bob', run);
    await enroll(bob, main.id);
    const single = paper.find((x) => x.type === 'single-choice') as LearnerQuestion;
    expect((await getJson(`${API}/attempts/${attemptId}`, { headers: bob.auth })).status).toBe(404);
    expect((await save(bob, attemptId, single.id, answerTo(single, everyType))).status).toBe(404);
    expect((await submit(bob, attemptId)).status).toBe(404);
    expect(await answerRows(attemptId)).toEqual([]);
    expect((await attemptRow(attemptId))?.status).toBe('open');
  });

  it('autosaves answers (the last save wins) and shows them back on reading the attempt', async () => {
    for (const question of paper) {
      const res = await save(ann, attemptId, question.id, answerTo(question, everyType, question.type !== 'numeric'));
      expect(res.status, question.type).toBe(200);
      expectNoKeys(res.body, `save ${question.type}`);
    }
    const numeric = paper.find((x) => x.type === 'numeric') as LearnerQuestion;
    // A decimal comma is accepted; the second save replaces the first.
    expect((await save(ann, attemptId, numeric.id, { value: '42,9' })).status).toBe(200);
    const read = await getJson<AttemptResponse>(`${API}/attempts/${attemptId}`, { headers: ann.auth });
    expect(read.status).toBe(200);
    expectNoKeys(read.body, 'open attempt');
    expect(read.body.data.answers[numeric.id]).toEqual({ value: '42,9' });
    expect(Object.keys(read.body.data.answers)).toHaveLength(8);
    expect(await answerRows(attemptId)).toHaveLength(8);
  });

  it('grades a double submit once: both requests get the same result', async () => {
    const [a, b] = await Promise.all([submit(ann, attemptId), submit(ann, attemptId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.meta.submittedNow, b.body.meta.submittedNow].sort()).toEqual([false, true]);
    for (const res of [a, b]) {
      expectNoKeys(res.body, 'submit (feedback mode never)');
      // 42.9 is outside 42.5 ± 0.25: everything else is right.
      expect(res.body.data).toMatchObject({ status: 'graded', score: 8, maxScore: 9, percent: 88.88, passed: true, autoSubmitted: false });
      expect(res.body.data.review?.release).toMatchObject({ score: true, correctness: false, feedback: false, correctAnswers: false });
    }
    expect(a.body.data.review).toEqual(b.body.data.review);
    const rows = await answerRows(attemptId);
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.grade_status === 'graded' && r.grader_kind === 'auto')).toBe(true);
    expect(rows.map((r) => Number(r.points_awarded)).sort()).toEqual([0, 1000, 1000, 1000, 1000, 1000, 1000, 2000]);
    const events = await gradedEvents(attemptId);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ learnerId: ann.id, courseId: main.id, quizId: Q.limited, attemptId, score: 8, maxScore: 9, passed: true });
    // Submitted: answers can no longer change.
    const late = await save(ann, attemptId, paper[0]?.id ?? '', answerTo(paper[0] as LearnerQuestion, everyType));
    expect(late.status).toBe(409);
    expect(late.body.error.details).toMatchObject({ code: 'attempt-closed' });
  });

  it('allows the second attempt, then refuses a third (403 max-attempts-reached)', async () => {
    const second = await start(ann, Q.limited);
    expect(second.status).toBe(201);
    expect(second.body.data.number).toBe(2);
    expect((await submit(ann, second.body.data.id)).body.data).toMatchObject({ status: 'graded', score: 0, passed: false });
    const third = await start(ann, Q.limited);
    expect(third.status).toBe(403);
    expect(third.body.error.details).toMatchObject({ code: 'max-attempts-reached' });
    expect(third.body.error.message).toBe('all 2 attempt(s) allowed for this quiz have been used');
    expect(await sql('SELECT number FROM lms_quiz_attempts WHERE user_id = $1 ORDER BY number', [ann.id])).toEqual([{ number: 1 }, { number: 2 }]);
    const overview = await getJson<QuizOverviewResponse>(`${API}/quizzes/${Q.limited}`, { headers: ann.auth });
    expect(overview.body.data).toMatchObject({ attemptsLeft: 0, start: { canStart: false, code: 'max-attempts-reached' }, grade: { status: 'graded', policy: 'best', percent: 88.88, passed: true, countedAttempts: [1] } });
    expectNoKeys(overview.body, 'overview after attempts');
  });
});

describe('time limit (server clock)', () => {
  let cy: Learner;
  const t0 = Date.now() + 2 * DAY;

  beforeAll(async () => {
    cy = await registerLearner('cy', run);
    await enroll(cy, main.id);
  });

  it('ignores answers after the deadline (409 naming it) and grades only those saved in time', async () => {
    const started = await start(cy, Q.timed, at(t0));
    expect(started.status).toBe(201);
    const { id, paper: p } = started.body.data;
    expect(started.body.data.deadline).toBe(new Date(t0 + 30 * MIN).toISOString());
    expect(started.body.data.secondsLeft).toBe(30 * 60);
    const capital = p.questions.find((x) => x.prompt === q.capital.prompt) as LearnerQuestion;
    const sky = p.questions.find((x) => x.prompt === q.sky.prompt) as LearnerQuestion;

    const inTime = await save(cy, id, capital.id, answerTo(capital, [q.capital]), at(t0 + 29 * MIN));
    expect(inTime.status).toBe(200);
    expect(inTime.body.data.secondsLeft).toBe(60);
    const late = await save(cy, id, sky.id, answerTo(sky, [q.sky]), at(t0 + 30 * MIN + 1000));
    expect(late.status).toBe(409);
    expect(late.body.error.details).toMatchObject({ code: 'deadline-passed', deadline: new Date(t0 + 30 * MIN).toISOString() });
    expect(late.body.error.message).toContain(new Date(t0 + 30 * MIN).toISOString());
    expect((await answerRows(id)).map((r) => r.question_id)).toEqual([capital.id]);

    const done = await submit(cy, id, at(t0 + 45 * MIN));
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ status: 'graded', score: 1, maxScore: 2, percent: 50, passed: true, autoSubmitted: true, submittedAt: new Date(t0 + 30 * MIN).toISOString() });
  });

  it('submits an expired attempt when it is read, and before the next one starts', async () => {
    const first = await start(cy, Q.timed, at(t0 + DAY));
    const id = first.body.data.id;
    const read = await getJson<AttemptResponse>(`${API}/attempts/${id}`, { headers: { ...cy.auth, ...at(t0 + DAY + 31 * MIN) } });
    expect(read.body.data).toMatchObject({ status: 'graded', score: 0, autoSubmitted: true, submittedAt: new Date(t0 + DAY + 30 * MIN).toISOString() });

    const third = await start(cy, Q.timed, at(t0 + 2 * DAY));
    expect((await start(cy, Q.timed, at(t0 + 2 * DAY + 20 * MIN))).status).toBe(409); // still in time: continue it
    const fourth = await start(cy, Q.timed, at(t0 + 2 * DAY + 40 * MIN));
    expect(fourth.status).toBe(201);
    expect(fourth.body.data.number).toBe(4);
    expect(await attemptRow(third.body.data.id)).toMatchObject({ status: 'graded', auto_submitted: true });
  });
});

describe('a closed quiz', () => {
  it('refuses to start after its due date (403 quiz-closed) and writes nothing', async () => {
    const dee = await registerLearner('dee', run);
    await enroll(dee, main.id);
    const res = await start(dee, Q.closed);
    expect(res.status).toBe(403);
    expect(res.body.error.details).toMatchObject({ code: 'quiz-closed' });
    expect(res.body.error.message).toContain('the quiz closed on');
    const overview = await getJson<QuizOverviewResponse>(`${API}/quizzes/${Q.closed}`, { headers: dee.auth });
    expect(overview.body.data.start).toMatchObject({ canStart: false, code: 'quiz-closed' });
    expect(await sql('SELECT id FROM lms_quiz_attempts WHERE user_id = $1', [dee.id])).toEqual([]);
  });
});

describe('a quiz that cannot be taken as authored', () => {
  it('shows why on the overview and refuses to start (409 naming the field to fix)', async () => {
    const broken = await quiz(main.id, quizSeed('Broken', [{ ...q.capital, options: [{ text: 'Paris', correct: true }, { text: 'Lyon', correct: true }] }]));
    const ida = await registerLearner('ida', run);
    await enroll(ida, main.id);
    const overview = await getJson<QuizOverviewResponse>(`${API}/quizzes/${broken}`, { headers: ida.auth });
    expect(overview.status).toBe(200);
    expect(overview.body.data.start).toMatchObject({ canStart: false, code: 'quiz-misconfigured' });
    const res = await start(ida, broken);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ code: 'quiz-misconfigured', field: 'questions[0].options' });
    expect(res.body.error.message).toContain('needs exactly one correct option; has 2');
    expectNoKeys(res.body, 'misconfigured quiz');
    expect(await sql('SELECT id FROM lms_quiz_attempts WHERE user_id = $1', [ida.id])).toEqual([]);
  });
});

describe('essays: pending review until an instructor grades them', () => {
  let eve: Learner;
  let attemptId: number;
  let essayId: string;

  beforeAll(async () => {
    eve = await registerLearner('eve', run);
    await enroll(eve, main.id);
  });

  it('leaves an attempt with an essay pending review, with its auto-graded part scored', async () => {
    const started = await start(eve, Q.essay);
    attemptId = started.body.data.id;
    const questions = started.body.data.paper.questions;
    expect(questions.map((x) => x.type)).toEqual(['single-choice', 'essay']);
    expect(questions[1]).toMatchObject({ type: 'essay', minWords: 3, maxWords: 200, guidance: 'A few sentences.' });
    for (const question of questions) expect((await save(eve, attemptId, question.id, answerTo(question, [q.capital, q.essay]))).status).toBe(200);
    essayId = questions[1]?.id ?? '';
    const res = await submit(eve, attemptId);
    expect(res.body.data).toMatchObject({ status: 'pending_review', score: 1, maxScore: 5, pendingPoints: 4, percent: null, passed: null });
    expect(res.body.data.review?.questions.find((r) => r.questionId === essayId)).toMatchObject({ status: 'pending-review', points: null, outcome: 'pending-review' });
    expect(await gradedEvents(attemptId)).toEqual([]);
    expectNoKeys(res.body.data.paper, 'paper after submission');
  });

  it('lists the essay for the admin with learner, quiz, course, prompt and text', async () => {
    const res = await getJson<AdminEssayListResponse>(`/lms-grading/admin/essays?status=pending&course=${main.id}`, { headers: admin });
    expect(res.status).toBe(200);
    const essay = res.body.data.find((e) => e.attemptId === attemptId);
    expect(essay).toMatchObject({
      questionId: essayId,
      status: 'pending',
      learner: { id: eve.id, email: eve.email },
      quiz: { documentId: Q.essay, title: `Essay ${run}` },
      course: { documentId: main.id, title: main.title },
      prompt: q.essay.prompt,
      maxPoints: 4,
      points: null,
    });
    expect(essay?.answerText).toContain('TypeScript would have caught');
    expect(essay?.wordCount).toBeGreaterThan(100);
    expect((await getJson<ApiErrorBody>('/lms-grading/admin/essays?status=done', { headers: admin })).status).toBe(400);
  });

  it("keeps instructors to their own courses' essays", async () => {
    const [thandi] = await sql<{ email: string }>("SELECT email FROM admin_users WHERE email = 'thandi.nkosi@example.com'");
    const instructor = await adminAuth(thandi?.email ?? '', inject('seedPassword'));
    const list = await getJson<AdminEssayListResponse>('/lms-grading/admin/essays', { headers: instructor });
    expect(list.status).toBe(200);
    expect(list.body.data.some((e) => e.course.documentId === main.id)).toBe(false);
    const grade = await sendJson<ApiErrorBody>('POST', `/lms-grading/admin/attempts/${attemptId}/answers/${essayId}/grade`, { points: '4' }, instructor);
    expect(grade.status).toBe(403);
    expect(grade.body.error.details).toMatchObject({ code: 'not-your-course' });
    expect([401, 403]).toContain((await getJson('/lms-grading/admin/essays')).status);
  });

  it('grades the essay: bad points are 400, a good grade completes the attempt and emits quiz.graded', async () => {
    const url = `/lms-grading/admin/attempts/${attemptId}/answers/${essayId}/grade`;
    const tooMany = await sendJson<ApiErrorBody>('POST', url, { points: '4.5' }, admin);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('points');
    expect((await sendJson<ApiErrorBody>('POST', url, { points: 'lots' }, admin)).status).toBe(400);
    expect((await sendJson<ApiErrorBody>('POST', url, { points: '1.0001' }, admin)).status).toBe(400);
    expect((await attemptRow(attemptId))?.status).toBe('pending_review');

    const res = await sendJson<GradeAnswerResponse>('POST', url, { points: '3.5', comment: 'Good example, show the typed code next time.' }, admin);
    expect(res.status).toBe(200);
    expect(res.body.data.answer).toMatchObject({ questionId: essayId, points: 3.5, maxPoints: 4, comment: 'Good example, show the typed code next time.' });
    expect(res.body.data.attempt).toMatchObject({ id: attemptId, status: 'graded', score: 4.5, maxScore: 5, pendingPoints: 0, percent: 90, passed: true });
    const events = await gradedEvents(attemptId);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ learnerId: eve.id, quizId: Q.essay, attemptId, score: 4.5, maxScore: 5, passed: true })]);
    expect(events[0]?.actor).toMatchObject({ type: 'admin' });
    const [row] = (await answerRows(attemptId)).filter((r) => r.question_id === essayId);
    expect(row).toMatchObject({ grade_status: 'graded', grader_kind: 'instructor', points_awarded: '3500' });

    const review = await getJson<AttemptResponse>(`${API}/attempts/${attemptId}`, { headers: eve.auth });
    expect(review.body.data).toMatchObject({ status: 'graded', percent: 90, passed: true });
    expect(review.body.data.review?.questions.find((r) => r.questionId === essayId)).toMatchObject({ points: 3.5, comment: 'Good example, show the typed code next time.' });
    expectNoKeys(review.body.data.paper, 'paper of a graded attempt');

    const graded = await getJson<AdminEssayListResponse>(`/lms-grading/admin/essays?status=graded&course=${main.id}`, { headers: admin });
    expect(graded.body.data.find((e) => e.attemptId === attemptId)).toMatchObject({ status: 'graded', points: 3.5, grader: { name: 'Demo Admin' } });
    const pending = await getJson<AdminEssayListResponse>(`/lms-grading/admin/essays?course=${main.id}`, { headers: admin });
    expect(pending.body.data.some((e) => e.attemptId === attemptId)).toBe(false);
  });
});

describe('course completion waits for the quizzes that count', () => {
  it('keeps the course open until the quiz is passed, then completes it once', async () => {
    const c = await course('completion');
    const s = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(c.id), dripType: 'none' });
    const quizSeedFinal = quizSeed('Final', [q.capital], { passingScore: 100 });
    const final = await quiz(c.id, quizSeedFinal);
    const lesson = await publishDoc(admin, 'api::lesson.lesson', {
      title: `Final lesson ${run}`,
      slug: `quiz-final-lesson-${run}`,
      order: 0,
      freePreview: false,
      estimatedMinutes: 5,
      section: connect(s),
      blocks: [{ __component: 'blocks.quiz', quiz: connect(final), countsTowardCompletion: true }],
    });
    const fay = await registerLearner('fay', run);
    await enroll(fay, c.id);
    const status = async () => (await getJson<MyEnrollmentsResponse>(`${ENR}/me/enrollments`, { headers: fay.auth })).body.data.find((e) => e.course.documentId === c.id)?.status;

    expect((await sendJson('POST', `${ENR}/lessons/${lesson}/complete`, {}, fay.auth)).status).toBe(200);
    expect(await status()).toBe('active');

    const takeQuiz = async (right: boolean) => {
      const started = await start(fay, final);
      const [question] = started.body.data.paper.questions;
      await save(fay, started.body.data.id, question?.id ?? '', answerTo(question as LearnerQuestion, [q.capital], right));
      return submit(fay, started.body.data.id);
    };
    expect((await takeQuiz(false)).body.data).toMatchObject({ status: 'graded', passed: false });
    expect(await status()).toBe('active');
    const completedEvents = () => sql(`SELECT id FROM lms_outbox WHERE type = 'course.completed' AND (payload->>'learnerId')::int = $1 AND payload->>'courseId' = $2`, [fay.id, c.id]);
    expect(await completedEvents()).toEqual([]);

    expect((await takeQuiz(true)).body.data).toMatchObject({ status: 'graded', passed: true });
    expect(await status()).toBe('completed');
    expect(await completedEvents()).toHaveLength(1);
  });
});

describe('immediate feedback: each question checked during the attempt', () => {
  let ivy: Learner;
  let immediate: string;
  let attemptId: number;
  let paper: LearnerQuestion[];
  const seeds = [q.capital, q.sky, q.word];
  const byPrompt = (prompt: string) => paper.find((x) => x.prompt === prompt) as LearnerQuestion;

  beforeAll(async () => {
    immediate = await quiz(main.id, quizSeed('Immediate', seeds, { feedbackMode: 'immediate' }));
    ivy = await registerLearner('ivy', run);
    await enroll(ivy, main.id);
    const started = await start(ivy, immediate);
    expect(started.status).toBe(201);
    attemptId = started.body.data.id;
    paper = started.body.data.paper.questions;
    expect(started.body.data.checked).toEqual({});
  });

  it('grades one question on request and releases its result, feedback and explanation, and only its own', async () => {
    const capital = byPrompt(q.capital.prompt);
    const res = await check(ivy, attemptId, capital.id, { answer: answerTo(capital, seeds, false) });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ attemptId, questionId: capital.id, review: { questionId: capital.id, outcome: 'incorrect', points: 0, maxPoints: 1 } });
    expect(res.body.data.review.feedback?.join(' ')).toContain('FEEDBACK wrong');
    expect(res.body.data.review.explanation?.summary).toBeTruthy();
    // The attempt as read again: the checked question's result, nothing of the others.
    const read = await getJson<AttemptResponse>(`${API}/attempts/${attemptId}`, { headers: ivy.auth });
    expect(Object.keys(read.body.data.checked)).toEqual([capital.id]);
    expect(read.body.data.checked[capital.id]?.outcome).toBe('incorrect');
    expectNoKeys({ ...read.body.data, checked: {} }, 'the open attempt besides the checked result');
    const [row] = await sql<{ checked_at: Date | null }>('SELECT checked_at FROM lms_quiz_answers WHERE attempt_id = $1 AND question_id = $2', [attemptId, capital.id]);
    expect(row?.checked_at).toBeInstanceOf(Date);
  });

  it('makes a checked answer final: saving or checking another answer is 409 answer-locked; checking again gives the same result', async () => {
    const capital = byPrompt(q.capital.prompt);
    const saved = await save(ivy, attemptId, capital.id, answerTo(capital, seeds, true));
    expect(saved.status).toBe(409);
    expect(saved.body.error.details?.code).toBe('answer-locked');
    const other = await check(ivy, attemptId, capital.id, { answer: answerTo(capital, seeds, true) });
    expect(other.status).toBe(409);
    expect(other.body.error.details?.code).toBe('answer-locked');
    const again = await check(ivy, attemptId, capital.id);
    expect(again.status).toBe(200);
    expect(again.body.data.review.outcome).toBe('incorrect');
    const [row] = await answerRows(attemptId).then((rows) => rows.filter((r) => r.question_id === capital.id));
    expect(row?.answer).toEqual({ type: 'single-choice', ...answerTo(capital, seeds, false) });
  });

  it('checks a saved answer without resending it; refuses a question never answered (400) and a bad answer (400), writing nothing', async () => {
    const sky = byPrompt(q.sky.prompt);
    expect((await save(ivy, attemptId, sky.id, answerTo(sky, seeds, true))).status).toBe(200);
    const res = await check(ivy, attemptId, sky.id);
    expect(res.status).toBe(200);
    expect(res.body.data.review.outcome).toBe('correct');
    const word = byPrompt(q.word.prompt);
    const empty = await check(ivy, attemptId, word.id);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('answer the question before checking it');
    const bad = await check(ivy, attemptId, word.id, { answer: { optionId: 'x' } });
    expect(bad.status).toBe(400);
    expect((await answerRows(attemptId)).find((r) => r.question_id === word.id)).toBeUndefined();
    const unknown = await check(ivy, attemptId, 'nosuchquestion');
    expect(unknown.status).toBe(400);
  });

  it('grades the submitted attempt with the checked answers as they were', async () => {
    const word = byPrompt(q.word.prompt);
    expect((await save(ivy, attemptId, word.id, answerTo(word, seeds, true))).status).toBe(200);
    const done = await submit(ivy, attemptId);
    expect(done.body.data).toMatchObject({ status: 'graded', score: 2, maxScore: 3 });
    expect(done.body.data.checked).toEqual({});
    const late = await check(ivy, attemptId, word.id);
    expect(late.status).toBe(409);
    expect(late.body.error.details?.code).toBe('attempt-closed');
  });

  it('refuses a check in a quiz that shows results after submission (403 check-not-allowed)', async () => {
    const quizId = await quiz(main.id, quizSeed('After submit', [q.capital]));
    const started = await start(ivy, quizId);
    const question = started.body.data.paper.questions[0] as LearnerQuestion;
    const res = await check(ivy, started.body.data.id, question.id, { answer: answerTo(question, [q.capital]) });
    expect(res.status).toBe(403);
    expect(res.body.error.details?.code).toBe('check-not-allowed');
    expect(res.body.error.message).toContain('after submission');
    expect(await answerRows(started.body.data.id)).toEqual([]);
  });
});

describe('a quiz inside a locked lesson (prerequisite, drip)', () => {
  it('cannot be started until its lesson opens; the overview says why', async () => {
    const c = await course('locked');
    const s = await publishDoc(admin, 'api::section.section', { title: 'Locked section', order: 0, course: connect(c.id), dripType: 'none' });
    const gated = await quiz(c.id, quizSeed('Gated', [q.capital]));
    const intro = await publishDoc(admin, 'api::lesson.lesson', {
      title: `Intro ${run}`, slug: `quiz-locked-intro-${run}`, order: 0, freePreview: false, estimatedMinutes: 5, section: connect(s),
      blocks: [{ __component: 'blocks.rich-text', body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Read me first.' }] }] }],
    });
    await publishDoc(admin, 'api::lesson.lesson', {
      title: `Checkpoint ${run}`, slug: `quiz-locked-checkpoint-${run}`, order: 1, freePreview: false, estimatedMinutes: 5, section: connect(s),
      prerequisites: connect(intro),
      blocks: [{ __component: 'blocks.quiz', quiz: connect(gated), countsTowardCompletion: true }],
    });
    const gil = await registerLearner('gil', run);
    await enroll(gil, c.id);

    const overview = await getJson<QuizOverviewResponse>(`${API}/quizzes/${gated}`, { headers: gil.auth });
    expect(overview.body.data.start).toMatchObject({ canStart: false, code: 'lesson-locked' });
    const refused = await start(gil, gated);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details?.code).toBe('lesson-locked');
    expect(refused.body.error.details?.lock).toMatchObject({ reason: 'prerequisite' });
    expect(refused.body.error.message).toContain(`lesson "Checkpoint ${run}"`);
    expect(await sql('SELECT id FROM lms_quiz_attempts WHERE user_id = $1', [gil.id])).toEqual([]);

    expect((await sendJson('POST', `${ENR}/lessons/${intro}/complete`, {}, gil.auth)).status).toBe(200);
    expect((await getJson<QuizOverviewResponse>(`${API}/quizzes/${gated}`, { headers: gil.auth })).body.data.start.canStart).toBe(true);
    expect((await start(gil, gated)).status).toBe(201);
  });
});

describe('the scheduled sweep', () => {
  it('submits an open attempt whose time ran out, with the answers saved in time', async () => {
    const due = Date.now() + 15_000;
    const sweepQuiz = await quiz(main.id, quizSeed('Sweep', [q.capital, q.sky], { shuffleQuestions: false }), { dueDate: new Date(due).toISOString() });
    const gus = await registerLearner('gus', run);
    await enroll(gus, main.id);
    const started = await start(gus, sweepQuiz);
    expect(started.status).toBe(201);
    expect(started.body.data.deadline).toBe(new Date(due).toISOString());
    const [capital] = started.body.data.paper.questions;
    expect((await save(gus, started.body.data.id, capital?.id ?? '', answerTo(capital as LearnerQuestion, [q.capital]))).status).toBe(200);

    let row = await attemptRow(started.body.data.id);
    for (let i = 0; i < 60 && row?.status === 'open'; i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      row = await attemptRow(started.body.data.id);
    }
    expect(row).toMatchObject({ status: 'graded', auto_submitted: true, score: '1000', max_score: '2000' });
    expect(row?.submitted_at?.toISOString()).toBe(new Date(due).toISOString());
    expect(await gradedEvents(started.body.data.id)).toHaveLength(1);
  }, 90_000);
});

describe('the demo course quiz (seeded, every question type)', () => {
  it('is taken end to end: every auto-graded answer right, the essay graded by the course instructor', async () => {
    const [demo] = await sql<{ document_id: string; course: string }>(
      `SELECT q.document_id, c.document_id AS course FROM quizzes q
         JOIN quizzes_course_lnk l ON l.quiz_id = q.id JOIN courses c ON c.id = l.course_id
        WHERE q.title = $1 AND q.published_at IS NOT NULL`,
      [typescriptQuiz.title],
    );
    expect(demo).toBeDefined();
    const hal = await registerLearner('hal', run);
    const granted = await sendJson('POST', '/lms-enrollment/admin/enrollments', { learner: hal.id, course: demo?.course, reason: 'quiz test' }, admin);
    expect(granted.status).toBe(201);

    const overview = await getJson<QuizOverviewResponse>(`${API}/quizzes/${demo?.document_id}`, { headers: hal.auth });
    expect(overview.body.data.quiz).toMatchObject({ questionCount: 9, rules: { maxAttempts: 3, timeLimitMinutes: 30, passingScore: 70 } });
    const started = await start(hal, demo?.document_id ?? '');
    expect(started.status).toBe(201);
    expectNoKeys(started.body, 'demo paper');
    const { id, paper: p } = started.body.data;
    expect(new Set(p.questions.map((x) => x.type)).size).toBe(9);
    for (const question of p.questions) {
      const res = await save(hal, id, question.id, answerTo(question, typescriptQuiz.questions));
      expect(res.status, `${question.type}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const done = await submit(hal, id);
    expect(done.body.data).toMatchObject({ status: 'pending_review', score: 15, maxScore: 20, pendingPoints: 5 });
    const outcomes = done.body.data.review?.questions.map((r) => r.outcome);
    expect(outcomes?.filter((o) => o === 'correct')).toHaveLength(8);
    expect(outcomes).toContain('pending-review');

    const thandi = await adminAuth('thandi.nkosi@example.com', inject('seedPassword'));
    const lerato = await adminAuth('lerato.mokoena@example.com', inject('seedPassword'));
    const queue = await getJson<AdminEssayListResponse>('/lms-grading/admin/essays', { headers: thandi });
    const essay = queue.body.data.find((e) => e.attemptId === id);
    expect(essay).toMatchObject({ maxPoints: 5, minWords: 80, maxWords: 300 });
    expect((await getJson<AdminEssayListResponse>('/lms-grading/admin/essays', { headers: lerato })).body.data.some((e) => e.attemptId === id)).toBe(false);

    const graded = await sendJson<GradeAnswerResponse>('POST', `/lms-grading/admin/attempts/${id}/answers/${essay?.questionId}/grade`, { points: 4, comment: 'Clear.' }, thandi);
    expect(graded.status).toBe(200);
    expect(graded.body.data.attempt).toMatchObject({ status: 'graded', score: 19, maxScore: 20, percent: 95, passed: true });
    expect(graded.body.data.answer.grader.name).toBe('Thandi Nkosi');
  });
});
