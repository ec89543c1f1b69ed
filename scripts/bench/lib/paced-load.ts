/**
 * Child process of the benchmarks' paced load (see paced.ts): reads a plan of requests with send
 * times on stdin, sends each at its time over keep-alive connections without waiting for earlier
 * answers, and writes every outcome as one JSON line on stdout.
 */
import http from 'node:http';
import type { PacedLoadInput, PacedResult, PacedRun } from './paced';

const MAX_CAPTURED_BODY = 4096;

function send(agent: http.Agent, base: URL, input: PacedLoadInput, request: PacedLoadInput['requests'][number], plannedAt: number): Promise<PacedResult> {
  const sentAt = Date.now();
  const result = (status: number, bytes: number, extra: Partial<PacedResult> = {}): PacedResult => ({
    tag: request.tag,
    ...(request.id === undefined ? {} : { id: request.id }),
    status,
    latencyMs: Date.now() - plannedAt,
    lagMs: sentAt - plannedAt,
    plannedAt,
    bytes,
    ...extra,
  });
  return new Promise((resolve) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        timeout: input.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (request.captureBody && bytes <= MAX_CAPTURED_BODY) chunks.push(chunk);
        });
        res.on('end', () => resolve(result(res.statusCode ?? 0, bytes, request.captureBody ? { body: Buffer.concat(chunks).toString('utf8') } : {})));
        res.on('error', (error) => resolve(result(0, bytes, { error: error.message })));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${input.timeoutMs} ms`)));
    req.on('error', (error) => resolve(result(0, 0, { error: error.message })));
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(input: PacedLoadInput): Promise<PacedRun> {
  const base = new URL(input.baseUrl);
  // Keep-alive like a real client of the API (the site's server); no cap, so no request waits
  // for a free socket behind a slow one.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  // A child that started late shifts the whole plan rather than firing a burst to catch up.
  const startAt = Math.max(input.startAt, Date.now() + 50);
  const pending: Array<Promise<PacedResult>> = [];
  for (const request of [...input.requests].sort((a, b) => a.atMs - b.atMs)) {
    const plannedAt = startAt + request.atMs;
    const wait = plannedAt - Date.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(agent, base, input, request, plannedAt));
  }
  const results = await Promise.all(pending);
  agent.destroy();
  const last = input.requests.reduce((max, r) => Math.max(max, r.atMs), 0);
  return { plannedSeconds: last / 1000, elapsedSeconds: (Date.now() - startAt) / 1000, startShiftMs: startAt - input.startAt, results };
}

let stdin = '';
process.stdin.on('data', (d: Buffer) => (stdin += d.toString()));
process.stdin.on('end', () => {
  run(JSON.parse(stdin) as PacedLoadInput).then(
    (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
