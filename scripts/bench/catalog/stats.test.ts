import { describe, expect, it } from 'vitest';
import { checkTargets, summarizeRounds, type EndpointRow, type LoadResult } from './stats';

const load = (rps: number, p95: number): LoadResult => ({
  rounds: 1,
  durationSeconds: 10,
  completed: rps * 10,
  requestsPerSecond: rps,
  latencyMs: { p50: p95 / 2, p95, p99: p95, max: p95, mean: p95 / 2 },
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  meanBytesPerResponse: 1000,
});

describe('summarizeRounds', () => {
  it('adds rounds up: throughput over the total time, percentiles over every latency', () => {
    const round = (latenciesMs: number[], durationSeconds: number) => ({
      durationSeconds,
      completed: latenciesMs.length + 1,
      non2xx: 1,
      errors: 0,
      timeouts: 0,
      bytes2xx: latenciesMs.length * 100,
      latenciesMs,
    });
    const result = summarizeRounds([round([1, 2, 3], 2), round([10, 20], 3)]);
    expect(result.requestsPerSecond).toBe(7 / 5);
    expect(result.latencyMs.p50).toBe(3);
    expect(result.latencyMs.max).toBe(20);
    expect(result.non2xx).toBe(2);
    expect(result.meanBytesPerResponse).toBe(100);
  });
});

describe('checkTargets', () => {
  it('passes a fast, lean endpoint and fails a slow, chatty one', () => {
    const stock: EndpointRow = { key: 'stock', label: 'stock', path: '/s', load: load(100, 300) };
    const good: EndpointRow = { key: 'a', label: 'a', path: '/a', load: load(600, 40), queriesPerRequest: 5 };
    const bad: EndpointRow = { key: 'b', label: 'b', path: '/b', load: load(300, 200), queriesPerRequest: 7 };
    const checks = checkTargets([good, bad], stock);
    expect(checks.filter((c) => c.endpoint === 'a').every((c) => c.pass)).toBe(true);
    expect(checks.filter((c) => c.endpoint === 'b').map((c) => c.pass)).toEqual([false, false, false]);
  });

  it('skips rows that were not measured', () => {
    expect(checkTargets([{ key: 'site', label: 'site', path: '/courses', skipped: 'not built' }], undefined)).toEqual([]);
  });
});
