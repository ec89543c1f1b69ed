import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../../tests/harness/stack';
import type { PacedResult } from '../lib/paced';
import type { AuthoredQuestion } from './answers';
import type { SessionPlan } from './plan';

/**
 * Learners taking the quiz, run in a child process (session-load.ts) so the load does not share
 * the event loop of the cms under test. Unlike lib/paced.ts, the requests are not known in
 * advance: the attempt id and the question ids come from the start route's answer.
 */

export type QuizRoute = 'start' | 'save' | 'submit';

export interface SessionLoadInput {
  baseUrl: string;
  /** Epoch ms of the load's start (sessions start at their `startMs` after it). */
  startAt: number;
  timeoutMs: number;
  quizDocumentId: string;
  /** The authored questions (answer key): what the learners know. */
  questions: AuthoredQuestion[];
  sessions: Array<SessionPlan & { token: string }>;
}

/** How one learner's session went. */
export interface SessionOutcome {
  learner: number;
  attemptId: number | null;
  /** Questions on the paper the start route returned. */
  questions: number;
  /** Answers the save route accepted (2xx). */
  saved: number;
  submitted: boolean;
  /** From the submit's answer. */
  status: string | null;
  percent: number | null;
  passed: boolean | null;
  /** Why the session stopped early (a failed request), if it did. */
  stoppedBy?: string;
}

export interface SessionRun {
  startShiftMs: number;
  /** From the planned start to the last answer. */
  elapsedSeconds: number;
  /** One per request, `tag` = route, `id` = learner index. */
  results: PacedResult[];
  sessions: SessionOutcome[];
}

const CHILD = path.join(__dirname, 'session-load.ts');
/** Time the child gets to start before the first planned send. */
const START_DELAY_MS = 3000;

export async function runSessions(input: Omit<SessionLoadInput, 'startAt'>): Promise<SessionRun> {
  const full: SessionLoadInput = { ...input, startAt: Date.now() + START_DELAY_MS };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last) return reject(new Error(`quiz session child exited with code ${code}`));
      resolve(JSON.parse(last) as SessionRun);
    });
    child.stdin.end(JSON.stringify(full));
  });
}

/** The route a request to the cms belongs to (for counting SQL per route); undefined for others. */
export function quizRouteOf(method: string, url: string): QuizRoute | 'users-me' | undefined {
  const p = url.split('?')[0] ?? '';
  if (method === 'GET' && p === '/api/users/me') return 'users-me';
  if (method === 'POST' && /^\/api\/lms-grading\/quizzes\/[^/]+\/attempts$/.test(p)) return 'start';
  if (method === 'PUT' && /^\/api\/lms-grading\/attempts\/\d+\/answers\/[^/]+$/.test(p)) return 'save';
  if (method === 'POST' && /^\/api\/lms-grading\/attempts\/\d+\/submit$/.test(p)) return 'submit';
  return undefined;
}
