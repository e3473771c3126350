import { log } from './env.js';

const cleanups: Array<() => Promise<void>> = [];

/** Registers a cleanup to run on exit, SIGINT or SIGTERM (stopping the service, dropping databases). */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

let cleaning: Promise<void> | undefined;

/**
 * Runs the cleanups once. A second caller waits for the same run: on Ctrl-C the signal handler
 * starts it, and a main that ends because its child processes got the SIGINT too must not exit
 * before the service is stopped and its queues removed.
 */
export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup failed: ${String(error)}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void runCleanups().finally(() => process.exit(130));
  });
}

/** Runs a bench's main: its exit code is 0 when every correctness check passed (timings never fail it). */
export function main(run: () => Promise<boolean>): void {
  run()
    .then(async (ok) => {
      await runCleanups();
      process.exit(ok ? 0 : 1);
    })
    .catch(async (error: unknown) => {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await runCleanups();
      process.exit(2);
    });
}
