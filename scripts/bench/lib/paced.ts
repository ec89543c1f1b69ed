import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../../tests/harness/stack';

/**
 * An open-loop load at a fixed arrival rate: every request has its own send time, fixed before
 * the run, and is sent then whether or not earlier ones have been answered. Its latency is
 * counted from that planned time, so a stalled server (or a client that fell behind) shows up in
 * the percentiles instead of quietly lowering the rate. autocannon's `overallRate` is closed-loop
 * per connection: a slow answer delays the next send, and the wait before it is never measured
 * (coordinated omission), which flatters p95/p99 at a fixed rate.
 */

export interface PacedRequest {
  /** Milliseconds after the run's start at which to send. */
  atMs: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What the request measures (a route); results are grouped by it. */
  tag: string;
  /** Echoed in the result (e.g. which webhook event and copy this was). */
  id?: string;
  /** Send the response body back (kept small: used to check webhook answers). */
  captureBody?: boolean;
}

export interface PacedResult {
  tag: string;
  id?: string;
  /** HTTP status; 0 when no response came (connection error or timeout). */
  status: number;
  /** From the planned send time to the last byte of the response. */
  latencyMs: number;
  /** How late the client sent it (planned → actual); large values mean the client fell behind. */
  lagMs: number;
  /** Epoch ms of the planned send (to line a slow stretch up with what else ran on the machine then). */
  plannedAt: number;
  bytes: number;
  error?: string;
  body?: string;
}

export interface PacedRun {
  /** Planned seconds of the run (last send time), and seconds from the first send to the last answer. */
  plannedSeconds: number;
  elapsedSeconds: number;
  /** How much later than asked the child started the plan (it shifts the plan, not the gaps). */
  startShiftMs: number;
  results: PacedResult[];
}

export interface PacedLoadInput {
  baseUrl: string;
  /** Epoch ms of the first planned send (a moment in the near future, so the child is ready). */
  startAt: number;
  timeoutMs: number;
  requests: PacedRequest[];
}

/** Send offsets (ms) of `ratePerSecond` evenly spaced arrivals over `seconds`. */
export function arrivalOffsets(ratePerSecond: number, seconds: number): number[] {
  if (!(ratePerSecond > 0) || !(seconds > 0)) return [];
  const count = Math.floor(ratePerSecond * seconds + 1e-9);
  const gap = 1000 / ratePerSecond;
  return Array.from({ length: count }, (_, i) => Math.round(i * gap * 1000) / 1000);
}

const CHILD = path.join(__dirname, 'paced-load.ts');
/** Time the child gets to start before the first planned send (it starts later if it must). */
const START_DELAY_MS = 3000;

/**
 * Runs the requests in a child process (so the load generator does not share the event loop of
 * the cms under test, which runs in this process). A `plan` function receives the epoch ms of the
 * first send (to sign webhook deliveries with their send times).
 */
export async function runPaced(
  baseUrl: string,
  plan: PacedRequest[] | ((startAt: number) => PacedRequest[]),
  timeoutMs = 30_000,
): Promise<PacedRun> {
  const startAt = Date.now() + START_DELAY_MS;
  const requests = typeof plan === 'function' ? plan(startAt) : plan;
  const input: PacedLoadInput = { baseUrl, startAt, timeoutMs, requests };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last) return reject(new Error(`paced load child exited with code ${code}`));
      resolve(JSON.parse(last) as PacedRun);
    });
    child.stdin.end(JSON.stringify(input));
  });
}
