/**
 * Child process of the catalog benchmark: one autocannon run against one URL, the raw outcome as
 * JSON on stdout. It runs apart from the server under test so the load generator does not steal
 * the server's event loop. autocannon's JSON has no p95, so every 2xx latency is sent back and the
 * parent computes exact percentiles over all rounds of an endpoint.
 */
import autocannon from 'autocannon';
import type { RawLoad } from './stats';

interface LoadRequest {
  url: string;
  connections: number;
  durationSeconds: number;
}

function run({ url, connections, durationSeconds }: LoadRequest): Promise<RawLoad> {
  const latenciesMs: number[] = [];
  let responses = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: durationSeconds, timeout: 30 }, (error, result) => {
      if (error) return reject(error);
      resolve({
        durationSeconds: result.duration,
        completed: responses,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        // autocannon adds up the bytes of 2xx responses only.
        bytes2xx: result.throughput.total,
        latenciesMs,
      });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      responses += 1;
      if (statusCode >= 200 && statusCode < 300) latenciesMs.push(Math.round(responseTime * 100) / 100);
    });
  });
}

const request = JSON.parse(process.argv[2] ?? '{}') as LoadRequest;
run(request).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
