import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cpuMsPer, cpuWindow } from './cpu.js';
import { withDatabase } from './db.js';
import { log, resultsDir, SMOKE, settings } from './env.js';
import { Http } from '../../tools/generator/http.js';
import { onCleanup } from './lifecycle.js';
import { redemptionLoad } from './load.js';
import { dropPgbench, initCeiling, initPgbench, runCeiling, runPgbench } from './pgbench.js';
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
 * by the bench), then, once the sealer has caught up, the same load again with the sealer running
 * (job ledger.seal every SEAL_INTERVAL_SECONDS), then a third time paused again; the JSON line's
 * `sealing` compares the second with the mean of the first and third (no bias from the order) and
 * gives the largest sealing lag seen during the second.
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
  const pgbenchCpu = cpuWindow({ api: service.api.pid, worker: service.worker.pid }, 'ivl_bench_pgbench');
  const pgbench = await runPgbench();
  const pgbenchUsage = pgbenchCpu.stop();
  // pgbench itself is a process that has ended by now, so it counts as foreign here: judge by the other databases and steal.
  const pgbenchDisturbed =
    pgbenchUsage.foreignPostgresCpuSec > 0.1 * pgbenchUsage.machine.capacityCpuSec || pgbenchUsage.machine.stealPct > 5;
  log(`pgbench: ${pgbench.tps} tps, machine ${JSON.stringify(pgbenchUsage.machine)}${pgbenchDisturbed ? ' DISTURBED' : ''}`);
  // The second baseline (issue 17): the same writes as one plpgsql call, measured in the same run.
  const ceilingCpu = cpuWindow({ api: service.api.pid, worker: service.worker.pid }, 'ivl_bench_ceiling');
  const ceiling = await runCeiling();
  const ceilingUsage = ceilingCpu.stop();
  log(`plpgsql ceiling: ${ceiling.tps} redemptions/s, machine ${JSON.stringify(ceilingUsage.machine)}`);

  const rssBefore = memoryOf(service.api.pid);
  const memory = sampleMemory(service.api.pid);
  const cpu = cpuWindow({ api: service.api.pid, worker: service.worker.pid }, service.databaseName);
  const window = { startMonotonicUs: Number(process.hrtime.bigint() / 1000n), endMonotonicUs: 0 };
  const measured = {
    baseUrl: service.baseUrl,
    providerTokens: world.providerTokens,
    voucherCodes: codes,
    seconds: settings.seconds,
    connections: settings.connections,
    orderAmount: ORDER_AMOUNT,
  };
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
  let withSealerOk = 0;
  let withSealerErrors = 0;
  if (paused) {
    await paused.release();
    const catchUpSeconds = await waitUntilSealed(service.databaseName, 600);
    const lag = await sampleLag(service.databaseName);
    const pids = { api: service.api.pid, worker: service.worker.pid };
    const withCpu = cpuWindow(pids, service.databaseName);
    const withSealer = await redemptionLoad(measured);
    const withUsage = withCpu.stop();
    // The lag is sampled until the sealer has drained what the load left: its peak may come after the load.
    const drainSeconds = await waitUntilSealed(service.databaseName, 600);
    const lagMaxSeconds = await lag.stop();
    // The same load once more with the sealer paused: the drop compares the run with the sealer to
    // the mean of the runs before and after it, so that tables growing over the runs do not count.
    const pausedAgain = await pauseSealer(service.databaseName);
    const againCpu = cpuWindow(pids, service.databaseName);
    const withoutAgain = await redemptionLoad(measured);
    const againUsage = againCpu.stop();
    await pausedAgain.release();
    await waitUntilSealed(service.databaseName, 600);
    withSealerOk = withSealer.ok + withoutAgain.ok;
    withSealerErrors = withSealer.errors + withoutAgain.errors;
    const without = (load.redemptionsPerSec + withoutAgain.redemptionsPerSec) / 2;
    sealing = {
      lagMaxSeconds,
      throughputWithout: [load.redemptionsPerSec, withoutAgain.redemptionsPerSec],
      throughputWith: withSealer.redemptionsPerSec,
      drop: Math.round((1 - withSealer.redemptionsPerSec / without) * 100) / 100,
      // Less noisy than throughput: the machine's CPU per redemption in each run (the sealer's work
      // lands in the worker and Postgres shares of the second).
      cpuMsPerRedemption: {
        without: [cpuMsPer(cpuUsage, load.ok), cpuMsPer(againUsage, withoutAgain.ok)],
        with: cpuMsPer(withUsage, withSealer.ok),
      },
      catchUpSeconds,
      drainSeconds,
      errors: withSealer.errors + withoutAgain.errors,
    };
    log(`sealing: ${JSON.stringify(sealing)}`);
  }

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
    cpu: { ...cpuUsage, msPerRedemption: cpuMsPer(cpuUsage, load.ok) },
    loadWindow: window,
    memory: { apiBeforeLoad: rssBefore, api: rss, workerAfterLoad: workerRss },
    ledger,
    database,
    apiPoolSize: settings.apiPoolSize,
    commands: { bench: `npm run bench:${name}`, pgbench: pgbench.command, ceiling: ceiling.command },
  };
  writeResult(name, summary, details, machine);
  // Every 2xx is a pending redemption in the database (a few more may have completed after the load stopped counting).
  const counted =
    database.pendingRedemptions >= load.ok + warmup.ok + withSealerOk &&
    database.pendingRedemptions <= load.ok + warmup.ok + withSealerOk + 4 * settings.connections;
  if (!counted)
    log(
      `redemptions in the database (${database.pendingRedemptions}) do not match the 2xx answers (${load.ok + warmup.ok + withSealerOk})`,
    );
  const chainOk = !sealing || ledger.chain?.ok === true;
  return ledger.balanced && chainOk && load.errors === 0 && warmup.errors === 0 && withSealerErrors === 0 && counted;
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
