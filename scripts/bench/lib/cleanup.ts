/**
 * Undo steps registered as resources are acquired (database, cms, site, uploaded file), run
 * last-in first-out exactly once: on success, on error, and on Ctrl-C, so a throwaway database
 * never outlives the benchmark.
 */
type Step = { name: string; run: () => Promise<void> };

const steps: Step[] = [];
let running: Promise<void> | undefined;

export function onCleanup(name: string, run: () => Promise<void>): void {
  steps.push({ name, run });
}

export function runCleanup(): Promise<void> {
  // Stopping Strapi rejects queries still waiting for a pool connection; such a stray rejection
  // must not kill the process before the database is dropped.
  process.on('unhandledRejection', (reason) => {
    console.error(`cleanup: ignored ${reason instanceof Error ? reason.message : String(reason)}`);
  });
  running ??= (async () => {
    for (const step of steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cleanup: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return running;
}

/** Ctrl-C / SIGTERM: clean up, then exit with the conventional 128 + signal number. */
export function cleanUpOnSignals(): void {
  const handle = (signal: NodeJS.Signals, code: number) => {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up (dropping the throwaway database)…`);
      void runCleanup().finally(() => process.exit(code));
    });
  };
  handle('SIGINT', 130);
  handle('SIGTERM', 143);
}

/**
 * Runs a benchmark's `main` with cleanup on Ctrl-C, on error and at the end, then exits: Strapi
 * and pg leave handles open after destroy(), and the measurement is over.
 */
export function runBenchmark(main: () => Promise<void>): void {
  cleanUpOnSignals();
  main()
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    })
    .finally(async () => {
      await runCleanup();
      process.exit(process.exitCode ?? 0);
    });
}
