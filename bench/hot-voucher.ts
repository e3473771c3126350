/**
 * `npm run bench:hot-voucher`: 200 concurrent POST /redemptions on one voucher whose balance covers
 * only about half of them. Checks the exact outcome (every full subsidy, one partial remainder, the
 * rest 422 VOUCHER_NOT_USABLE, final balance 0 and held = face value) and reports the time to drain.
 */
import { randomUUID } from 'node:crypto';
import { log, SMOKE, settings } from './support/env.js';
import { Http, mapLimit } from '../tools/generator/http.js';
import { main, onCleanup } from './support/lifecycle.js';
import { percentile, round } from './support/load.js';
import { loadAverage, machineInfo, writeResult } from './support/report.js';
import { sampleMemory, startService } from './support/service.js';
import { buildWorld, COUNTIES, verifyLedger } from './support/world.js';
import { required } from '@ivl/core';

const ORDER_AMOUNT = 200; // × 50 % = a subsidy of 100 fen
const SUBSIDY = 100;

interface Answer {
  status: number;
  code?: string;
  subsidy?: number;
  ms: number;
}

async function redeemOnce(http: Http, token: string, code: string, orderAmount: number): Promise<Answer> {
  const started = performance.now();
  const response = await http.request<{ code?: string; subsidy?: number } | undefined>('POST', '/redemptions', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { voucherCode: code, category: 'DESIGN', orderAmount, description: '工业设计服务' },
  });
  return { status: response.status, code: response.body?.code, subsidy: response.body?.subsidy, ms: performance.now() - started };
}

main(async () => {
  const loadAvgAtStart = loadAverage();
  const machine = await machineInfo(loadAvgAtStart);
  const requests = settings.hotVoucherRequests;
  const rounds = settings.hotVoucherRounds;
  // Room for floor(requests / 2) full subsidies and one half one: the rest must be refused.
  const faceValue = Math.floor(requests / 2) * SUBSIDY + SUBSIDY / 2;
  const expectedSuccesses = Math.floor(requests / 2) + 1;
  log(
    `hot-voucher${SMOKE ? ' (smoke)' : ''}: ${requests} concurrent redemptions × ${rounds} round(s), face value ${faceValue}, load average ${machine.loadAvgAtStart}`,
  );

  const service = await startService({ name: 'hot-voucher' });
  onCleanup(() => service.stop());
  const http = new Http(service.baseUrl);
  const world = await buildWorld(
    http,
    [
      { county: COUNTIES[0], enterprises: 1, vouchersPerEnterprise: rounds, faceValue },
      { county: COUNTIES[1], enterprises: 1, vouchersPerEnterprise: 1, faceValue: 10_000_000 }, // warm-up
    ],
    settings.providers,
  );
  const hot = world.vouchers.filter((v) => v.faceValue === faceValue);
  const warm = required(
    world.vouchers.find((v) => v.faceValue !== faceValue),
    'the warm-up voucher',
  );

  // Warm-up on another voucher (JIT, pools).
  await mapLimit(
    Array.from({ length: SMOKE ? 20 : 400 }, (_, i) => i),
    16,
    (i) => redeemOnce(http, world.providerTokens[i % world.providerTokens.length], warm.code, 100),
  );

  const memory = sampleMemory(service.api.pid);
  const results = [];
  let exact = true;
  let unexpected = 0;
  const allTimes: number[] = [];
  for (const voucher of hot.slice(0, rounds)) {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        redeemOnce(http, world.providerTokens[i % world.providerTokens.length], voucher.code, ORDER_AMOUNT),
      ),
    );
    const drainMs = performance.now() - started;
    const successes = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 422 && a.code === 'VOUCHER_NOT_USABLE');
    const other = answers.length - successes.length - refused.length;
    const subsidyTotal = successes.reduce((sum, a) => sum + (a.subsidy ?? 0), 0);
    const partial = successes.filter((a) => a.subsidy !== SUBSIDY);
    const after = await http.request<{ balance: number; held: number; status: string }>(
      'GET',
      `/vouchers/${encodeURIComponent(voucher.code)}`,
      { token: world.adminToken, expect: 200 },
    );
    const roundExact =
      other === 0 &&
      successes.length === expectedSuccesses &&
      subsidyTotal === faceValue &&
      partial.length === 1 &&
      partial[0].subsidy === faceValue - (expectedSuccesses - 1) * SUBSIDY &&
      after.body.balance === 0 &&
      after.body.held === faceValue;
    exact &&= roundExact;
    unexpected += other;
    allTimes.push(...answers.map((a) => a.ms));
    const otherSamples = answers.filter((a) => a.status !== 201 && !(a.status === 422 && a.code === 'VOUCHER_NOT_USABLE')).slice(0, 3);
    results.push({
      drainMs: round(drainMs),
      successes: successes.length,
      refused: refused.length,
      other,
      otherSamples,
      subsidyTotal,
      partialSubsidy: partial.map((a) => a.subsidy),
      finalBalance: after.body.balance,
      finalHeld: after.body.held,
      status: after.body.status,
      exact: roundExact,
    });
    log(
      `round: ${successes.length} × 201 (Σ ${subsidyTotal} of ${faceValue}), ${refused.length} × 422, ${other} other, drained in ${drainMs.toFixed(0)} ms, exact ${roundExact}`,
    );
  }
  const rss = memory.stop();
  const ledger = await verifyLedger(world);

  const drains = results.map((r) => r.drainMs).sort((a, b) => a - b);
  const times = Float64Array.from(allTimes).sort();
  const summary = {
    bench: 'hot-voucher',
    smoke: SMOKE,
    requests,
    rounds,
    faceValue,
    subsidy: SUBSIDY,
    expectedSuccesses,
    successes: results[0]?.successes,
    refused: results[0]?.refused,
    exact,
    drainMs: percentile(drains, 50),
    drainMsMax: drains[drains.length - 1],
    perRequestP50Ms: round(percentile(times, 50)),
    perRequestP99Ms: round(percentile(times, 99)),
    redemptionsPerSecDuringDrain: Math.round(requests / (percentile(drains, 50) / 1000)),
    errors: unexpected,
    apiPeakRssMb: rss.peakMb,
    ledgerBalanced: ledger.balanced,
  };
  writeResult(
    'hot-voucher',
    summary,
    { rounds: results, ledger, memory: rss, apiPoolSize: settings.apiPoolSize, commands: { bench: 'npm run bench:hot-voucher' } },
    machine,
  );
  return exact && ledger.balanced;
});
