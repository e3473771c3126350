import { spawn } from 'node:child_process';
import { recreateDatabase, dropDatabase } from './db.js';
import { log, settings } from './env.js';

const DATABASE = 'ivl_bench_pgbench';

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
}
