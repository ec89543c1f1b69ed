/**
 * Child process of the quiz benchmark (see sessions.ts): reads the learners' session plans on
 * stdin, runs every learner's session at once (start → think, autosave × each question → review,
 * submit) over keep-alive connections, and writes the outcome as one JSON line on stdout.
 *
 * Each request's planned send time is the moment the learner's previous answer arrived plus
 * their think time (or the session's start); its latency counts from then to the last byte.
 */
import http from 'node:http';
import type { LearnerQuestion } from '../../../plugins/lms-grading/server/src/domain/learner-view';
import type { StartAttemptResponse, SubmitAttemptResponse } from '../../../plugins/lms-grading/server/src/quizzes/contracts';
import type { PacedResult } from '../lib/paced';
import { seededRandom } from '../lib/work';
import { answerFor, answerKeyOf, type AnswerKey } from './answers';
import type { QuizRoute, SessionLoadInput, SessionOutcome, SessionRun } from './sessions';

const API = '/api/lms-grading';
/** Bodies of failed answers kept for the report. */
const MAX_ERROR_BODY = 600;
/** Idle keep-alive sockets are closed after this long (the server closes them after 5 s). */
const IDLE_SOCKET_MS = 3000;

interface Sent {
  result: PacedResult;
  body: string;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

function send(agent: http.Agent, base: URL, timeoutMs: number, route: QuizRoute, learner: number, method: string, path: string, token: string, body: unknown, plannedAt: number): Promise<Sent> {
  const sentAt = Date.now();
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const done = (status: number, text: string, bytes: number, error?: string): Sent => ({
    result: {
      tag: route,
      id: String(learner),
      status,
      latencyMs: Date.now() - plannedAt,
      lagMs: sentAt - plannedAt,
      plannedAt,
      bytes,
      ...(error ? { error } : {}),
      ...(status < 200 || status >= 300 ? { body: text.slice(0, MAX_ERROR_BODY) } : {}),
    },
    body: text,
  });
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const buffer = Buffer.concat(chunks);
          resolve(done(res.statusCode ?? 0, buffer.toString('utf8'), buffer.length));
        });
        res.on('error', (error) => resolve(done(0, '', 0, error.message)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve(done(0, '', 0, error.message)));
    req.end(payload);
  });
}

const ok = (status: number) => status >= 200 && status < 300;

async function runSession(agent: http.Agent, base: URL, input: SessionLoadInput, startAt: number, key: AnswerKey, plan: SessionLoadInput['sessions'][number], results: PacedResult[]): Promise<SessionOutcome> {
  const outcome: SessionOutcome = { learner: plan.learner, attemptId: null, questions: 0, saved: 0, submitted: false, status: null, percent: null, passed: null };
  const random = seededRandom(plan.seed);
  const call = async (route: QuizRoute, method: string, path: string, body: unknown, plannedAt: number) => {
    await sleepUntil(plannedAt);
    const sent = await send(agent, base, input.timeoutMs, route, plan.learner, method, path, plan.token, body, plannedAt);
    results.push(sent.result);
    return sent;
  };

  const started = await call('start', 'POST', `${API}/quizzes/${input.quizDocumentId}/attempts`, {}, startAt + plan.startMs);
  if (!ok(started.result.status)) return { ...outcome, stoppedBy: `start answered ${started.result.status}` };
  const attempt = (JSON.parse(started.body) as StartAttemptResponse).data;
  const questions: LearnerQuestion[] = attempt.paper.questions;
  outcome.attemptId = attempt.id;
  outcome.questions = questions.length;
  if (questions.length > plan.thinkMs.length) return { ...outcome, stoppedBy: `the paper has ${questions.length} questions; the plan thinks about ${plan.thinkMs.length}` };

  let answeredAt = Date.now();
  for (const [i, question] of questions.entries()) {
    const answer = answerFor(question, key, plan.skill, random);
    const saved = await call('save', 'PUT', `${API}/attempts/${attempt.id}/answers/${encodeURIComponent(question.id)}`, { answer }, answeredAt + (plan.thinkMs[i] ?? 0));
    answeredAt = Date.now();
    if (!ok(saved.result.status)) return { ...outcome, stoppedBy: `save of question ${i + 1} answered ${saved.result.status}` };
    outcome.saved += 1;
  }

  const submitted = await call('submit', 'POST', `${API}/attempts/${attempt.id}/submit`, {}, answeredAt + plan.reviewMs);
  if (!ok(submitted.result.status)) return { ...outcome, stoppedBy: `submit answered ${submitted.result.status}` };
  const view = (JSON.parse(submitted.body) as SubmitAttemptResponse).data;
  return { ...outcome, submitted: true, status: view.status, percent: view.percent, passed: view.passed };
}

async function run(input: SessionLoadInput): Promise<SessionRun> {
  const base = new URL(input.baseUrl);
  // Keep-alive like the site's server talking to the cms; no cap, so no request waits for a socket.
  // An idle socket is closed after 3 s, well before the server's 5 s keep-alive timeout, as
  // undici (Node's fetch) does with its margin below the server's hint: a learner thinking for
  // seconds would otherwise reuse a socket the server is closing that instant (ECONNRESET).
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: IDLE_SOCKET_MS });
  const key = answerKeyOf(input.questions);
  // A child that started late shifts the whole plan rather than firing a burst to catch up.
  const startAt = Math.max(input.startAt, Date.now() + 50);
  const results: PacedResult[] = [];
  const sessions = await Promise.all(
    input.sessions.map((plan) =>
      runSession(agent, base, input, startAt, key, plan, results).catch(
        (error: unknown): SessionOutcome => ({
          learner: plan.learner,
          attemptId: null,
          questions: 0,
          saved: 0,
          submitted: false,
          status: null,
          percent: null,
          passed: null,
          stoppedBy: `client error: ${error instanceof Error ? error.message : String(error)}`,
        }),
      ),
    ),
  );
  agent.destroy();
  return { startShiftMs: startAt - input.startAt, elapsedSeconds: (Date.now() - startAt) / 1000, results, sessions };
}

let stdin = '';
process.stdin.on('data', (d: Buffer) => (stdin += d.toString()));
process.stdin.on('end', () => {
  run(JSON.parse(stdin) as SessionLoadInput).then(
    (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
