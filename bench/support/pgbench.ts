import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOBS } from '@ivl/jobs';
import { checkpoint, recreateDatabase, dropDatabase, withDatabase } from './db.js';
import { log, SETTLE_SECONDS, settings } from './env.js';

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

/**
 * One pgbench measurement with the bench's clients, threads and duration, after a checkpoint and
 * SETTLE_SECONDS of the same script unmeasured (see `checkpoint`); `script` null: the built-in TPC-B-like one.
 */
async function measure(database: string, script: string | null, label: string, setup: string, scale = 0): Promise<PgbenchResult> {
  const { clients, threads, seconds } = settings.pgbench;
  const argsFor = (duration: number) => [
    '-c',
    String(clients),
    '-j',
    String(threads),
    '-T',
    String(duration),
    '-n',
    ...(script ? ['-f', script] : []),
  ];
  const args = argsFor(seconds);
  log(`pgbench ${args.join(' ')}${label ? ` (${label})` : ''}`);
  await checkpoint(database);
  await run([...connectionArgs(), ...argsFor(SETTLE_SECONDS), database], (SETTLE_SECONDS + 120) * 1000);
  const out = await run([...connectionArgs(), ...args, database], (seconds + 120) * 1000);
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
    command: `${setup} && pgbench ${args.join(' ')}`,
  };
}

/** The built-in TPC-B-like script: the machine's limit for short write transactions on this Postgres. */
export async function runPgbench(): Promise<PgbenchResult> {
  const { scale } = settings.pgbench;
  return measure(DATABASE, null, '', `pgbench -i -s ${scale} -q`, scale);
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
  return measure(
    CEILING_DATABASE,
    path.join(CEILING_DIR, 'redeem-limit.pgbench'),
    'plpgsql ceiling',
    'psql -f bench/ceiling/redeem-limit.sql',
  );
}

/**
 * The third baseline: the service's own redemption (`redeem_hold`, the one call POST /redemptions
 * makes) called by pgbench on the bench's world, with no HTTP and no Node in between: the rate the
 * service's database work allows, so `ratio` can be read against what its schema, triggers and
 * guarantees cost (every active voucher in turn with a provider of the world, `DESIGN`, 100 fen,
 * as the load sends). One lookup in a helper table per call picks the arguments; the table is
 * dropped afterwards. `redeemed` counts the redemptions written, so a run of refusals cannot pass
 * for a fast one.
 */
export async function runRedeemHold(database: string): Promise<PgbenchResult & { redeemed: number }> {
  const count = () =>
    withDatabase(database, async (client) =>
      Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM redemptions')).rows[0].n),
    );
  await withDatabase(database, (client) =>
    client.query(`
      CREATE UNLOGGED TABLE bench_redeem_args AS
      WITH v AS (SELECT row_number() OVER (ORDER BY code) AS n, code::text AS code FROM vouchers WHERE status = 'active'),
           p AS (SELECT row_number() OVER (ORDER BY p.id) - 1 AS k, p.id AS provider_id,
                        (SELECT u.id FROM users u WHERE u.provider_id = p.id AND u.status = 'active' ORDER BY u.id LIMIT 1) AS user_id
                   FROM providers p WHERE p.status = 'active')
      SELECT v.n, v.code, p.provider_id, p.user_id FROM v JOIN p ON p.k = v.n % (SELECT count(*) FROM p);
      ALTER TABLE bench_redeem_args ADD PRIMARY KEY (n);`),
  );
  const vouchers = await withDatabase(database, async (client) =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM bench_redeem_args')).rows[0].n),
  );
  const script = path.join(mkdtempSync(path.join(tmpdir(), 'ivl-bench-')), 'redeem-hold.pgbench');
  writeFileSync(
    script,
    `\\set n random(1, ${vouchers})
SELECT redeem_hold(a.user_id, gen_random_uuid()::text, repeat('0', 64), 'provider', a.provider_id, gen_random_uuid(), a.code,
       'DESIGN', 100, '工业设计服务', now(), to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
       jsonb_build_object('status', 'pending', 'category', 'DESIGN', 'orderAmount', '100', 'description', '工业设计服务'),
       '${JOBS.deliverNotification.name}')
  FROM bench_redeem_args a WHERE a.n = :n;
`,
  );
  try {
    const before = await count();
    const result = await measure(database, script, 'redeem_hold on the bench world', 'the bench world');
    return { ...result, redeemed: (await count()) - before };
  } finally {
    rmSync(path.dirname(script), { recursive: true, force: true });
    await withDatabase(database, (client) => client.query('DROP TABLE bench_redeem_args'));
  }
}
