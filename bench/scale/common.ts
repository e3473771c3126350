/**
 * Shared plumbing of the scale benches (bench:month-end, bench:reconcile): settings, the bench
 * database, the migrate step and the ledger verify, machine facts, results. Child processes, ports, memory,
 * queue keys and the exit/cleanup handling are bench/support's (re-exported here).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withServiceDefaults } from '../../apps/cli/src/process-env.js';
import { log } from '../support/env.js';
import { main, onCleanup } from '../support/lifecycle.js';
import { freePort, LOG_DIR, memoryOf, removeQueueKeys as removeRedisKeys, startNode, waitForHealth } from '../support/process.js';

export { freePort, log, LOG_DIR, main, memoryOf, onCleanup, startNode, waitForHealth };

/** The repository root: this file runs as dist/bench/scale/common.js. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SMOKE = process.env.BENCH_SMOKE === '1' || process.env.BENCH_SMOKE === 'true';
export const RESULTS_DIR = SMOKE ? path.join(ROOT, 'bench', 'results', 'smoke') : path.join(ROOT, 'bench', 'results');

export const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');
export const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/src/main.js');
export const MIGRATE_MAIN = path.join(ROOT, 'dist/apps/cli/src/migrate.js');
export const VERIFY_MAIN = path.join(ROOT, 'dist/apps/cli/src/verify-ledger.js');

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got ${raw}`);
  return value;
}

function flag(name: string): boolean {
  return process.env[name] === '1' || process.env[name] === 'true';
}

function vacuumMode(raw: string | undefined): 'written' | 'all' | 'none' {
  if (raw === undefined || raw === '' || raw === 'written') return 'written';
  if (raw === 'all' || raw === 'none') return raw;
  throw new Error(`BENCH_VACUUM must be written, all or none, got ${raw}`);
}

export const scaleSettings = {
  /** Approved claim parts to generate (BENCH_SCALE; the 1,000,000; 2,000 with BENCH_SMOKE=1). */
  parts: intEnv('BENCH_SCALE', SMOKE ? 2_000 : 1_000_000, 8, 20_000_000),
  /** Vouchers per generated chunk (one database transaction each). */
  chunkVouchers: intEnv('BENCH_CHUNK', 500, 10, 50_000),
  /** Providers per region (ten Jinhua regions and Hangzhou). */
  providersPerRegion: intEnv('BENCH_PROVIDERS_PER_REGION', SMOKE ? 5 : 200, 1, 100_000),
  // Smoke runs use their own database, so CI never drops a kept full-scale one.
  database: process.env.BENCH_DATABASE ?? (SMOKE ? 'ivl_bench_scale_smoke' : 'ivl_bench_scale'),
  /** Reuse the bench database when it holds generated data (skips the generation). */
  reuse: flag('BENCH_REUSE'),
  /** Keep the bench database at the end (for bench:reconcile with BENCH_REUSE=1, or EXPLAIN by hand). */
  keep: flag('BENCH_KEEP'),
  /**
   * After generation: `written` (default) VACUUM (ANALYZE) of the tables the month wrote, as a month
   * of autovacuum would leave them (empty tables such as settlement_items stay never analysed);
   * `all` the whole database (also analyses the empty settlement tables, as a manual `vacuumdb -z` or
   * ANALYZE would); `none` nothing.
   */
  vacuum: vacuumMode(process.env.BENCH_VACUUM),
  /** Write EXPLAIN (ANALYZE, BUFFERS) of the measured queries to bench/results/ (also done when a target is missed). */
  explain: flag('BENCH_EXPLAIN'),
  adminDatabaseUrl: process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ---------------------------------------------------------------------------------------------
// Periods (Asia/Shanghai, fixed +08:00), as libs/core computes them.

const OFFSET_MS = 8 * 3600 * 1000;

export function periodOf(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 7);
}

export function periodRange(period: string): { start: Date; end: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) throw new Error(`period must be YYYY-MM, got ${period}`);
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return { start: new Date(Date.UTC(year, month, 1) - OFFSET_MS), end: new Date(Date.UTC(year, month + 1, 1) - OFFSET_MS) };
}

/**
 * The generated month: the month just ended (BENCH_PERIOD to force another), because the
 * scheduled month-end job settles "the month before the current one".
 */
export function benchPeriod(): string {
  if (process.env.BENCH_PERIOD) {
    periodRange(process.env.BENCH_PERIOD);
    return process.env.BENCH_PERIOD;
  }
  return periodOf(new Date(periodRange(periodOf(new Date())).start.getTime() - 1));
}

// ---------------------------------------------------------------------------------------------
// The bench database.

export function databaseUrl(name: string): string {
  const url = new URL(scaleSettings.adminDatabaseUrl);
  url.pathname = `/${checkName(name)}`;
  return url.toString();
}

function checkName(name: string): string {
  if (!/^ivl_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to touch database ${name}: bench databases are ivl_bench_*`);
  return name;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'ivl-bench-scale' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return withClient(
    scaleSettings.adminDatabaseUrl,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [checkName(name)])).rowCount === 1,
  );
}

/** Drops (forcing out any session) and creates an empty database. Only ivl_bench_* names. */
export async function recreateDatabase(name: string): Promise<string> {
  checkName(name);
  await withClient(scaleSettings.adminDatabaseUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  checkName(name);
  await withClient(scaleSettings.adminDatabaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function databaseSizeMb(name: string): Promise<number> {
  return withClient(scaleSettings.adminDatabaseUrl, async (c) => {
    const { rows } = await c.query<{ size: string }>('SELECT pg_database_size($1)::text AS size', [checkName(name)]);
    return round(Number(rows[0].size) / 1024 ** 2, 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Child processes.

/** The environment of the service's processes on the bench database (as `npm start` would run them). */
export function serviceEnv(dbUrl: string, queuePrefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...withServiceDefaults(process.env),
    NODE_ENV: 'development',
    DATABASE_URL: dbUrl,
    REDIS_URL: scaleSettings.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: '100000',
    RATE_LIMIT_PUBLIC_PER_ADDRESS_PER_MINUTE: '100000',
    ...extra,
  };
}

/** `node dist/apps/cli/src/migrate.js` on the database (as `npm start` does first). */
export async function migrateDatabase(dbUrl: string, name: string): Promise<void> {
  const child = startNode(`${name}-migrate`, MIGRATE_MAIN, serviceEnv(dbUrl, 'ivl-bench-migrate'));
  const code = await child.exited;
  if (code !== 0) throw new Error(`migrations failed (exit ${code}); see ${child.logFile}`);
}

export interface VerifyResult {
  seconds: number;
  balanced: boolean;
  transactionsChecked: number;
  problems: Array<{ check: string; detail: string }>;
  exitCode: number | null;
}

/** `node dist/apps/cli/src/verify-ledger.js` (what `npm run ledger:verify` runs), timed from spawn to exit. */
export async function verifyLedger(dbUrl: string, name: string): Promise<VerifyResult> {
  const capture = { stdout: [] as string[] };
  const started = performance.now();
  const child = startNode(`${name}-verify`, VERIFY_MAIN, serviceEnv(dbUrl, 'ivl-bench-verify'), { capture });
  const timer = setTimeout(() => {
    log('ledger verify did not finish within 20 minutes: SIGKILL');
    child.process.kill('SIGKILL');
  }, 20 * 60_000);
  const exitCode = await child.exited;
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const text = capture.stdout.join('');
  let report: { balanced?: boolean; transactionsChecked?: number; problems?: Array<{ check: string; detail: string }> } = {};
  try {
    report = JSON.parse(text.slice(text.indexOf('{'))) as typeof report;
  } catch {
    log(`ledger verify printed no report (exit ${exitCode}); see ${child.logFile}`);
  }
  return {
    seconds: round(seconds, 2),
    balanced: report.balanced === true && exitCode === 0,
    transactionsChecked: report.transactionsChecked ?? 0,
    problems: report.problems ?? [],
    exitCode,
  };
}

/** BullMQ connection options for REDIS_URL (BullMQ needs maxRetriesPerRequest: null). */
export function redisConnection() {
  const url = new URL(scaleSettings.redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
  };
}

/** Deletes a bench's BullMQ keys (only `ivl-bench-*`). */
export async function removeQueueKeys(prefix: string): Promise<void> {
  if (!prefix.startsWith('ivl-bench-')) throw new Error(`refusing to remove keys of ${prefix}`);
  await removeRedisKeys(scaleSettings.redisUrl, prefix);
}

// ---------------------------------------------------------------------------------------------
// Cleanups and results.

export async function machineInfo(): Promise<Record<string, unknown>> {
  const postgres = await withClient(scaleSettings.adminDatabaseUrl, async (c) => {
    const setting = async (name: string) => (await c.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
    return {
      version: await setting('server_version'),
      shared_buffers: await setting('shared_buffers'),
      work_mem: await setting('work_mem'),
      maintenance_work_mem: await setting('maintenance_work_mem'),
      effective_cache_size: await setting('effective_cache_size'),
      max_wal_size: await setting('max_wal_size'),
      jit: await setting('jit'),
    };
  });
  let disk = 'unknown';
  try {
    disk =
      execFileSync('df', ['-h', '--output=source,size,avail', ROOT], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/\s+/g, ' ') ?? disk;
  } catch {
    // unknown
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    disk,
    postgres,
    loadAvgAtStart: round(os.loadavg()[0], 2),
    date: new Date().toISOString(),
  };
}

export function writeResult(name: string, result: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function writeText(name: string, text: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  writeFileSync(file, text);
  return file;
}
