/**
 * Shared plumbing of the scale benches (bench:month-end, bench:reconcile): settings, the bench
 * database, child processes (migrate, API, worker, ledger verify), memory of a process, results.
 * Self-contained on purpose (only npm packages): the scale benches do not depend on bench/support.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { withServiceDefaults } from '../../apps/cli/src/process-env.js';

/** The repository root: this file runs as dist/bench/scale/common.js. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SMOKE = process.env.BENCH_SMOKE === '1' || process.env.BENCH_SMOKE === 'true';
export const RESULTS_DIR = SMOKE ? path.join(ROOT, 'bench', 'results', 'smoke') : path.join(ROOT, 'bench', 'results');
export const LOG_DIR = path.join(ROOT, 'bench', 'results', 'logs');

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

export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
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
  return withClient(scaleSettings.adminDatabaseUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [checkName(name)])).rowCount === 1);
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
    return round(Number(rows[0]!.size) / 1024 ** 2, 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Child processes.

export class Child {
  readonly exited: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly process: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  }

  get pid(): number {
    return this.process.pid!;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** SIGTERM (the processes close their pools and queues), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (this.running) {
        log(`${this.name} did not stop within ${graceMs} ms: SIGKILL`);
        this.process.kill('SIGKILL');
      }
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A node script as a child process; its stdout and stderr go to bench/results/logs/<name>.log (and are kept in memory when `capture`). */
export function startNode(name: string, script: string, env: NodeJS.ProcessEnv, capture?: { stdout: string[] }): Child {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const out = createWriteStream(logFile);
  const childEnv = { ...env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => capture?.stdout.push(chunk.toString()));
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return new Child(name, child, logFile);
}

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
  const child = startNode(`${name}-verify`, VERIFY_MAIN, serviceEnv(dbUrl, 'ivl-bench-verify'), capture);
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
    report = JSON.parse(text.slice(text.indexOf('{')));
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

/** A free TCP port from `from` upwards (loopback). */
export async function freePort(from = 3700): Promise<number> {
  for (let port = from; port < from + 300; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}..${from + 299}`);
}

/** Peak (VmHWM) and current (VmRSS) resident set of a process, in MiB, from /proc. */
export function memoryOf(pid: number): { peakMb: number; rssMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: round(kb('VmHWM') / 1024), rssMb: round(kb('VmRSS') / 1024) };
  } catch {
    return undefined;
  }
}

/** Deletes a bench's BullMQ keys (bounded SCAN). */
/** BullMQ connection options for REDIS_URL (BullMQ needs maxRetriesPerRequest: null). */
export function redisConnection() {
  const url = new URL(scaleSettings.redisUrl);
  return { host: url.hostname, port: Number(url.port || 6379), db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0, maxRetriesPerRequest: null };
}

export async function removeQueueKeys(prefix: string): Promise<void> {
  if (!prefix.startsWith('ivl-bench-')) throw new Error(`refusing to remove keys of ${prefix}`);
  const redis = new Redis(scaleSettings.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } catch (error) {
    log(`could not remove queue keys ${prefix}:*: ${String(error)}`);
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanups and results.

const cleanups: Array<() => Promise<void>> = [];

export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      log(`cleanup failed: ${String(error)}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void runCleanups().finally(() => process.exit(130));
  });
}

/** Runs a bench: exit 0 when every correctness check passed (a missed timing target does not fail it), 1 when one failed, 2 on error. */
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

export async function machineInfo(): Promise<Record<string, unknown>> {
  const postgres = await withClient(scaleSettings.adminDatabaseUrl, async (c) => {
    const setting = async (name: string) => (await c.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0]!.v;
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
    disk = execFileSync('df', ['-h', '--output=source,size,avail', ROOT], { encoding: 'utf8' }).trim().split('\n').pop()!.replace(/\s+/g, ' ');
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
    loadAvgAtStart: round(os.loadavg()[0]!, 2),
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
