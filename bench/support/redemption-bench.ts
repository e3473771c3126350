import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cpuMsPer, cpuWindow } from './cpu.js';
import { checkpoint, withDatabase } from './db.js';
import { log, resultsDir, SETTLE_SECONDS, SMOKE, settings } from './env.js';
import { Http } from '../../tools/generator/http.js';
import { onCleanup } from './lifecycle.js';
import { redemptionLoad } from './load.js';
import { dropPgbench, initCeiling, initPgbench, runCeiling, runPgbench, runRedeemHold } from './pgbench.js';
import { loadAverage, machineInfo, writeResult } from './report.js';
import { pauseSealer, sampleLag, waitUntilSealed } from './sealing.js';
import { memoryOf, sampleMemory, startService } from './service.js';
import { buildWorld, COUNTIES, interleaveByCounty, type ProgramSpec, verifyLedger } from './world.js';

/** Face value of every voucher: far more than 30 s of 50-fen subsidies can use up. */
const FACE_VALUE = 10_000_000;
const ORDER_AMOUNT = 100;

export type Layout = 'spread' | 'hot-county';

/**
 * Redemption throughput: pgbench (the machine's limit) and then POST /redemptions over HTTP against
 * the API and the worker on a fresh database, with the vouchers spread over the counties or all
 * from one county's program. Returns true when the ledger verifies and no request failed.
 *
 * `compareSealing`: the measured load runs with the worker's sealer paused (its advisory lock held
 * by the bench); then, once the sealer has caught up, four shorter runs of the same load with the
 * sealer running (job ledger.seal every SEAL_INTERVAL_SECONDS), paused, running, paused. The JSON
 * line's `sealing` compares the mean throughput of the runs with the sealer to that of the three
 * without (alternating in time: no bias from the order or a drifting machine) and gives the largest
 * sealing lag seen while it ran.
 */
export async function redemptionBench(name: string, layout: Layout, compareSealing = false): Promise<boolean> {
  const loadAvgAtStart = loadAverage();
  const machine = await machineInfo(loadAvgAtStart);
  log(`${name}: ${layout}${SMOKE ? ' (smoke)' : ''}, load average ${machine.loadAvgAtStart}`);

  await initPgbench();
  await initCeiling();
  onCleanup(dropPgbench);

  const service = await startService({ name });
  onCleanup(() => service.stop());
  const http = new Http(service.baseUrl);

  const { counties, enterprisesPerCounty, vouchersPerEnterprise } = settings;
  const programs: ProgramSpec[] =
    layout === 'spread'
      ? COUNTIES.slice(0, counties).map((county) => ({
          county,
          enterprises: enterprisesPerCounty,
          vouchersPerEnterprise,
          faceValue: FACE_VALUE,
        }))
      : [{ county: COUNTIES[0], enterprises: counties * enterprisesPerCounty, vouchersPerEnterprise, faceValue: FACE_VALUE }];
  const world = await buildWorld(http, programs, settings.providers);
  const codes = interleaveByCounty(world.vouchers).map((v) => v.code);
  const paused = compareSealing ? await pauseSealer(service.databaseName) : undefined;

  // Warm-up (JIT, pools, caches): not measured.
  const warmupSeconds = SMOKE ? 1 : 5;
  const warmup = await redemptionLoad({
    baseUrl: service.baseUrl,
    providerTokens: world.providerTokens,
    voucherCodes: codes,
    seconds: warmupSeconds,
    connections: settings.connections,
    orderAmount: ORDER_AMOUNT,
  });
  log(`warm-up: ${warmup.ok} ok, ${warmup.errors} errors in ${warmupSeconds} s`);

  // The machine's limit, on the same Postgres, with the service idle.
  const pids = { api: service.api.pid, worker: service.worker.pid };
  const pgbenchCpu = cpuWindow(pids, 'ivl_bench_pgbench');
  const pgbench = await runPgbench();
  const pgbenchUsage = pgbenchCpu.stop();
  // pgbench itself is a process that has ended by now, so it counts as foreign here: judge by the other databases and steal.
  const pgbenchDisturbed =
    pgbenchUsage.foreignPostgresCpuSec > 0.1 * pgbenchUsage.machine.capacityCpuSec || pgbenchUsage.machine.stealPct > 5;
  log(`pgbench: ${pgbench.tps} tps, machine ${JSON.stringify(pgbenchUsage.machine)}${pgbenchDisturbed ? ' DISTURBED' : ''}`);
  // The second baseline (issue 17): the same writes as one plpgsql call, measured in the same run.
  const ceilingCpu = cpuWindow(pids, 'ivl_bench_ceiling');
  const ceiling = await runCeiling();
  const ceilingUsage = ceilingCpu.stop();
  log(`plpgsql ceiling: ${ceiling.tps} redemptions/s, machine ${JSON.stringify(ceilingUsage.machine)}`);

  const measured = {
    baseUrl: service.baseUrl,
    providerTokens: world.providerTokens,
    voucherCodes: codes,
    seconds: settings.seconds,
    connections: settings.connections,
    orderAmount: ORDER_AMOUNT,
  };
  // Before each measured run: a checkpoint and SETTLE_SECONDS of the same load unmeasured (see `checkpoint`).
  let settledOk = 0;
  let settledErrors = 0;
  let settles = 0;
  const settle = async () => {
    await checkpoint(service.databaseName);
    const settled = await redemptionLoad({ ...measured, seconds: SETTLE_SECONDS });
    settledOk += settled.ok;
    settles += 1;
    settledErrors += settled.errors;
  };
  await settle();
  const rssBefore = memoryOf(service.api.pid);
  const memory = sampleMemory(service.api.pid);
  const cpu = cpuWindow(pids, service.databaseName);
  const window = { startMonotonicUs: Number(process.hrtime.bigint() / 1000n), endMonotonicUs: 0 };
  const load = await redemptionLoad(measured);
  window.endMonotonicUs = Number(process.hrtime.bigint() / 1000n);
  const cpuUsage = cpu.stop();
  const rss = memory.stop();
  const workerRss = memoryOf(service.worker.pid);
  log(
    `load: ${load.ok} ok (${load.redemptionsPerSec}/s), ${load.errors} errors, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms`,
  );
  log(`cpu: ${JSON.stringify(cpuUsage)} → ms per redemption ${JSON.stringify(cpuMsPer(cpuUsage, load.ok))}`);
  if (cpuUsage.disturbed)
    log(`DISTURBED: ${cpuUsage.foreignCpuSec} CPU-s of foreign work, steal ${cpuUsage.machine.stealPct} % during the load`);

  let sealing: Record<string, unknown> | undefined;
  let sealingRunsOk = 0;
  let sealingRunsErrors = 0;
  if (paused) {
    await paused.release();
    const catchUpSeconds = await waitUntilSealed(service.databaseName, 600);
    // Sealer running, paused, running, paused after the measured run (paused): the machine's speed
    // drifts by 10–20 % over minutes here, and runs alternating in time cancel a steady drift.
    const runs: Array<{ sealing: boolean; perSec: number; cpu: ReturnType<typeof cpuMsPer> }> = [
      { sealing: false, perSec: load.redemptionsPerSec, cpu: cpuMsPer(cpuUsage, load.ok) },
    ];
    const sealingRun = { ...measured, seconds: SMOKE ? settings.seconds : Math.round((settings.seconds * 2) / 3) };
    let lagMaxSeconds = 0;
    let drainSeconds = 0;
    for (const sealerRuns of [true, false, true, false]) {
      const pausedNow = sealerRuns ? null : await pauseSealer(service.databaseName);
      await settle();
      const lag = sealerRuns ? await sampleLag(service.databaseName) : null;
      const runCpu = cpuWindow(pids, service.databaseName);
      const run = await redemptionLoad(sealingRun);
      const usage = runCpu.stop();
      if (lag) {
        // The lag is sampled until the sealer has drained what the load left: its peak may come after the load.
        drainSeconds = Math.max(drainSeconds, await waitUntilSealed(service.databaseName, 600));
        lagMaxSeconds = Math.max(lagMaxSeconds, await lag.stop());
      }
      if (pausedNow) {
        await pausedNow.release();
        await waitUntilSealed(service.databaseName, 600);
      }
      sealingRunsOk += run.ok;
      sealingRunsErrors += run.errors;
      runs.push({ sealing: sealerRuns, perSec: run.redemptionsPerSec, cpu: cpuMsPer(usage, run.ok) });
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const withSealer = runs.filter((r) => r.sealing);
    const without = runs.filter((r) => !r.sealing);
    sealing = {
      lagMaxSeconds,
      throughputWithout: without.map((r) => r.perSec),
      throughputWith: withSealer.map((r) => r.perSec),
      drop: Math.round((1 - mean(withSealer.map((r) => r.perSec)) / mean(without.map((r) => r.perSec))) * 100) / 100,
      // The machine's CPU per redemption in each run, in order (the sealer's work lands in the worker
      // and Postgres shares of the runs with it).
      cpuMsPerRedemption: runs.map((r) => ({ sealing: r.sealing, ...r.cpu })),
      catchUpSeconds,
      drainSeconds,
      errors: sealingRunsErrors,
    };
    log(`sealing: ${JSON.stringify(sealing)}`);
  }

  // The third baseline (issue 17): the service's own redeem_hold without the service, sealer paused as in the first run.
  const holdPaused = await pauseSealer(service.databaseName);
  const holdCpu = cpuWindow(pids, service.databaseName);
  const redeemHold = await runRedeemHold(service.databaseName);
  const holdUsage = holdCpu.stop();
  await holdPaused.release();
  log(`redeem_hold alone: ${redeemHold.tps}/s (${redeemHold.redeemed} redemptions written), machine ${JSON.stringify(holdUsage.machine)}`);
  if (sealing) await waitUntilSealed(service.databaseName, 600);

  const ledger = await verifyLedger(world);
  log(`ledger verify: balanced ${ledger.balanced}, ${ledger.transactionsChecked} transactions in ${ledger.verifyMs} ms`);
  const database = await withDatabase(service.databaseName, async (client) => {
    const r = await client.query<{ redemptions: string; held: string }>(
      `SELECT count(*)::text AS redemptions, coalesce(sum(subsidy), 0)::text AS held FROM redemptions WHERE status = 'pending'`,
    );
    return { pendingRedemptions: Number(r.rows[0].redemptions), heldFen: Number(r.rows[0].held) };
  });

  const ratio = Math.round((load.redemptionsPerSec / pgbench.tps) * 100) / 100;
  const summary: Record<string, unknown> = {
    bench: name,
    smoke: SMOKE,
    redemptionsPerSec: load.redemptionsPerSec,
    pgbenchTps: pgbench.tps,
    ratio,
    ceilingPerSec: ceiling.tps,
    ratioToCeiling: Math.round((load.redemptionsPerSec / ceiling.tps) * 100) / 100,
    redeemHoldPerSec: redeemHold.tps,
    // The ratio the service would reach if HTTP, Node and the load generator cost nothing.
    redeemHoldRatio: Math.round((redeemHold.tps / pgbench.tps) * 100) / 100,
    p50Ms: load.latencyMs.p50,
    p95Ms: load.latencyMs.p95,
    p99Ms: load.latencyMs.p99,
    errors: load.errors,
    apiPeakRssMb: rss.peakMb,
    ledgerBalanced: ledger.balanced,
    disturbed: cpuUsage.disturbed || pgbenchDisturbed,
    vouchers: codes.length,
    counties: new Set(world.vouchers.map((v) => v.county)).size,
    connections: settings.connections,
    seconds: settings.seconds,
    ...(sealing ? { sealing, chainOk: ledger.chain?.ok ?? null } : {}),
  };
  if (layout === 'hot-county') Object.assign(summary, compareWithSpread(load.redemptionsPerSec, ratio));

  const details = {
    layout,
    load,
    warmup: { seconds: warmupSeconds, ok: warmup.ok, errors: warmup.errors },
    pgbench: {
      ...pgbench,
      cpu: {
        ...pgbenchUsage,
        disturbed: pgbenchDisturbed,
        machineBusyMsPerTx: Math.round(((pgbenchUsage.machine.busyCpuSec * 1000) / (pgbench.tps * pgbench.seconds)) * 100) / 100,
      },
    },
    ceiling: {
      ...ceiling,
      cpu: {
        ...ceilingUsage,
        machineBusyMsPerTx: Math.round(((ceilingUsage.machine.busyCpuSec * 1000) / (ceiling.tps * ceiling.seconds)) * 100) / 100,
      },
    },
    redeemHold: {
      ...redeemHold,
      cpu: {
        ...holdUsage,
        machineBusyMsPerTx: Math.round(((holdUsage.machine.busyCpuSec * 1000) / (redeemHold.tps * redeemHold.seconds)) * 100) / 100,
      },
    },
    cpu: { ...cpuUsage, msPerRedemption: cpuMsPer(cpuUsage, load.ok) },
    loadWindow: window,
    memory: { apiBeforeLoad: rssBefore, api: rss, workerAfterLoad: workerRss },
    ledger,
    database,
    apiPoolSize: settings.apiPoolSize,
    commands: { bench: `npm run bench:${name}`, pgbench: pgbench.command, ceiling: ceiling.command, redeemHold: redeemHold.command },
  };
  writeResult(name, summary, details, machine);
  // Every 2xx is a pending redemption in the database (a few more may have completed after the load stopped counting).
  const answered = load.ok + warmup.ok + settledOk + sealingRunsOk + redeemHold.redeemed;
  // Each load run may leave up to one request per connection answered after it stopped counting.
  const loadRuns = 2 + settles + (sealing ? 4 : 0);
  const counted = database.pendingRedemptions >= answered && database.pendingRedemptions <= answered + loadRuns * settings.connections;
  if (!counted)
    log(`redemptions in the database (${database.pendingRedemptions}) do not match the 2xx answers and redeem_hold calls (${answered})`);
  const chainOk = !sealing || ledger.chain?.ok === true;
  // Every redeem_hold call of the baseline wrote a redemption (a refusal is fast and would flatter it).
  const holdWrote = redeemHold.redeemed >= 0.9 * redeemHold.tps * redeemHold.seconds;
  if (!holdWrote) log(`redeem_hold baseline: only ${redeemHold.redeemed} redemptions written at ${redeemHold.tps}/s`);
  return (
    holdWrote &&
    ledger.balanced &&
    chainOk &&
    load.errors === 0 &&
    warmup.errors === 0 &&
    settledErrors === 0 &&
    sealingRunsErrors === 0 &&
    counted
  );
}

/** The hot county against the spread run recorded in the same results directory, raw and normalised by pgbench. */
function compareWithSpread(perSec: number, ratio: number): Record<string, unknown> {
  const file = path.join(resultsDir(), 'redeem.json');
  if (!existsSync(file)) return { vsSpread: null };
  const spread = JSON.parse(readFileSync(file, 'utf8')) as { redemptionsPerSec: number; ratio: number; machine?: { date?: string } };
  return {
    spreadRedemptionsPerSec: spread.redemptionsPerSec,
    vsSpread: Math.round((perSec / spread.redemptionsPerSec) * 100) / 100,
    vsSpreadNormalised: Math.round((ratio / spread.ratio) * 100) / 100,
    spreadDate: spread.machine?.date ?? null,
  };
}
