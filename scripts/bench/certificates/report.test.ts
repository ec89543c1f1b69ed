import { describe, expect, it } from 'vitest';
import { latencySummary } from '../lib/stats';
import { evaluateCertificateTargets, memoryTrend, parseRendererOutput, type CertificateTargetInput, type RssSample } from './report';
import { learnerFullName } from './content';

const samples = (rss: (issued: number) => number, count = 10_000, every = 500, heap: (issued: number) => number = () => 50): RssSample[] =>
  Array.from({ length: count / every + 1 }, (_, i) => ({ issued: i * every, rssMb: rss(i * every), heapUsedMb: heap(i * every) }));

describe('memoryTrend', () => {
  it('sees a plateau as flat: small growth, no slope in the second half', () => {
    const trend = memoryTrend(samples((n) => 200 + Math.min(n, 2000) / 100));
    expect(trend.growthMb).toBe(20);
    expect(trend.maxMb).toBe(220);
    expect(trend.secondHalfSlopeMbPer1000).toBeCloseTo(0, 6);
  });

  it('sees a leak as growth that keeps its slope to the end', () => {
    const trend = memoryTrend(samples((n) => 200 + n / 100));
    expect(trend.growthMb).toBe(100);
    expect(trend.secondHalfSlopeMbPer1000).toBeCloseTo(10, 6);
  });

  it('reads the heap floor (what is live after collections) at the start and at the end', () => {
    const sawtooth = (n: number) => 180 + ((n / 500) % 3) * 60 + n / 1000;
    const trend = memoryTrend(samples(() => 500, 10_000, 500, sawtooth));
    expect(trend.heapFloorStartMb).toBe(180);
    expect(trend.heapFloorEndMb).toBe(189);
  });

  it('is NaN without samples', () => {
    expect(memoryTrend([]).growthMb).toBeNaN();
  });
});

describe('parseRendererOutput', () => {
  it('reads the figures render.bench.ts prints', () => {
    const text = ['  400 rendered, RSS 180.2 MB', '2000 certificates in 31.9 s: 62.7 per second', 'latency ms: p50 14.0, p95 25.0, p99 35.0, max 80.1', 'RSS: 146.0 MB after warm-up → 203.0 MB at the end'].join('\n');
    expect(parseRendererOutput(text)).toEqual({ count: 2000, perSecond: 62.7, p50: 14, p95: 25, p99: 35, max: 80.1, rssStartMb: 146, rssEndMb: 203 });
  });

  it('says so when the output changed', () => {
    expect(() => parseRendererOutput('done')).toThrow(/unexpected/);
  });
});

describe('evaluateCertificateTargets', () => {
  const base: CertificateTargetInput = {
    count: 10_000,
    perSecond: 30,
    pinned: true,
    latency: latencySummary([20, 30, 40, 50]),
    memory: memoryTrend(samples(() => 250)),
    stored: { rows: 10_000, distinctCodes: 10_000, filesChecked: 20, filesMatching: 20 },
    renderer: { count: 2000, perSecond: 60, p50: 14, p95: 25, p99: 35, max: 80, rssStartMb: 140, rssEndMb: 200 },
  };

  it('passes within the targets and gives the ratios to the target and to the bare renderer', () => {
    const checks = evaluateCertificateTargets(base);
    expect(checks.every((c) => c.pass)).toBe(true);
    expect(checks[0]?.figure).toBe('30.0/s / 15/s = 2.00×');
    expect(checks[0]?.note).toBe("0.50× the bare renderer's rate (60.0)");
    expect(checks[1]?.figure).toBe('50.0 ms / 100 ms = 0.50×');
  });

  it('fails a rate that was not measured on one core, a slow p95, growth, a missing row and a short run', () => {
    const checks = evaluateCertificateTargets({
      ...base,
      count: 500,
      pinned: false,
      latency: latencySummary([101]),
      memory: memoryTrend(samples((n) => 200 + n / 100)),
      stored: { rows: 499, distinctCodes: 499, filesChecked: 20, filesMatching: 20 },
    });
    expect(checks.map((c) => c.pass)).toEqual([false, false, false, false, false]);
  });
});

describe('learnerFullName', () => {
  it('mixes scripts and gives distinct names to the first 144 learners', () => {
    const names = Array.from({ length: 144 }, (_, n) => learnerFullName(n));
    expect(new Set(names).size).toBe(144);
    expect(names.some((n) => /[А-я]/.test(n))).toBe(true);
    expect(names.some((n) => /[Α-ω]/.test(n))).toBe(true);
  });
});
