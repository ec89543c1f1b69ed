/**
 * `npm run worker`: the process that runs the queue consumers (certificate PDFs, LTI grade
 * passback, leaderboards, emails, payouts, H5P extraction).
 *
 * It loads Strapi without its HTTP server, as the "worker" role, so lms-core starts BullMQ
 * workers for every subscription the plugins made in register(). The cms process only relays
 * events to Redis. Ctrl-C or SIGTERM finishes the jobs in progress, closes the workers and
 * Redis connections, and destroys Strapi.
 *
 * Without REDIS_URL there is no queue to consume: the cms process runs the handlers itself
 * (inline mode). The worker then says so and idles until stopped, rather than exiting, so a
 * supervisor (`npm run up`, systemd, Docker) does not treat it as a crash.
 */
import { loadConfig, type LmsConfig } from '@lms/config';
import type { Core } from '@strapi/strapi';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';

process.env.LMS_PROCESS_ROLE = 'worker';

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        log(`worker: ${signal} again, exiting without waiting`);
        process.exit(1);
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function signalListeners(): Array<[NodeJS.Signals, (...args: unknown[]) => void]> {
  return (['SIGINT', 'SIGTERM'] as const).flatMap((signal) =>
    process.listeners(signal).map((listener) => [signal, listener as (...args: unknown[]) => void] as [NodeJS.Signals, (...args: unknown[]) => void]),
  );
}

async function main(): Promise<number> {
  let config: LmsConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const stop = untilStopSignal();

  if (!config.redis) {
    log('worker: No REDIS_URL: jobs run inline in the cms process; this worker has nothing to consume and idles until stopped.');
    const keepAlive = setInterval(() => undefined, 1 << 30); // a pending promise alone lets Node exit
    const signal = await stop;
    clearInterval(keepAlive);
    log(`worker: ${signal}, stopped`);
    return 0;
  }

  // Imported late: it reads the environment (with the role set above) when it loads the cms.
  const { bootStrapi } = await import('./lib/strapi');
  const ours = signalListeners();
  let strapi: Core.Strapi;
  try {
    strapi = await bootStrapi({ logLevel: config.logLevel });
  } catch (error) {
    process.stderr.write(`worker: Strapi failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
  // Strapi installs its own SIGINT/SIGTERM handler (destroy, then exit at once). This process
  // shuts down itself, in order, and reports how it went; so only our handler stays.
  for (const [signal, listener] of signalListeners()) {
    if (!ours.some(([s, l]) => s === signal && l === listener)) process.removeListener(signal, listener);
  }

  const events = getLmsCoreService(strapi, 'events');
  const { events: subscriptions, jobs } = events.subscriptions();
  const consumed = subscriptions.map((s) => `${s.type} → ${s.consumer}`);
  log(
    `worker: consuming queue "lms" on ${config.redis.url.replace(/\/\/[^@]*@/, '//***@')} (prefix ${config.redis.prefix}): ` +
      (consumed.length || jobs.length
        ? [...consumed, ...jobs.map((j) => `job ${j}`)].join(', ')
        : 'no subscriptions yet (plugins subscribe in register())'),
  );

  const signal = await stop;
  log(`worker: ${signal}, finishing jobs in progress…`);
  try {
    // lms-core's destroy() closes the BullMQ workers (waiting for running jobs) and Redis.
    await strapi.destroy();
  } catch (error) {
    process.stderr.write(`worker: error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  log('worker: stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
