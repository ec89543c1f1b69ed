/** The certificates benchmark's figures (pure): memory trend, the bare renderer's output, the targets. */
import type { Check } from '../learner/report';
import { fmt, type LatencySummary } from '../lib/stats';

export const CERTIFICATE_TARGETS = { perSecondPerCore: 15, p95Ms: 100, rssGrowthMb: 50, count: 10_000 } as const;

export interface RssSample {
  /** Certificates issued (measured ones) when sampled. */
  issued: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface MemoryTrend {
  startMb: number;
  endMb: number;
  maxMb: number;
  /** end − start. */
  growthMb: number;
  /** Least-squares slope over the second half of the run, MB per 1,000 certificates: a leak keeps climbing there. */
  secondHalfSlopeMbPer1000: number;
  /**
   * Lowest heap use among the samples of the first and of the last fifth of the run: heap samples
   * fall to what is live after each major collection, so a leak shows as a rising floor.
   */
  heapFloorStartMb: number;
  heapFloorEndMb: number;
}

export function memoryTrend(samples: readonly RssSample[]): MemoryTrend {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) {
    return { startMb: Number.NaN, endMb: Number.NaN, maxMb: Number.NaN, growthMb: Number.NaN, secondHalfSlopeMbPer1000: Number.NaN, heapFloorStartMb: Number.NaN, heapFloorEndMb: Number.NaN };
  }
  const floor = (part: readonly RssSample[]) => Math.min(...part.map((s) => s.heapUsedMb));
  const half = samples.filter((s) => s.issued >= last.issued / 2);
  const n = half.length;
  const mx = half.reduce((a, s) => a + s.issued, 0) / n;
  const my = half.reduce((a, s) => a + s.rssMb, 0) / n;
  const sxx = half.reduce((a, s) => a + (s.issued - mx) ** 2, 0);
  const sxy = half.reduce((a, s) => a + (s.issued - mx) * (s.rssMb - my), 0);
  return {
    startMb: first.rssMb,
    endMb: last.rssMb,
    maxMb: Math.max(...samples.map((s) => s.rssMb)),
    growthMb: last.rssMb - first.rssMb,
    secondHalfSlopeMbPer1000: sxx > 0 ? (sxy / sxx) * 1000 : Number.NaN,
    heapFloorStartMb: floor(samples.filter((s) => s.issued <= last.issued / 5)),
    heapFloorEndMb: floor(samples.filter((s) => s.issued >= (last.issued * 4) / 5)),
  };
}

export interface RendererFigures {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rssStartMb: number;
  rssEndMb: number;
}

/**
 * Reads what plugins/lms-grading/server/src/certificates/render.bench.ts prints:
 *   "2000 certificates in 31.9 s: 62.7 per second"
 *   "latency ms: p50 14.0, p95 25.0, p99 35.0, max 80.1"
 *   "RSS: 146.0 MB after warm-up → 203.0 MB at the end"
 */
export function parseRendererOutput(text: string): RendererFigures {
  const rate = /(\d+) certificates in ([\d.]+) s: ([\d.]+) per second/.exec(text);
  const latency = /latency ms: p50 ([\d.]+), p95 ([\d.]+), p99 ([\d.]+), max ([\d.]+)/.exec(text);
  const rss = /RSS: ([\d.]+) MB after warm-up → ([\d.]+) MB at the end/.exec(text);
  if (!rate || !latency || !rss) throw new Error(`the renderer micro-benchmark printed something unexpected:\n${text}`);
  return {
    count: Number(rate[1]),
    perSecond: Number(rate[3]),
    p50: Number(latency[1]),
    p95: Number(latency[2]),
    p99: Number(latency[3]),
    max: Number(latency[4]),
    rssStartMb: Number(rss[1]),
    rssEndMb: Number(rss[2]),
  };
}

export interface CertificateTargetInput {
  count: number;
  /** Certificates issued per second of wall time, the process pinned to one core. */
  perSecond: number;
  /** Whether the process was pinned to one core (else the rate is not per core). */
  pinned: boolean;
  latency: LatencySummary;
  memory: MemoryTrend;
  /** Rows, distinct codes and verified files after the run. */
  stored: { rows: number; distinctCodes: number; filesChecked: number; filesMatching: number };
  renderer?: RendererFigures;
}

const ratio = (a: number, b: number) => fmt(a / b, 2);

export function evaluateCertificateTargets(input: CertificateTargetInput): Check[] {
  const { renderer, latency, memory } = input;
  const vsRenderer = (ours: number, theirs: number | undefined, what: string) =>
    theirs === undefined ? 'the bare renderer was not measured' : `${ratio(ours, theirs)}× the bare renderer's ${what} (${fmt(theirs, 1)})`;
  return [
    {
      name: `≥ ${CERTIFICATE_TARGETS.perSecondPerCore} certificates per second per core`,
      pass: input.pinned && input.perSecond >= CERTIFICATE_TARGETS.perSecondPerCore,
      figure: `${fmt(input.perSecond, 1)}/s / ${CERTIFICATE_TARGETS.perSecondPerCore}/s = ${ratio(input.perSecond, CERTIFICATE_TARGETS.perSecondPerCore)}×`,
      note: `${vsRenderer(input.perSecond, renderer?.perSecond, 'rate')}${input.pinned ? '' : '; NOT pinned to one core, so not a per-core figure'}`,
    },
    {
      name: `each certificate p95 ≤ ${CERTIFICATE_TARGETS.p95Ms} ms`,
      pass: input.count > 0 && latency.p95 <= CERTIFICATE_TARGETS.p95Ms,
      figure: `${fmt(latency.p95, 1)} ms / ${CERTIFICATE_TARGETS.p95Ms} ms = ${ratio(latency.p95, CERTIFICATE_TARGETS.p95Ms)}×`,
      note: vsRenderer(latency.p95, renderer?.p95, 'p95 ms'),
    },
    {
      name: `memory flat: RSS growth < ${CERTIFICATE_TARGETS.rssGrowthMb} MB over the run`,
      pass: memory.growthMb < CERTIFICATE_TARGETS.rssGrowthMb,
      figure: `${fmt(memory.growthMb, 1)} MB / ${CERTIFICATE_TARGETS.rssGrowthMb} MB = ${ratio(memory.growthMb, CERTIFICATE_TARGETS.rssGrowthMb)}×`,
      note:
        `RSS ${fmt(memory.startMb, 0)} → ${fmt(memory.endMb, 0)} MB (max ${fmt(memory.maxMb, 0)}), second half ${fmt(memory.secondHalfSlopeMbPer1000, 1)} MB per 1,000; ` +
        `heap floor ${fmt(memory.heapFloorStartMb, 0)} → ${fmt(memory.heapFloorEndMb, 0)} MB`,
    },
    {
      name: 'every certificate stored once: a row with its own code, and its file matching its SHA-256',
      pass: input.stored.rows === input.count && input.stored.distinctCodes === input.count && input.stored.filesChecked > 0 && input.stored.filesMatching === input.stored.filesChecked,
      figure: `${input.stored.rows}/${input.count} rows, ${input.stored.distinctCodes} distinct codes; ${input.stored.filesMatching}/${input.stored.filesChecked} sampled files match their checksum`,
    },
    {
      name: `the issue's size: ${CERTIFICATE_TARGETS.count.toLocaleString('en')} certificates`,
      pass: input.count >= CERTIFICATE_TARGETS.count,
      figure: `${input.count.toLocaleString('en')} certificates`,
      ...(input.count < CERTIFICATE_TARGETS.count ? { note: 'a short validation run, not the measurement' } : {}),
    },
  ];
}
