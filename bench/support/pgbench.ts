import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recreateDatabase, dropDatabase, withDatabase } from './db.js';
import { log, settings } from './env.js';

const DATABASE = 'ivl_bench_pgbench';
const CEILING_DATABASE = 'ivl_bench_ceiling';
/** bench/ceiling: the writes of one redemption as one plpgsql call (issue 17; /work/shared/anchors). */
const CEILING_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench/ceiling');

export interface PgbenchResult {
  tps: number;
  scale: number;
  clients: number;
  threads: number;
  seconds: number;
  latencyAvgMs: number | null;
  command: string;
}

function connectionArgs(): string[] {
  const url = new URL(settings.adminDatabaseUrl);
  return ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
}

function run(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGAPPNAME: 'ivl-bench-pgbench' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`pgbench could not start: ${error.message} (is postgresql-client installed?)`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`pgbench ${args.join(' ')} exited ${code}:\n${out}`));
    });
  });
}

/** `pgbench -i -s <scale> -q` on a fresh ivl_bench_pgbench database. */
export async function initPgbench(): Promise<void> {
  const { scale } = settings.pgbench;
  await recreateDatabase(DATABASE);
  log(`pgbench -i -s ${scale} -q`);
  await run([...connectionArgs(), '-i', '-s', String(scale), '-q', DATABASE], 600_000);
}

/** The built-in TPC-B-like script: the machine's limit for short write transactions on this Postgres. */
export async function runPgbench(): Promise<PgbenchResult> {
  const { scale, clients, threads, seconds } = settings.pgbench;
  const args = ['-c', String(clients), '-j', String(threads), '-T', String(seconds), '-n'];
  log(`pgbench ${args.join(' ')}`);
  const out = await run([...connectionArgs(), ...args, DATABASE], (seconds + 120) * 1000);
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`no "tps = …" in the pgbench output:\n${out}`);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  return {
    tps: Math.round(Number(tps[1])),
    scale,
    clients,
    threads,
    seconds,
    latencyAvgMs: latency ? Number(latency[1]) : null,
    command: `pgbench -i -s ${scale} -q && pgbench ${args.join(' ')}`,
  };
}

export async function dropPgbench(): Promise<void> {
  await dropDatabase(DATABASE);
  await dropDatabase(CEILING_DATABASE);
}

/** Loads bench/ceiling/redeem-limit.sql (100,000 vouchers) into a fresh ivl_bench_ceiling. */
export async function initCeiling(): Promise<void> {
  await recreateDatabase(CEILING_DATABASE);
  log('plpgsql ceiling: loading bench/ceiling/redeem-limit.sql');
  const sql = readFileSync(path.join(CEILING_DIR, 'redeem-limit.sql'), 'utf8');
  await withDatabase(CEILING_DATABASE, async (client) => {
    await client.query(sql);
  });
}

/**
 * The second baseline: one redemption's writes (idempotency row, voucher and two parts, redemption,
 * ledger transaction and four entries) as one plpgsql call per transaction, with pgbench's clients
 * and duration. No triggers, audit row or checks: a ceiling, not a target.
 */
export async function runCeiling(): Promise<PgbenchResult> {
  const { clients, threads, seconds } = settings.pgbench;
  const script = path.join(CEILING_DIR, 'redeem-limit.pgbench');
  const args = ['-c', String(clients), '-j', String(threads), '-T', String(seconds), '-n', '-f', script];
  log(`pgbench ${args.join(' ')} (plpgsql ceiling)`);
  const out = await run([...connectionArgs(), ...args, CEILING_DATABASE], (seconds + 120) * 1000);
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`no "tps = …" in the pgbench output:\n${out}`);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  return {
    tps: Math.round(Number(tps[1])),
    scale: 0,
    clients,
    threads,
    seconds,
    latencyAvgMs: latency ? Number(latency[1]) : null,
    command: `psql -f bench/ceiling/redeem-limit.sql && pgbench ${args.join(' ')}`,
  };
}
