import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../../tests/harness/stack';
import { withCpuProfile } from '../lib/cpu-profile';
import type { SqlCounter } from '../lib/sql-counter';
import { summarizeRounds, type EndpointRow, type RawLoad } from './stats';

export interface Endpoint {
  key: string;
  label: string;
  baseUrl: string;
  path: string;
  /** The site answers from its own cache and calls the cms; its SQL is counted per page served. */
  servedBy: 'cms' | 'site';
}

export interface LoadSettings {
  connections: number;
  /** Seconds under load per endpoint, split evenly over the rounds. */
  durationSeconds: number;
  /** Rounds go over every endpoint in turn, so a change in the machine's other load between
   * the first and the last endpoint does not end up in their ratio. */
  rounds: number;
  warmupSeconds: number;
  /** Write a CPU profile of the cms per measured run into this folder. */
  cpuProfileDir?: string;
}

const LOAD_SCRIPT = path.join(__dirname, 'load.ts');
/** Lets responses still in flight when autocannon stops finish before the counters are read. */
const SETTLE_MS = 500;

/** One autocannon run in a child process (see load.ts), so the load does not share the cms's event loop. */
export function runLoad(url: string, connections: number, durationSeconds: number): Promise<RawLoad> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOAD_SCRIPT, JSON.stringify({ url, connections, durationSeconds })], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last) return reject(new Error(`autocannon child for ${url} exited with code ${code}`));
      resolve(JSON.parse(last) as RawLoad);
    });
  });
}

/** One request on its own, with the SQL it caused: shows where the queries of an endpoint go. */
async function probe(url: string, counter: SqlCounter): Promise<NonNullable<EndpointRow['singleRequest']>> {
  const { result, queries } = await counter.capture(async () => {
    const res = await fetch(url);
    return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
  });
  return { ...result, queries };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const urlOf = (endpoint: Endpoint) => `${endpoint.baseUrl}${endpoint.path}`;

/** An endpoint being measured: its table row and what its rounds have gathered so far. */
export interface Measurement {
  endpoint: Endpoint;
  row: EndpointRow;
  rounds: RawLoad[];
  queries: number;
  served: number;
}

/**
 * One request on its own (status, size, SQL), then `warmupSeconds` of load. Every endpoint is
 * warmed before any is measured, so the first one measured does not pay for the JIT and the
 * garbage left by data generation.
 */
export async function probeAndWarm(endpoint: Endpoint, counter: SqlCounter, settings: LoadSettings): Promise<Measurement> {
  const single = await probe(urlOf(endpoint), counter);
  console.log(`  ${endpoint.label}: one request → ${single.status}, ${single.bytes} bytes, ${single.queries.length} SQL queries`);
  if (settings.warmupSeconds > 0) await runLoad(urlOf(endpoint), settings.connections, settings.warmupSeconds);
  const row: EndpointRow = { key: endpoint.key, label: endpoint.label, path: endpoint.path, singleRequest: single };
  return { endpoint, row, rounds: [], queries: 0, served: 0 };
}

/** One measured round, with the SQL it caused. */
export async function measureRound(m: Measurement, round: number, counter: SqlCounter, settings: LoadSettings): Promise<void> {
  const seconds = Math.max(1, Math.round(settings.durationSeconds / settings.rounds));
  await sleep(SETTLE_MS);
  const before = counter.snapshot();
  const measured = () => runLoad(urlOf(m.endpoint), settings.connections, seconds);
  const load = await (settings.cpuProfileDir
    ? withCpuProfile(path.join(settings.cpuProfileDir, `${m.endpoint.key}-${round}.cpuprofile`), measured)
    : measured());
  await sleep(SETTLE_MS);
  const after = counter.snapshot();
  m.rounds.push(load);
  m.queries += after.queriesOfFinishedRequests - before.queriesOfFinishedRequests;
  // cms rows: per cms response; the site row: cms queries per page the site served.
  m.served += m.endpoint.servedBy === 'cms' ? after.finishedRequests - before.finishedRequests : load.completed;
  console.log(`  round ${round}, ${m.endpoint.label}: ${(load.completed / load.durationSeconds).toFixed(1)} req/s`);
}

/** Adds the rounds up into the endpoint's row. */
export function finishMeasurement(m: Measurement): EndpointRow {
  m.row.load = summarizeRounds(m.rounds);
  m.row.queriesPerRequest = m.served ? m.queries / m.served : Number.NaN;
  return m.row;
}
