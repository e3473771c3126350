import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: this file runs as dist/bench/support/env.js. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/**
 * Where this run's results go: bench/results for a measurement with the settings,
 * bench/results/smoke for BENCH_SMOKE=1, bench/results/experiments when any other BENCH_* knob is
 * set, so that neither a CI smoke nor an experiment overwrites the recorded figures.
 */
export function resultsDir(): string {
  if (SMOKE) return path.join(RESULTS_DIR, 'smoke');
  const knobs = Object.keys(process.env).filter((k) => k.startsWith('BENCH_') && k !== 'BENCH_SMOKE' && process.env[k] !== '');
  return knobs.length > 0 ? path.join(RESULTS_DIR, 'experiments') : RESULTS_DIR;
}

/** BENCH_SMOKE=1: a few seconds of light load on a small world, for CI. Never a timing assertion. */
export const SMOKE = process.env.BENCH_SMOKE === '1' || process.env.BENCH_SMOKE === 'true';
/** Seconds of unmeasured work after the checkpoint that starts each measured window (bench/support/db.ts `checkpoint`). */
export const SETTLE_SECONDS = SMOKE ? 1 : 5;

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got ${raw}`);
  return value;
}

export const settings = {
  /** Seconds of HTTP load (the 30 s; 3 s in smoke mode). */
  seconds: intEnv('BENCH_SECONDS', SMOKE ? 3 : 30, 1, 600),
  /** Concurrent HTTP connections of the load generator. */
  connections: intEnv('BENCH_CONNECTIONS', SMOKE ? 8 : 64, 1, 1024),
  /** Connections of the API process to Postgres (2 cores: a few more than the cores, enough to overlap round trips). */
  apiPoolSize: intEnv('BENCH_POOL_SIZE', 16, 2, 500),
  /** Experiment: API processes behind one port (Node cluster); 1 = as `npm start` runs it. */
  apiProcesses: intEnv('BENCH_API_PROCESSES', 1, 1, 8),
  /** The worker is idle during the load: a small pool. */
  workerPoolSize: intEnv('BENCH_WORKER_POOL_SIZE', 4, 2, 500),
  pgbench: {
    scale: intEnv('BENCH_PGBENCH_SCALE', SMOKE ? 1 : 10, 1, 1000),
    clients: intEnv('BENCH_PGBENCH_CLIENTS', SMOKE ? 4 : 16, 1, 90),
    threads: intEnv('BENCH_PGBENCH_THREADS', 2, 1, 64),
    seconds: intEnv('BENCH_PGBENCH_SECONDS', SMOKE ? 3 : 15, 1, 600),
  },
  /** World size: counties × enterprises per county × vouchers per enterprise (full: 9 × 4 × 6 = 216 vouchers). */
  counties: intEnv('BENCH_COUNTIES', SMOKE ? 2 : 9, 1, 9),
  enterprisesPerCounty: intEnv('BENCH_ENTERPRISES_PER_COUNTY', SMOKE ? 1 : 4, 1, 50),
  vouchersPerEnterprise: intEnv('BENCH_VOUCHERS_PER_ENTERPRISE', SMOKE ? 3 : 6, 1, 50),
  providers: intEnv('BENCH_PROVIDERS', SMOKE ? 2 : 8, 1, 100),
  /** Concurrent redemptions on the one voucher of the hot-voucher bench. */
  hotVoucherRequests: intEnv('BENCH_HOT_VOUCHER_REQUESTS', SMOKE ? 40 : 200, 2, 2000),
  /** Rounds of the hot-voucher bench (each on a fresh voucher). */
  hotVoucherRounds: intEnv('BENCH_HOT_VOUCHER_ROUNDS', SMOKE ? 1 : 5, 1, 50),
  /** Extra node flags for the API process (experiments, e.g. `--max-semi-space-size=4`). */
  apiNodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  /**
   * Experiment (issue 17): BENCH_PG_LOG=1 gives the API's and the worker's connections
   * `log_min_duration_statement=0` (PGOPTIONS), so the server log lists every statement they run
   * with its duration (tools/pg-log-statements.mjs sums them per statement). Slows the run: never for figures.
   */
  pgLogStatements: ['1', 'nested'].includes(process.env.BENCH_PG_LOG ?? ''),
  /**
   * BENCH_PG_LOG=nested: also the statements run inside functions and triggers (auto_explain,
   * loaded per session, plans without ANALYZE) and each function's time (track_functions=all).
   */
  pgLogNested: process.env.BENCH_PG_LOG === 'nested',
  /** Write V8 CPU profiles of the API into bench/results/prof/. */
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  adminDatabaseUrl: process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
