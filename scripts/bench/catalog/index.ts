/**
 * `npm run bench:catalog`: builds a large catalog in a throwaway database, then load-tests our
 * catalog API, the site's catalog page and Strapi's stock `GET /api/courses?populate=*` on the
 * same data, and checks the catalog API against the issue's targets. A measurement, not a test:
 * it exits 0 when a target fails and says FAIL.
 *
 *   npm run bench:catalog -- [--duration 10] [--rounds 2] [--warmup 2] [--courses 500] [--lessons 20000]
 *                            [--concurrency 8] [--keep] [--database <name kept by --keep>] [--cpu-profile]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../../tests/harness/stack';
import { runBenchmark } from '../lib/cleanup';
import { databaseName, wholeNumber } from '../lib/options';
import { createSqlCounter, type SqlCounter } from '../lib/sql-counter';
import { startCms, startSite } from '../lib/stack';
import { countPublished, generateCatalog } from './generate';
import { finishMeasurement, measureRound, probeAndWarm, type Endpoint, type LoadSettings, type Measurement } from './measure';
import { printQueriesOfFailures, printReport, writeReport } from './report';
import type { EndpointRow } from './stats';

const CONNECTIONS = 10;
/** Strapi's default page size for the stock endpoint; ours is asked for the same, for a fair ratio. */
const PAGE_SIZE = 25;
const OUR_KEYS = ['catalog', 'catalog-filtered'];

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      courses: { type: 'string' },
      lessons: { type: 'string' },
      concurrency: { type: 'string' },
      // Generating 20,000 lessons takes minutes: --keep leaves the database (and its cover file)
      // so a cms change can be measured again on the same data with --database.
      keep: { type: 'boolean', default: false },
      database: { type: 'string' },
      'cpu-profile': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const courses = wholeNumber('courses', values.courses, 500);
  const lessons = wholeNumber('lessons', values.lessons, 20_000);
  const durationSeconds = wholeNumber('duration', values.duration, 10);
  const rounds = wholeNumber('rounds', values.rounds, 2);
  if (rounds > durationSeconds) throw new Error(`--rounds (${rounds}) cannot exceed --duration (${durationSeconds}): each round runs at least a second`);
  if (lessons < courses) throw new Error(`--lessons (${lessons}) must be at least --courses (${courses}): every course gets a lesson`);
  databaseName(values.database);
  return {
    size: { courses, lessons, concurrency: wholeNumber('concurrency', values.concurrency, 8) },
    load: {
      connections: CONNECTIONS,
      durationSeconds,
      rounds,
      warmupSeconds: wholeNumber('warmup', values.warmup, 2, 0),
      cpuProfileDir: values['cpu-profile'] ? path.join(repoRoot, '.bench', `cpu-${Date.now().toString(36)}`) : undefined,
    } satisfies LoadSettings,
    database: { reuse: values.database, keep: values.keep || values.database !== undefined },
  };
}

function endpoints(cmsUrl: string, siteUrl: string | undefined): Endpoint[] {
  const cms = (key: string, label: string, path: string): Endpoint => ({ key, label, baseUrl: cmsUrl, path, servedBy: 'cms' });
  return [
    cms('catalog', 'catalog API', `/api/catalog/courses?pageSize=${PAGE_SIZE}`),
    cms('catalog-filtered', 'catalog API, filtered', `/api/catalog/courses?level=beginner&price=paid&pageSize=${PAGE_SIZE}`),
    ...(siteUrl ? [{ key: 'site', label: 'site /courses', baseUrl: siteUrl, path: '/courses', servedBy: 'site' as const }] : []),
    cms('stock', 'stock populate=*', '/api/courses?populate=*'),
  ];
}

/** Warm every endpoint, then measure them in interleaved rounds. */
async function measureAll(targets: Endpoint[], counter: SqlCounter, settings: LoadSettings): Promise<EndpointRow[]> {
  console.log(`\nwarm-up: autocannon, ${settings.connections} connections, ${settings.warmupSeconds} s each`);
  const measurements: Measurement[] = [];
  for (const endpoint of targets) measurements.push(await probeAndWarm(endpoint, counter, settings));
  // Other processes on the machine move the numbers: say how busy it was.
  const loadAverage = os.loadavg().map((n) => n.toFixed(2)).join(' ');
  console.log(`\nmeasure: ${settings.durationSeconds} s each in ${settings.rounds} rounds; load average ${loadAverage} on ${os.cpus().length} CPUs`);
  for (let round = 1; round <= settings.rounds; round++) {
    for (const m of measurements) await measureRound(m, round, counter, settings);
  }
  return measurements.map(finishMeasurement);
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const options = readOptions();

  const cms = await startCms(options.database);
  let generationSeconds: number | undefined;
  if (!options.database.reuse) {
    const { courses, lessons, concurrency } = options.size;
    console.log(`cms on ${cms.cmsUrl}; generating ${courses} courses and ${lessons} lessons (${concurrency} in flight)…`);
    const started = Date.now();
    await generateCatalog(cms.strapi, options.size, options.database.keep);
    generationSeconds = (Date.now() - started) / 1000;
  }
  const counts = await countPublished(cms.strapi);
  console.log(
    `catalog: ${counts.courses} courses, ${counts.sections} sections, ${counts.lessons} lessons, ${counts.categories} categories, ` +
      `${counts.instructors} instructors (published)${generationSeconds ? `, generated in ${generationSeconds.toFixed(0)} s` : ''}`,
  );

  const site = await startSite(cms);
  const siteUrl = 'url' in site ? site.url : undefined;

  const rows = await measureAll(endpoints(cms.cmsUrl, siteUrl), createSqlCounter(cms.strapi), options.load);
  if ('skipped' in site) rows.splice(2, 0, { key: 'site', label: 'site /courses', path: '/courses', skipped: site.skipped });

  const checks = printReport(rows, OUR_KEYS);
  printQueriesOfFailures(rows, checks);
  const file = writeReport({
    startedAt,
    settings: {
      ...options.load,
      ...options.size,
      pageSize: PAGE_SIZE,
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAfter: os.loadavg(),
      nodeEnv: process.env.NODE_ENV,
    },
    dataset: { ...counts, generationSeconds, database: options.database },
    rows,
    checks,
  });
  console.log(`\nresults written to ${file}`);
  if (options.load.cpuProfileDir) console.log(`cms CPU profiles of each measured run: ${path.relative(repoRoot, options.load.cpuProfileDir)}/`);
}

runBenchmark(main);
