/**
 * `npm run bench:reconcile` (issue item 5): the reconciliation of a region's month at scale.
 *
 * 1. Generates the month just ended on a fresh ivl_bench_scale (bench/scale/generate.ts), or, with
 *    BENCH_REUSE=1, reuses what `BENCH_KEEP=1 npm run bench:month-end` left (settled or not).
 * 2. Starts the API as `npm start` does (`node dist/apps/api/src/main.js`, a free port, its own
 *    queue prefix, a high rate limit), logs in as the bootstrap admin (admin / admin).
 * 3. GET /reconciliation/<region>/<period> once while the month is open (read from its entries) and the
 *    city's GET /dashboard/330700/<year>; then closes the days as the worker does every night (job
 *    reconciliation.close-days, timed) and reads both again three times (from the closed days: openJsonMs,
 *    dashboardMs, each equal to the read from the entries, target 2 s — issue 16), and the city screen
 *    GET /dashboard/city/<year> the same way (cityScreenMs, target 2 s; cityScreenFromEntriesMs before);
 *    then closes the month as the worker does every night (job reconciliation.close-months, timed),
 *    and GETs the closed report three times (first and median; it must equal the open one) and the .xlsx three
 *    times, for a county (BENCH_RECONCILE_REGION, default 330782 义乌市: a ninth of the month) and for
 *    the city 330700 (its fund is in every transaction of the month); checks `balanced: true` and
 *    the counts against the tables.
 * 4. Runs the ledger verify (timed), prints one JSON line (last line), writes bench/results/reconcile.json.
 *
 * Targets: JSON ≤ 2 s, XLSX ≤ 10 s, ledger verify ≤ 60 s. When a target is missed (or BENCH_EXPLAIN=1)
 * EXPLAIN (ANALYZE, BUFFERS) of the reconciliation's queries goes to bench/results/reconcile-explain-<region>.txt.
 * The database is dropped at the end unless BENCH_KEEP=1.
 * Full scale: run it under `flock /tmp/ivl-bench.lock`.
 */
import {
  API_MAIN,
  databaseUrl,
  dropDatabase,
  freePort,
  log,
  machineInfo,
  main,
  median,
  memoryOf,
  migrateDatabase,
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
  waitForHealth,
  withClient,
  writeResult,
  writeText,
  WORKER_MAIN,
} from './scale/common.js';
import { Queue } from 'bullmq';
import { explainReconciliation } from './scale/explain.js';
import { CITY, COUNTIES, generate, type GenerateResult, inspect, optionsFromEnv } from './scale/generate.js';
import { required } from '@ivl/core';

const TARGETS = { jsonMs: 2000, xlsxMs: 10_000, verifySeconds: 60 };
const ROUNDS = 3;

/** The parts of GET /reconciliation/:region/:period this bench checks. */
interface ReconciliationReport {
  balanced: boolean;
  classes: Record<string, { consistent: boolean }>;
  counts: { vouchersIssued: number; redemptions: number; enterprisesServed: number };
  byProviderRegion: unknown[];
}

interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: string;
  contentType: string | null;
}

async function timedGet(url: string, token: string): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: token } });
  const buffer = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  const contentType = response.headers.get('content-type');
  return {
    ms: round(ms, 0),
    status: response.status,
    bytes: buffer.length,
    body: contentType?.includes('json') ? buffer.toString('utf8') : buffer.subarray(0, 2).toString('latin1'),
    contentType,
  };
}

main(async () => {
  const machine = await machineInfo();
  const options = optionsFromEnv();
  const database = options.database;
  const url = databaseUrl(database);
  const county = process.env.BENCH_RECONCILE_REGION ?? COUNTIES[6];
  if (!COUNTIES.includes(county)) throw new Error(`BENCH_RECONCILE_REGION must be one of the nine counties ${COUNTIES.join(', ')}`);

  // 1. The month.
  let generation: GenerateResult | { reused: true; parts: number; period: string; settledBatches: number };
  const existing = scaleSettings.reuse ? await inspect(database) : undefined;
  if (existing) {
    log(
      `reusing ${database}: ${existing.parts.toLocaleString('en')} claim parts of ${existing.period}, ${existing.batchesOfPeriod} batches`,
    );
    generation = { reused: true, parts: existing.parts, period: existing.period, settledBatches: existing.batchesOfPeriod };
    options.period = existing.period;
    // The schema as this build has it, and no closed month or day left by an earlier run: each run measures the same.
    await migrateDatabase(url, 'reconcile');
    await withClient(url, (c) =>
      c.query(`BEGIN; SET LOCAL session_replication_role = replica;
               DELETE FROM reconciliation_day_providers; DELETE FROM reconciliation_day_totals; DELETE FROM reconciliation_days;
               DELETE FROM reconciliation_month_totals; DELETE FROM reconciliation_months; COMMIT`),
    );
  } else {
    generation = await generate(options);
  }
  if (!scaleSettings.keep) onCleanup(() => dropDatabase(database));
  const period = options.period;

  // 2. The API, as `npm start` runs it.
  const port = await freePort(3700);
  const queuePrefix = `ivl-bench-reconcile-${process.pid}`;
  const api = startNode('reconcile-api', API_MAIN, serviceEnv(url, queuePrefix, { PORT: String(port) }));
  onCleanup(() => removeQueueKeys(queuePrefix));
  onCleanup(() => api.stop());
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, [api]);
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin' }),
  });
  if (login.status !== 200) throw new Error(`login as admin answered ${login.status}: ${await login.text()}`);
  const token = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
  log(`API up at ${base} (pid ${api.pid}); reconciling ${county} and ${CITY} for ${period}`);

  // What the counts must say, from the tables.
  const { start, end } = periodRange(period);
  const expectedCounts = async (region: string) =>
    withClient(url, async (c) => {
      const { rows } = await c.query<{ vouchers: number; redemptions: number; enterprises: number }>(
        `SELECT (SELECT count(DISTINCT vp.voucher_id) FROM voucher_parts vp JOIN funds f ON f.id = vp.fund_id JOIN vouchers v ON v.id = vp.voucher_id
                  WHERE f.region_code = $1 AND v.issued_at >= $2 AND v.issued_at < $3)::int AS vouchers,
                (SELECT count(DISTINCT rp.redemption_id) FROM redemption_parts rp JOIN funds f ON f.id = rp.fund_id JOIN redemptions r ON r.id = rp.redemption_id
                  WHERE f.region_code = $1 AND r.created_at >= $2 AND r.created_at < $3)::int AS redemptions,
                (SELECT count(DISTINCT r.enterprise_id) FROM redemption_parts rp JOIN funds f ON f.id = rp.fund_id JOIN redemptions r ON r.id = rp.redemption_id
                  WHERE f.region_code = $1 AND r.confirmed_at >= $2 AND r.confirmed_at < $3)::int AS enterprises`,
        [region, start, end],
      );
      return rows[0];
    });

  // 3. The month while open: from its entries, then from its closed days (job reconciliation.close-days,
  //    timed), with the city's dashboard of the year each time; then closed by the nightly job.
  const problems: string[] = [];
  const open: Record<string, { ms: number; body: string; fromEntriesMs: number }> = {};
  const dashboardUrl = `${base}/dashboard/${CITY}/${period.slice(0, 4)}`;
  const screenUrl = `${base}/dashboard/city/${period.slice(0, 4)}`;
  /** The city screen's figures: all but when they were read. */
  const screenFigures = (body: string) => JSON.stringify({ ...(JSON.parse(body) as Record<string, unknown>), asOf: undefined });
  const fromEntries: Record<string, Timed> = {};
  for (const region of [county, CITY]) {
    const r = await timedGet(`${base}/reconciliation/${region}/${period}`, token);
    if (r.status !== 200) throw new Error(`GET /reconciliation/${region}/${period} answered ${r.status}: ${r.body.slice(0, 300)}`);
    fromEntries[region] = r;
    log(`${region} open month (from the entries): ${r.ms} ms`);
  }
  const dashboardFromEntries = await timedGet(dashboardUrl, token);
  if (dashboardFromEntries.status !== 200) throw new Error(`GET ${dashboardUrl} answered ${dashboardFromEntries.status}`);
  log(`${CITY} dashboard (from the entries): ${dashboardFromEntries.ms} ms`);
  const screenFromEntries = await timedGet(screenUrl, token);
  if (screenFromEntries.status !== 200) throw new Error(`GET ${screenUrl} answered ${screenFromEntries.status}`);
  log(`city screen (from the entries): ${screenFromEntries.ms} ms`);
  const closeDays = await runNightlyJob(url, 'reconciliation.close-days');
  const daysClosed = Object.values(closeDays.closed as Record<string, string[]>).flat().length;
  log(`reconciliation.close-days: ${closeDays.seconds} s, ${daysClosed} region-days`);
  for (const region of [county, CITY]) {
    const runs: Timed[] = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await timedGet(`${base}/reconciliation/${region}/${period}`, token));
    const r = runs[0];
    if (r.status !== 200) throw new Error(`GET /reconciliation/${region}/${period} answered ${r.status}: ${r.body.slice(0, 300)}`);
    if (runs.some((x) => x.body !== fromEntries[region].body))
      problems.push(`${region}: the open month from closed days differs from the one from the entries`);
    open[region] = { ms: median(runs.map((x) => x.ms)), body: r.body, fromEntriesMs: fromEntries[region].ms };
    log(`${region} open month (closed days): ${runs.map((x) => x.ms).join(' / ')} ms`);
  }
  const dashboardRuns: Timed[] = [];
  for (let i = 0; i < ROUNDS; i++) dashboardRuns.push(await timedGet(dashboardUrl, token));
  if (dashboardRuns.some((x) => x.status !== 200 || x.body !== dashboardFromEntries.body))
    problems.push(`${CITY}: the dashboard from closed days differs from the one from the entries`);
  const dashboardMs = median(dashboardRuns.map((x) => x.ms));
  log(`${CITY} dashboard (closed days): ${dashboardRuns.map((x) => x.ms).join(' / ')} ms`);
  const screenRuns: Timed[] = [];
  for (let i = 0; i < ROUNDS; i++) screenRuns.push(await timedGet(screenUrl, token));
  if (screenRuns.some((x) => x.status !== 200 || screenFigures(x.body) !== screenFigures(screenFromEntries.body)))
    problems.push('the city screen from closed days differs from the one from the entries');
  const cityScreenMs = median(screenRuns.map((x) => x.ms));
  log(`city screen (closed days): ${screenRuns.map((x) => x.ms).join(' / ')} ms`);
  const close = await runNightlyJob(url, 'reconciliation.close-months');
  log(`reconciliation.close-months: ${close.seconds} s, closed ${JSON.stringify(close.closed)}`);

  const measure = async (region: string) => {
    const json: number[] = [];
    let last: ReconciliationReport | undefined;
    for (let i = 0; i < ROUNDS; i++) {
      const r = await timedGet(`${base}/reconciliation/${region}/${period}`, token);
      if (r.status !== 200) throw new Error(`GET /reconciliation/${region}/${period} answered ${r.status}: ${r.body.slice(0, 300)}`);
      json.push(r.ms);
      last = JSON.parse(r.body) as ReconciliationReport;
    }
    const report = required(last, `the report of ${region}`);
    const xlsx: number[] = [];
    let xlsxBytes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const r = await timedGet(`${base}/reconciliation/${region}/${period}.xlsx`, token);
      if (r.status !== 200 || r.body !== 'PK')
        throw new Error(
          `GET /reconciliation/${region}/${period}.xlsx answered ${r.status} (${r.contentType}, starts ${JSON.stringify(r.body)})`,
        );
      xlsx.push(r.ms);
      xlsxBytes = r.bytes;
    }
    if (JSON.stringify(report) !== open[region].body) problems.push(`${region}: the closed month's report differs from the open one`);
    if (!report.balanced) problems.push(`${region}: balanced is ${String(report.balanced)}`);
    for (const [cls, c] of Object.entries(report.classes)) if (!c.consistent) problems.push(`${region}: class ${cls} is not consistent`);
    const want = await expectedCounts(region);
    if (
      report.counts.vouchersIssued !== want.vouchers ||
      report.counts.redemptions !== want.redemptions ||
      report.counts.enterprisesServed !== want.enterprises
    ) {
      problems.push(`${region}: counts ${JSON.stringify(report.counts)}, tables say ${JSON.stringify(want)}`);
    }
    const result = {
      region,
      openJsonMs: open[region].ms,
      openFromEntriesMs: open[region].fromEntriesMs,
      jsonMs: median(json),
      jsonFirstMs: json[0],
      jsonRunsMs: json,
      xlsxMs: median(xlsx),
      xlsxFirstMs: xlsx[0],
      xlsxRunsMs: xlsx,
      xlsxBytes,
      balanced: report.balanced,
      counts: report.counts,
      providerRegions: report.byProviderRegion.length,
    };
    log(
      `${region}: JSON ${json.join(' / ')} ms, XLSX ${xlsx.join(' / ')} ms, balanced ${String(report.balanced)}, counts ${JSON.stringify(report.counts)}`,
    );
    return result;
  };
  const countyResult = await measure(county);
  const cityResult = await measure(CITY);
  const apiMemory = memoryOf(api.pid);
  await api.stop();

  const missed = (r: typeof countyResult) =>
    !SMOKE && (r.jsonMs > TARGETS.jsonMs || r.openJsonMs > TARGETS.jsonMs || r.xlsxMs > TARGETS.xlsxMs);
  const explained: string[] = [];
  for (const r of [countyResult, cityResult]) {
    if (scaleSettings.explain || missed(r)) {
      log(`EXPLAIN (ANALYZE, BUFFERS) of the reconciliation of ${r.region} …`);
      const text = await withClient(url, (c) => explainReconciliation(c, r.region, period));
      explained.push(writeText(`reconcile-explain-${r.region}.txt`, text));
    }
  }

  // 4. The ledger verify, timed.
  log('ledger verify …');
  const verify = await verifyLedger(url, 'reconcile');
  log(`ledger verify: balanced ${verify.balanced}, ${verify.transactionsChecked.toLocaleString('en')} transactions in ${verify.seconds} s`);
  for (const p of verify.problems.slice(0, 10)) log(`  ${p.check}: ${p.detail}`);
  for (const p of problems) log(`CHECK FAILED: ${p}`);

  const summary = {
    bench: 'reconcile',
    smoke: SMOKE,
    period,
    parts: generation.parts,
    region: county,
    jsonMs: countyResult.jsonMs,
    jsonFirstMs: countyResult.jsonFirstMs,
    xlsxMs: countyResult.xlsxMs,
    balanced: countyResult.balanced && cityResult.balanced,
    openJsonMs: countyResult.openJsonMs,
    openFromEntriesMs: countyResult.openFromEntriesMs,
    city: {
      region: CITY,
      jsonMs: cityResult.jsonMs,
      jsonFirstMs: cityResult.jsonFirstMs,
      xlsxMs: cityResult.xlsxMs,
      openJsonMs: cityResult.openJsonMs,
      openFromEntriesMs: cityResult.openFromEntriesMs,
      dashboardMs,
      dashboardFromEntriesMs: dashboardFromEntries.ms,
    },
    cityScreenMs,
    cityScreenRunsMs: screenRuns.map((x) => x.ms),
    cityScreenFromEntriesMs: screenFromEntries.ms,
    closeDaysSeconds: closeDays.seconds,
    daysClosed,
    closeMonthsSeconds: close.seconds,
    verifySeconds: verify.seconds,
    ledgerBalanced: verify.balanced,
    checksPassed: problems.length === 0,
    targetsMet: SMOKE
      ? null
      : {
          countyJson: countyResult.jsonMs <= TARGETS.jsonMs,
          countyXlsx: countyResult.xlsxMs <= TARGETS.xlsxMs,
          cityJson: cityResult.jsonMs <= TARGETS.jsonMs,
          cityXlsx: cityResult.xlsxMs <= TARGETS.xlsxMs,
          countyOpenJson: countyResult.openJsonMs <= TARGETS.jsonMs,
          cityOpenJson: cityResult.openJsonMs <= TARGETS.jsonMs,
          cityDashboard: dashboardMs <= TARGETS.jsonMs,
          cityScreen: cityScreenMs <= TARGETS.jsonMs,
          verifySeconds: verify.seconds <= TARGETS.verifySeconds,
        },
  };
  const file = writeResult('reconcile', {
    ...summary,
    targets: TARGETS,
    county: countyResult,
    cityDetail: cityResult,
    apiPeakRssMb: apiMemory?.peakMb ?? null,
    explained,
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
  return problems.length === 0 && verify.balanced && summary.balanced;
});

/** Starts the worker as `npm start` does and runs one of its nightly jobs (reconciliation.close-days or close-months) once, timed from enqueue to completion. */
async function runNightlyJob(
  url: string,
  name: 'reconciliation.close-days' | 'reconciliation.close-months',
): Promise<{ seconds: number; closed: unknown }> {
  const queuePrefix = `ivl-bench-close-${process.pid}`;
  const worker = startNode('reconcile-worker', WORKER_MAIN, serviceEnv(url, queuePrefix));
  const queue = new Queue('maintenance', { connection: redisConnection(), prefix: queuePrefix });
  try {
    const readyBy = Date.now() + 90_000;
    while ((await queue.getWorkers().catch(() => [])).length === 0) {
      if (!worker.running) throw new Error(`the worker exited during start; see ${worker.logFile}`);
      if (Date.now() > readyBy) throw new Error(`the worker did not start within 90 s; see ${worker.logFile}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const started = performance.now();
    const job = await queue.add(
      name,
      {},
      { jobId: `bench-close-${Date.now()}`, attempts: 1, removeOnComplete: false, removeOnFail: false },
    );
    let state = await job.getState();
    while (state !== 'completed' && state !== 'failed') {
      if (!worker.running) throw new Error(`the worker exited during the job; see ${worker.logFile}`);
      await new Promise((r) => setTimeout(r, 100));
      state = await job.getState();
    }
    const finished = await queue.getJob(required(job.id, 'the job id'));
    if (state === 'failed') throw new Error(`${name} failed: ${finished?.failedReason}; see ${worker.logFile}`);
    return { seconds: round((performance.now() - started) / 1000, 1), closed: finished?.returnvalue };
  } finally {
    await queue.close();
    await worker.stop();
    await removeQueueKeys(queuePrefix);
  }
}
