/**
 * `npm run demo`: a fresh service with a small Jinhua world and its month, settled and reconciled.
 *
 * Recreates the demo database (ivl_demo, or DEMO_DATABASE_URL; never DATABASE_URL), starts the API and
 * the worker as `npm start` does (PORT, default 3000), generates the world and a month of activity
 * through the public API, settles the month through the worker, approves and pays every batch,
 * prints each region's reconciliation and logins to try, then keeps the service running until
 * Ctrl-C. `--exit` stops after printing; the exit code is 0 only when every region's
 * reconciliation and GET /ledger/verify are balanced (CI: `node dist/tools/demo.js --exit --small`).
 * Options: `--small` (default) or `--medium`, `--seed=<n>`.
 */
import { loadDotEnv } from '@ivl/config';
import { periodOf } from '@ivl/core';
import { generateActivity } from './generator/activity.js';
import { JINHUA } from './generator/jinhua.js';
import { isScaleName, SCALES, type ScaleName } from './generator/scale.js';
import { generateWorld, type World } from './generator/world.js';
import { fetchReconciliation, formatReconciliation, isBalanced } from './demo/reconciliation.js';
import { settleMonth } from './demo/settlement.js';
import { describeActivity, describeLogins, describeSettlement, describeWorld } from './demo/summary.js';
import { databaseUrl } from '../bench/support/db.js';
import { Http } from './generator/http.js';
import { main, onCleanup } from '../bench/support/lifecycle.js';
import { LOG_DIR, type Service, startService } from '../bench/support/service.js';
import { verifyLedger } from '../bench/support/world.js';
import { required } from '@ivl/core';

interface DemoArgs {
  exit: boolean;
  scale: ScaleName;
  seed: number;
}

const DEMO_PASSWORD = 'jinhua-2026';

function parseArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { exit: false, scale: 'small', seed: 2026 };
  for (const arg of argv) {
    const scale = arg.replace(/^--/, '');
    if (arg === '--exit') args.exit = true;
    else if (isScaleName(scale)) args.scale = scale;
    else if (/^--seed=\d+$/.test(arg)) args.seed = Number(arg.slice('--seed='.length));
    else throw new Error(`unknown option ${arg}: use --exit, --small, --medium, --seed=<n>`);
  }
  return args;
}

function say(text = ''): void {
  process.stdout.write(`${text}\n`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function section(title: string): void {
  say();
  say(`━━ ${title}`);
}

function demoDatabaseUrl(): string {
  // Never DATABASE_URL: a user who exported it for the real database must not see it emptied by the demo.
  return process.env.DEMO_DATABASE_URL || databaseUrl('ivl_demo');
}

function demoPort(): number {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  return port;
}

async function start(): Promise<Service> {
  const url = demoDatabaseUrl();
  const shown = new URL(url);
  shown.password = shown.password ? '***' : '';
  say(`!!! The demo DROPS and recreates the database "${shown.pathname.slice(1)}" (${shown.toString()}): everything in it is deleted. !!!`);
  const service = await startService({
    name: 'demo',
    databaseUrl: url,
    port: demoPort(),
    queuePrefix: `ivl-demo-${process.pid}`,
    tuning: 'service',
  });
  onCleanup(() => service.stop());
  return service;
}

/** Reconciles every region's month and prints it; true when all are balanced. */
async function reconcileAll(world: World, period: string): Promise<boolean> {
  let ok = true;
  for (const region of JINHUA) {
    const rec = await fetchReconciliation(
      world.http,
      required(world.finance.get(region.code), `the finance bureau of ${region.code}`).token,
      region.code,
      period,
    );
    ok &&= isBalanced(rec);
    say();
    say(formatReconciliation(rec));
  }
  return ok;
}

async function runDemo(args: DemoArgs): Promise<boolean> {
  const started = Date.now();
  const service = await start();
  const http = new Http(service.baseUrl);
  const period = periodOf(new Date());
  say(`service up at ${service.baseUrl} (${seconds(started)}); logs in ${LOG_DIR}/demo-{api,worker}.log`);

  section(`Generating a ${args.scale} Jinhua world (seed ${args.seed}) and its month ${period}, through the API`);
  const options = { scale: SCALES[args.scale], seed: args.seed, tag: '', password: DEMO_PASSWORD, concurrency: 4 };
  const world = await generateWorld(http, options);
  say(describeWorld(world));
  const activity = await generateActivity(world);
  say(describeActivity(activity));
  say(`(${seconds(started)})`);

  section(`Settlement of ${period} by each finance bureau (runs built by the worker)`);
  say(describeSettlement(await settleMonth(world, period)));

  section(`Reconciliation of ${period} per funding region (yuan)`);
  const reconciled = await reconcileAll(world, period);
  const ledger = await verifyLedger({ http, adminToken: world.auditor.token });
  section(`GET /ledger/verify: ${ledger.balanced ? 'balanced ✓' : 'NOT BALANCED ✗'} (${ledger.transactionsChecked} transactions checked)`);
  if (!ledger.balanced) say(JSON.stringify(ledger.problems, null, 2));
  const ok = reconciled && ledger.balanced;

  const portal = `${service.baseUrl.replace('127.0.0.1', 'localhost')}/`;
  section(`Open the portal at ${portal} and log in as one of these (one per role)`);
  say(describeLogins(world, activity));
  say();
  say(`${ok ? 'All balanced.' : 'SOMETHING DID NOT BALANCE.'} Demo ready in ${seconds(started)}: ${portal}`);
  if (args.exit) return ok;
  return keepRunning(service);
}

/** Like `npm start`: runs until Ctrl-C (the cleanup stops the service), or until a process dies. */
async function keepRunning(service: Service): Promise<boolean> {
  const stop = { interrupted: false };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stop.interrupted = true));
  say(`The service keeps running at ${service.baseUrl}: Ctrl-C stops it.`);
  // On Ctrl-C the API and the worker get the SIGINT too and exit; the cleanup has begun already.
  const code = await Promise.race([service.api.exited, service.worker.exited]);
  if (!stop.interrupted) say(`a service process exited (code ${code}); see ${LOG_DIR}`);
  return stop.interrupted;
}

// As npm start: DEMO_DATABASE_URL, PORT and the rest may come from .env (the environment wins).
loadDotEnv();
main(() => runDemo(parseArgs(process.argv.slice(2))));
