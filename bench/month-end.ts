/**
 * `npm run bench:month-end` (issue item 4): month-end settlement at scale.
 *
 * 1. Generates the month just ended on a fresh database ivl_bench_scale (bench/scale/generate.ts:
 *    BENCH_SCALE approved claim parts, default 1,000,000; BENCH_SMOKE=1: 2,000), or reuses it with
 *    BENCH_REUSE=1 when it holds a generated month that is not settled yet.
 * 2. Starts the worker as `npm start` does (`node dist/apps/worker/src/main.js`, its own queue
 *    prefix) and, once it listens, enqueues the production job `settlement.month-end` on queue
 *    `settlement`: the worker builds the batch of the month just ended for every region with funds.
 * 3. Times enqueue → job completed (all runs completed), samples the worker's RSS and reads its
 *    peak (VmHWM); checks every part is in exactly one batch of its region, batch totals = parts,
 *    the ledger moved payable → in_settlement by exactly that; runs the ledger verify and times it.
 * 4. Prints one JSON line (last line) and writes bench/results/month-end.json.
 *
 * Targets: ≤ 60 s for all regions, worker peak RSS ≤ 300 MB, ledger verify ≤ 60 s.
 * BENCH_EXPLAIN=1 also writes EXPLAIN (ANALYZE, BUFFERS) of the city's build (rolled back) first.
 * The database is dropped at the end unless BENCH_KEEP=1 (then `BENCH_REUSE=1 npm run bench:reconcile`).
 * Full scale: run it under `flock /tmp/ivl-bench.lock` so heavy benches on this machine do not overlap.
 */
import { Queue } from 'bullmq';
import {
  databaseUrl,
  dropDatabase,
  log,
  machineInfo,
  main,
  memoryOf,
  onCleanup,
  periodRange,
  redisConnection,
  removeQueueKeys,
  round,
  scaleSettings,
  serviceEnv,
  SMOKE,
  startNode,
  verifyLedger,
  withClient,
  WORKER_MAIN,
  writeResult,
  writeText,
} from './scale/common.js';
import { explainSettlementBuild } from './scale/explain.js';
import { CITY, generate, type GenerateResult, inspect, optionsFromEnv } from './scale/generate.js';
import { required } from '@ivl/core';

const TARGETS = { seconds: 60, workerPeakRssMb: 300, verifySeconds: 60 };
const JOB_TIMEOUT_MS = 30 * 60_000;

main(async () => {
  const machine = await machineInfo();
  const options = optionsFromEnv();
  const database = options.database;
  const url = databaseUrl(database);

  // 1. The month.
  let generation: GenerateResult | { reused: true; parts: number; period: string };
  const existing = scaleSettings.reuse ? await inspect(database) : undefined;
  if (existing) {
    if (existing.batchesOfPeriod > 0) {
      throw new Error(
        `${database} holds ${existing.batchesOfPeriod} settlement batches of ${existing.period} already: the month-end would find nothing to do. Run without BENCH_REUSE to regenerate.`,
      );
    }
    log(`reusing ${database}: ${existing.parts.toLocaleString('en')} claim parts of ${existing.period}`);
    generation = { reused: true, parts: existing.parts, period: existing.period };
    options.period = existing.period;
  } else {
    generation = await generate(options);
  }
  if (!scaleSettings.keep) onCleanup(() => dropDatabase(database));
  const period = options.period;

  if (scaleSettings.explain) {
    log(`EXPLAIN (ANALYZE, BUFFERS) of the build of ${CITY} ${period} (rolled back) …`);
    const text = await withClient(url, (c) => explainSettlementBuild(c, CITY, period));
    log(`wrote ${writeText('month-end-explain.txt', text)}`);
  }

  const expected = await withClient(url, async (c) => {
    const { rows } = await c.query<{ region_code: string; parts: string; amount: string }>(
      `SELECT fund_region_code AS region_code, count(*) AS parts, sum(amount)::text AS amount FROM claim_parts
        WHERE approved_at < $1 GROUP BY fund_region_code ORDER BY fund_region_code`,
      [periodRange(period).end],
    );
    return new Map(rows.map((r) => [r.region_code, { parts: Number(r.parts), amount: BigInt(r.amount) }]));
  });

  // 2. The worker, as `npm start` runs it, on its own queue prefix.
  const queuePrefix = `ivl-bench-month-end-${process.pid}`;
  const worker = startNode('month-end-worker', WORKER_MAIN, serviceEnv(url, queuePrefix));
  onCleanup(() => removeQueueKeys(queuePrefix));
  onCleanup(() => worker.stop());
  const queue = new Queue('settlement', { connection: redisConnection(), prefix: queuePrefix });
  onCleanup(() => queue.close());
  const readyBy = Date.now() + 90_000;
  for (;;) {
    if (!worker.running) throw new Error(`the worker exited during start; see ${worker.logFile}`);
    const [workers, scheduler] = await Promise.all([
      queue.getWorkers().catch(() => []),
      queue.getJobScheduler('settlement.month-end').catch(() => undefined),
    ]);
    if (workers.length > 0 && scheduler) break;
    if (Date.now() > readyBy) throw new Error(`the worker did not start within 90 s; see ${worker.logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const idle = memoryOf(worker.pid);
  log(`worker ${worker.pid} up (RSS ${idle?.rssMb} MB); enqueueing settlement.month-end for ${period}`);

  // 3. The month-end job, timed from enqueue to completion.
  const observed = new Map<string, number>();
  let maxSampledRssMb = idle?.rssMb ?? 0;
  const started = performance.now();
  const job = await queue.add(
    'settlement.month-end',
    {},
    { jobId: `bench-month-end-${Date.now()}`, attempts: 1, removeOnComplete: false, removeOnFail: false },
  );
  let state = 'waiting';
  let nextDbPoll = 0;
  await withClient(url, async (c) => {
    const pollRuns = async () => {
      const { rows } = await c.query<{ region_code: string }>(
        `SELECT region_code FROM settlement_runs WHERE period = $1 AND state = 'completed'`,
        [period],
      );
      for (const r of rows) if (!observed.has(r.region_code)) observed.set(r.region_code, (performance.now() - started) / 1000);
    };
    while (state !== 'completed' && state !== 'failed') {
      if (performance.now() - started > JOB_TIMEOUT_MS)
        throw new Error(`settlement.month-end did not finish within ${JOB_TIMEOUT_MS / 60_000} minutes`);
      if (!worker.running) throw new Error(`the worker exited during the job; see ${worker.logFile}`);
      await new Promise((r) => setTimeout(r, 50));
      const m = memoryOf(worker.pid);
      if (m && m.rssMb > maxSampledRssMb) maxSampledRssMb = m.rssMb;
      state = await job.getState();
      if (performance.now() >= nextDbPoll) {
        nextDbPoll = performance.now() + 200;
        await pollRuns();
      }
    }
    await pollRuns();
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const memory = memoryOf(worker.pid);
  const finished = await queue.getJob(required(job.id, 'the job id'));
  if (state === 'failed') throw new Error(`settlement.month-end failed: ${finished?.failedReason ?? 'unknown'}; see ${worker.logFile}`);
  const processingSeconds = finished?.finishedOn && finished.processedOn ? (finished.finishedOn - finished.processedOn) / 1000 : null;
  const waitSeconds = finished?.processedOn ? (finished.processedOn - finished.timestamp) / 1000 : null;
  log(`month-end done in ${wallSeconds.toFixed(1)} s (processing ${processingSeconds} s); worker VmHWM ${memory?.peakMb} MB`);
  await worker.stop();

  // Checks: every part in exactly one batch of its region, totals, runs, the ledger's classes.
  const check = await withClient(url, async (c) => {
    const {
      rows: [totals],
    } = await c.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM claim_parts) AS parts,
              (SELECT coalesce(sum(amount), 0)::text FROM claim_parts) AS parts_amount,
              (SELECT count(*) FROM settlement_items) AS items,
              (SELECT count(DISTINCT claim_part_id) FROM settlement_items) AS distinct_parts,
              (SELECT count(*) FROM claim_parts cp WHERE NOT EXISTS (SELECT 1 FROM settlement_items si WHERE si.claim_part_id = cp.id)) AS unbatched,
              (SELECT count(*) FROM settlement_items si JOIN claim_parts cp ON cp.id = si.claim_part_id JOIN settlement_batches b ON b.id = si.batch_id
                WHERE b.region_code <> cp.fund_region_code OR si.amount <> cp.amount OR si.fund_id <> cp.fund_id OR si.provider_id <> cp.provider_id) AS mismatched,
              (SELECT coalesce(sum(amount), 0)::text FROM settlement_lines) AS lines_amount,
              (SELECT count(*) FROM settlement_lines) AS lines,
              (SELECT count(*) FROM settlement_batches WHERE period = $1) AS batches,
              (SELECT count(*) FROM settlement_runs WHERE period = $1 AND state = 'completed') AS runs_completed,
              (SELECT count(*) FROM settlement_runs WHERE period = $1 AND state <> 'completed') AS runs_other,
              (SELECT coalesce(sum(balance), 0)::text FROM ledger_accounts WHERE class = 'in_settlement') AS in_settlement,
              (SELECT coalesce(sum(balance), 0)::text FROM ledger_accounts WHERE class = 'payable') AS payable`,
      [period],
    );
    const { rows: perRegion } = await c.query<{
      region_code: string;
      sequence: number;
      items: string;
      amount: string;
      lines: string;
      lines_amount: string;
      created_at: Date;
    }>(
      `SELECT b.region_code, b.sequence, b.created_at,
              (SELECT count(*) FROM settlement_items si WHERE si.batch_id = b.id) AS items,
              (SELECT coalesce(sum(amount), 0)::text FROM settlement_items si WHERE si.batch_id = b.id) AS amount,
              (SELECT count(*) FROM settlement_lines l WHERE l.batch_id = b.id) AS lines,
              (SELECT coalesce(sum(amount), 0)::text FROM settlement_lines l WHERE l.batch_id = b.id) AS lines_amount
         FROM settlement_batches b WHERE b.period = $1 ORDER BY b.created_at`,
      [period],
    );
    return { totals: totals, perRegion };
  });
  const t = check.totals;
  const problems: string[] = [];
  if (Number(t.items) !== Number(t.parts)) problems.push(`settlement_items ${t.items} <> claim_parts ${t.parts}`);
  if (Number(t.distinct_parts) !== Number(t.items))
    problems.push(`a part is in two batches (${t.items} items, ${t.distinct_parts} distinct parts)`);
  if (Number(t.unbatched) !== 0) problems.push(`${t.unbatched} parts in no batch`);
  if (Number(t.mismatched) !== 0) problems.push(`${t.mismatched} items disagree with their part or batch region`);
  if (t.lines_amount !== t.parts_amount) problems.push(`batch totals ${t.lines_amount} <> parts ${t.parts_amount}`);
  if (t.in_settlement !== t.parts_amount) problems.push(`in_settlement ${t.in_settlement} <> parts ${t.parts_amount}`);
  if (t.payable !== '0') problems.push(`payable left ${t.payable}`);
  if (Number(t.runs_other) !== 0 || Number(t.runs_completed) !== expected.size)
    problems.push(`runs: ${t.runs_completed} completed, ${t.runs_other} other, ${expected.size} regions`);
  for (const b of check.perRegion) {
    const want = expected.get(b.region_code);
    if (want?.parts !== Number(b.items) || want.amount !== BigInt(b.amount) || b.amount !== b.lines_amount) {
      problems.push(
        `batch of ${b.region_code}: ${b.items} items / ${b.amount} fen (lines ${b.lines_amount}), expected ${want?.parts} / ${want?.amount}`,
      );
    }
  }
  for (const p of problems) log(`CHECK FAILED: ${p}`);

  // The ledger verify (npm run ledger:verify), timed.
  log('ledger verify …');
  const verify = await verifyLedger(url, 'month-end');
  log(`ledger verify: balanced ${verify.balanced}, ${verify.transactionsChecked.toLocaleString('en')} transactions in ${verify.seconds} s`);
  for (const p of verify.problems.slice(0, 10)) log(`  ${p.check}: ${p.detail}`);

  // Per region, in build order: seconds between completions as observed (±0.2 s).
  const order = [...observed.entries()].sort((a, b) => a[1] - b[1]);
  const regions = order.map(([region, at], i) => {
    const batch = check.perRegion.find((b) => b.region_code === region);
    return {
      region,
      parts: Number(batch?.items ?? 0),
      lines: Number(batch?.lines ?? 0),
      seconds: round(at - (i === 0 ? 0 : order[i - 1][1]), 1),
    };
  });
  const seconds = round(wallSeconds, 1);
  const workerPeakRssMb = memory?.peakMb ?? NaN;
  const summary = {
    bench: 'month-end',
    smoke: SMOKE,
    period,
    parts: Number(t.parts),
    seconds,
    workerPeakRssMb,
    verifySeconds: verify.seconds,
    ledgerBalanced: verify.balanced,
    checksPassed: problems.length === 0,
    batches: Number(t.batches),
    lines: Number(t.lines),
    processingSeconds,
    targetsMet: SMOKE
      ? null
      : {
          seconds: seconds <= TARGETS.seconds,
          workerPeakRssMb: workerPeakRssMb <= TARGETS.workerPeakRssMb,
          verifySeconds: verify.seconds <= TARGETS.verifySeconds,
        },
    generationSeconds: 'reused' in generation ? null : generation.seconds.total,
  };
  const file = writeResult('month-end', {
    ...summary,
    targets: TARGETS,
    jobWaitSeconds: waitSeconds,
    workerIdleRssMb: idle?.rssMb ?? null,
    workerMaxSampledRssMb: maxSampledRssMb,
    regions,
    problems,
    verify: {
      seconds: verify.seconds,
      balanced: verify.balanced,
      transactionsChecked: verify.transactionsChecked,
      problems: verify.problems,
    },
    generation,
    machine,
  });
  log(`wrote ${file}`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return problems.length === 0 && verify.balanced;
});
