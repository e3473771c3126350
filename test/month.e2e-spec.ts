import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { pdf, upload } from './support/documents.js';
import { binary, parseCsv } from './support/files.js';
import { until } from './support/polling.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';
import type { Body as Json } from './support/bodies.js';

/*
 * A settlement month end to end (docs/domain.md Lifecycle 4-5, The ledger, Reconciliation; docs/api.md Claims,
 * Settlement, Reconciliation and audit). Every expected amount below is computed by hand from the
 * program rules and the largest-remainder split of docs/domain.md "Money"; the arithmetic is in the comments.
 */

interface Party {
  id: string;
  token: string;
  uscc: string;
}

// ---------------------------------------------------------------------------------------------
// helpers

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A step of a story that later tests build on (a month of business, a batch approved and paid): it
 * runs once, the first time a test needs it, after the steps it builds on. Each test awaits the steps
 * it needs, so any one test passes alone (`-t`), and in file order every step runs as its own test.
 */
function step(after: Array<() => Promise<void>>, body: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () =>
    (done ??= (async () => {
      for (const before of after) await before();
      await body();
    })());
}

/** Starts a settlement run and waits until the worker has finished it; answers the run. */
async function settle(t: TestApp, token: string, regionCode: string, period: string): Promise<Json> {
  const started = await t.http().post('/settlements/runs').set('authorization', token).send({ regionCode, period });
  if (started.status !== 202) throw new Error(`run ${regionCode} ${period}: ${started.status} ${JSON.stringify(started.body)}`);
  return waitForRun(t, token, started.body.jobId);
}

async function waitForRun(t: TestApp, token: string, jobId: string): Promise<Json> {
  const done = await until(
    () => t.http().get(`/settlements/runs/${jobId}`).set('authorization', token),
    (r) => r.body?.state === 'completed' || r.body?.state === 'failed',
  );
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({ jobId, state: 'completed' });
  return done.body;
}

async function batch(t: TestApp, token: string, id: string): Promise<Json> {
  return (await t.http().get(`/settlements/${id}`).set('authorization', token).expect(200)).body;
}

/** Lines of a batch keyed by provider id, for exact comparison regardless of their order. */
function linesByProvider(b: Json): Record<string, Json> {
  return Object.fromEntries((b.lines as Json[]).map((l) => [l.providerId, l]));
}

/** A redemption, confirmed by the enterprise (unless `confirm` is false). */
async function redeem(
  w: World,
  provider: Party,
  enterprise: Party,
  voucherCode: string,
  orderAmount: number,
  category = 'DESIGN',
  confirm = true,
): Promise<Json> {
  const response = await w.redeem(provider.token, { voucherCode, orderAmount, category });
  if (response.status !== 201) throw new Error(`redeem ${orderAmount}: ${response.status} ${JSON.stringify(response.body)}`);
  if (confirm) await w.t.http().post(`/redemptions/${response.body.id}/confirm`).set('authorization', enterprise.token).expect(200);
  return response.body;
}

/** Parts of a redemption as fundId → amount. */
const partsOf = (r: Json) => Object.fromEntries((r.parts as Json[]).map((p) => [p.fundId, p.amount]));

/** A claim of a provider, decided by the officer: 'approve', 'reject' or left submitted. */
async function claim(
  t: TestApp,
  provider: Party,
  redemptionIds: string[],
  amount: number,
  officer: string,
  decision: 'approve' | 'reject' | 'none' = 'approve',
): Promise<string> {
  const created = await t
    .http()
    .post('/claims')
    .set('authorization', provider.token)
    .set('idempotency-key', randomUUID())
    .send({
      redemptionIds,
      invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-05', amount },
      documentIds: [(await upload(t, provider.token, pdf(`invoice ${randomUUID()}`), '发票.pdf')).id],
    });
  if (created.status !== 201) throw new Error(`claim: ${created.status} ${JSON.stringify(created.body)}`);
  expect(created.body).toMatchObject({ amount, status: 'submitted' });
  if (decision === 'approve') {
    const approved = await t.http().post(`/claims/${created.body.id}/approve`).set('authorization', officer).send({}).expect(200);
    expect(approved.body.status).toBe('approved');
  } else if (decision === 'reject') {
    const rejected = await t
      .http()
      .post(`/claims/${created.body.id}/reject`)
      .set('authorization', officer)
      .send({ reason: '发票抬头有误' })
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
  }
  return created.body.id;
}

/** Movements without zero entries (an implementation may or may not list a name it has nothing for). */
function nonZero(movements: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(movements).filter(([, v]) => v !== 0));
}

const CLASSES = ['available', 'vouchers', 'held', 'payable', 'inSettlement', 'paid'] as const;
interface ClassView {
  opening: number;
  movements: Record<string, number>;
  closing: number;
}

function classesOf(rec: Json): Record<string, ClassView> {
  return Object.fromEntries(
    CLASSES.map((c) => [
      c,
      { opening: rec.classes[c].opening, movements: nonZero(rec.classes[c].movements), closing: rec.classes[c].closing },
    ]),
  );
}

/** Asserts opening + Σ movements = closing for every class. */
function expectClassesAddUp(rec: Json): void {
  for (const c of CLASSES) {
    const cls = rec.classes[c];
    expect({ class: c, sum: (cls.opening as number) + sum(Object.values(cls.movements as Record<string, number>)) }).toEqual({
      class: c,
      sum: cls.closing,
    });
  }
}

/** byProviderRegion as regionCode → { confirmed, paid }, rows of zeros left out. */
function matrix(rec: Json): Record<string, { confirmed: number; paid: number }> {
  return Object.fromEntries(
    (rec.byProviderRegion as Json[])
      .filter((r) => r.confirmed !== 0 || r.paid !== 0)
      .map((r) => [r.regionCode, { confirmed: r.confirmed, paid: r.paid }]),
  );
}

// ---------------------------------------------------------------------------------------------
// 1 + 2. A full month for two regions, its settlement and its reconciliation

describe('a full month for two regions: settlement per funding region and reconciliation', () => {
  let t: TestApp;
  let w: World;

  let cityFund: string;
  let wuchengFund: string;
  let yiwuFund: string;
  let wucheng: Party; // provider in 330702
  let yiwu: Party; // provider in 330782
  let hangzhou: Party; // provider in 330100, outside Jinhua
  let e1: Party; // enterprise in 330702
  let e2: Party; // enterprise in 330702
  let e3: Party; // enterprise in 330782
  let finance: Record<'330700' | '330702' | '330782', string>;

  const bank = {
    wucheng: { bankName: '中国工商银行金华婺城支行', accountName: '婺城检测技术有限公司', accountNo: '1208010009200123456' },
    yiwu: { bankName: '义乌农村商业银行稠城支行', accountName: '义乌小商品设计有限公司', accountNo: '201000123456789' },
    hangzhou: { bankName: '招商银行杭州分行', accountName: '杭州精测科技有限公司', accountNo: '0571888800001234' },
  };

  /*
   * The month, by hand (fen). Program P1 (issuer 330702): city 3000 + 婺城 7000, ratio 5000,
   * fullCoverageUpTo 100,000, outOfRegionRatioBp 3000. Program P2 (issuer 330782): city 3000 + 义乌 7000,
   * ratio 6000, no out-of-region ratio. Faces split by share (largest remainder, ties to the earlier):
   *   V1 (e1, P1) 1,000,001 → city 300,000.3 → 300,000; 婺城 700,000.7 → 700,001
   *   V2 (e3, P2)   800,000 → city 240,000; 义乌 560,000
   *   V3 (e2, P1)   500,000 → city 150,000; 婺城 350,000
   * Each subsidy is drawn from the voucher's parts in proportion to what is left of them:
   *   R1 wucheng V1 order 300,001: 100,000 + ⌊200,001×0.5⌋ = 200,000 over [300,000, 700,001]
   *      → 59,999.94 / 140,000.06 → 59,999 + 140,000, leftover fen to city (.94) → 60,000 / 140,000; left [240,000, 560,001]
   *   R2 hangzhou V1 TESTING order 400,000 (out of region: 3000): 100,000 + 90,000 = 190,000 over [240,000, 560,001]
   *      → 56,999.93 / 133,000.07 → 57,000 / 133,000; left [183,000, 427,001]
   *   R3 yiwu V3 order 80,000 (out of region, all within full coverage): 80,000 → 24,000 / 56,000, then cancelled
   *   R4 wucheng V3 order 250,003: 100,000 + ⌊150,003×0.5⌋ = 175,001 over [150,000, 350,000]
   *      → 52,500.3 / 122,500.7 → 52,500 / 122,501; left [97,500, 227,499]
   *   R5 yiwu V3 order 10,001 (full coverage): 10,001 over [97,500, 227,499] → 3,000.3 / 7,000.69 → 3,000 / 7,001; left pending
   *   R6 yiwu V2 order 333,333 (in region, 6000): 199,999 over [240,000, 560,000] → 59,999.7 / 139,999.3 → 60,000 / 139,999
   *   R7 wucheng V2 order 100,000 (P2 has no out-of-region ratio: 6000): 60,000 over [180,000, 420,001]
   *      → 17,999.97 / 42,000.03 → 18,000 / 42,000
   *   R8 hangzhou V2 TESTING order 50,001: ⌊30,000.6⌋ = 30,000 over [162,000, 378,001] → 8,999.98 / 21,000.02 → 9,000 / 21,000
   * Claims: C1 wucheng [R1], C2 hangzhou [R2], C3 wucheng [R4] (by 330702); C4 yiwu [R6], C6 hangzhou [R8]
   * approved, C5 wucheng [R7] rejected (by 330782).
   */
  const R = {
    r1: { subsidy: 200_000, city: 60_000, county: 140_000 },
    r2: { subsidy: 190_000, city: 57_000, county: 133_000 },
    r3: { subsidy: 80_000, city: 24_000, county: 56_000 },
    r4: { subsidy: 175_001, city: 52_500, county: 122_501 },
    r5: { subsidy: 10_001, city: 3_000, county: 7_001 },
    r6: { subsidy: 199_999, city: 60_000, county: 139_999 },
    r7: { subsidy: 60_000, city: 18_000, county: 42_000 },
    r8: { subsidy: 30_000, city: 9_000, county: 21_000 },
  };
  const ALLOCATED = { city: 100_000_000, wucheng: 50_000_000, yiwu: 50_000_000 };
  const FACE = { v1: { city: 300_000, county: 700_001 }, v2: { city: 240_000, county: 560_000 }, v3: { city: 150_000, county: 350_000 } };

  // Batch lines per funding region (March): the parts of approved claims of that region's fund.
  const LINES = {
    '330702': { wucheng: R.r1.county + R.r4.county, hangzhou: R.r2.county }, // 262,501 (2 claims) + 133,000 (1)
    '330782': { yiwu: R.r6.county, hangzhou: R.r8.county }, // 139,999 + 21,000
    '330700': { wucheng: R.r1.city + R.r4.city, hangzhou: R.r2.city + R.r8.city, yiwu: R.r6.city }, // 112,500 + 66,000 + 60,000
  };

  const batches: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-05T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
  });
  afterAll(() => w.finish());

  const march = step([], async () => {
    await t.http().post('/regions').set('authorization', t.adminToken).send({ code: '330100', name: '杭州市', level: 'city' }).expect(201);
    cityFund = await w.fund('330700', ALLOCATED.city);
    wuchengFund = await w.fund('330702', ALLOCATED.wucheng);
    yiwuFund = await w.fund('330782', ALLOCATED.yiwu);
    finance = { '330700': await w.financeOf('330700'), '330702': await w.financeOf('330702'), '330782': await w.financeOf('330782') };

    const p1 = await w.program({
      name: '婺城区科技创新券',
      issuerRegionCode: '330702',
      funding: [
        { fundId: cityFund, shareBp: 3000 },
        { fundId: wuchengFund, shareBp: 7000 },
      ],
      ratioBp: 5000,
      fullCoverageUpTo: 100_000,
      outOfRegionRatioBp: 3000,
    });
    const p2 = await w.program({
      name: '义乌市科技创新券',
      issuerRegionCode: '330782',
      funding: [
        { fundId: cityFund, shareBp: 3000 },
        { fundId: yiwuFund, shareBp: 7000 },
      ],
      ratioBp: 6000,
    });

    e1 = await w.enterprise({ regionCode: '330702', name: '金华婺城五金制品有限公司' });
    e2 = await w.enterprise({ regionCode: '330702', name: '金华婺城纺织有限公司' });
    e3 = await w.enterprise({ regionCode: '330782', name: '义乌小商品制造有限公司' });
    wucheng = await w.provider({ regionCode: '330702', name: '婺城检测技术有限公司', bankAccount: bank.wucheng });
    yiwu = await w.provider({ regionCode: '330782', name: '义乌小商品设计有限公司', bankAccount: bank.yiwu });
    hangzhou = await w.provider({ regionCode: '330100', name: '杭州精测科技有限公司', bankAccount: bank.hangzhou });

    const v1 = await w.voucher(e1.token, p1, 1_000_001);
    const v2 = await w.voucher(e3.token, p2, 800_000);
    const v3 = await w.voucher(e2.token, p1, 500_000);
    const funding = async (code: string) =>
      Object.fromEntries(
        ((await t.http().get(`/vouchers/${code}`).set('authorization', t.adminToken).expect(200)).body.funding as Json[]).map((f) => [
          f.fundId,
          f.faceValue,
        ]),
      );
    expect(await funding(v1.code)).toEqual({ [cityFund]: FACE.v1.city, [wuchengFund]: FACE.v1.county });
    expect(await funding(v2.code)).toEqual({ [cityFund]: FACE.v2.city, [yiwuFund]: FACE.v2.county });
    expect(await funding(v3.code)).toEqual({ [cityFund]: FACE.v3.city, [wuchengFund]: FACE.v3.county });

    const r1 = await redeem(w, wucheng, e1, v1.code, 300_001);
    const r2 = await redeem(w, hangzhou, e1, v1.code, 400_000, 'TESTING');
    const r3 = await redeem(w, yiwu, e2, v3.code, 80_000, 'DESIGN', false);
    await t.http().post(`/redemptions/${r3.id}/cancel`).set('authorization', yiwu.token).expect(200);
    const r4 = await redeem(w, wucheng, e2, v3.code, 250_003);
    const r5 = await redeem(w, yiwu, e2, v3.code, 10_001, 'DESIGN', false); // stays pending
    const r6 = await redeem(w, yiwu, e3, v2.code, 333_333);
    const r7 = await redeem(w, wucheng, e3, v2.code, 100_000);
    const r8 = await redeem(w, hangzhou, e3, v2.code, 50_001, 'TESTING');

    const p1Parts = (x: { city: number; county: number }) => ({ [cityFund]: x.city, [wuchengFund]: x.county });
    const p2Parts = (x: { city: number; county: number }) => ({ [cityFund]: x.city, [yiwuFund]: x.county });
    expect([r1, r2, r3, r4, r5].map((r) => [r.subsidy, partsOf(r)])).toEqual(
      [R.r1, R.r2, R.r3, R.r4, R.r5].map((x) => [x.subsidy, p1Parts(x)]),
    );
    expect([r6, r7, r8].map((r) => [r.subsidy, partsOf(r)])).toEqual([R.r6, R.r7, R.r8].map((x) => [x.subsidy, p2Parts(x)]));

    const wc = await w.officerOf('330702');
    const yw = await w.officerOf('330782');
    await claim(t, wucheng, [r1.id], R.r1.subsidy, wc);
    await claim(t, hangzhou, [r2.id], R.r2.subsidy, wc);
    await claim(t, wucheng, [r4.id], R.r4.subsidy, wc);
    await claim(t, yiwu, [r6.id], R.r6.subsidy, yw);
    await claim(t, wucheng, [r7.id], R.r7.subsidy, yw, 'reject');
    await claim(t, hangzhou, [r8.id], R.r8.subsidy, yw);
  });
  it('March: co-funded programs, vouchers split by share, redemptions split over what is left of each part, claims decided', march);

  const batchRuns = step([march], async () => {
    t.clock.set('2026-04-01T09:00:00+08:00');
    const expectLine = (provider: Party, details: Json, amount: number, claimCount: number) =>
      expect.objectContaining({
        providerId: provider.id,
        uscc: provider.uscc,
        providerName: details.accountName,
        ...details,
        amount,
        claimCount,
        status: 'pending',
      });

    for (const region of ['330702', '330782', '330700'] as const) {
      const run = await settle(t, finance[region], region, '2026-03');
      expect(run.batchIds).toHaveLength(1);
      batches[region] = run.batchIds[0];
    }

    const wc = await batch(t, finance['330702'], batches['330702']);
    expect(wc).toMatchObject({ regionCode: '330702', period: '2026-03', sequence: 1, status: 'draft', total: 395_501 });
    expect(linesByProvider(wc)).toEqual({
      [wucheng.id]: expectLine(wucheng, bank.wucheng, LINES['330702'].wucheng, 2),
      [hangzhou.id]: expectLine(hangzhou, bank.hangzhou, LINES['330702'].hangzhou, 1),
    });
    expect(LINES['330702']).toEqual({ wucheng: 262_501, hangzhou: 133_000 });

    const yw = await batch(t, finance['330782'], batches['330782']);
    expect(yw).toMatchObject({ regionCode: '330782', period: '2026-03', sequence: 1, status: 'draft', total: 160_999 });
    expect(linesByProvider(yw)).toEqual({
      [yiwu.id]: expectLine(yiwu, bank.yiwu, LINES['330782'].yiwu, 1),
      [hangzhou.id]: expectLine(hangzhou, bank.hangzhou, LINES['330782'].hangzhou, 1),
    });
    expect(LINES['330782']).toEqual({ yiwu: 139_999, hangzhou: 21_000 });

    // The city's fund co-funds both programs: one line per provider over both (C5 was rejected: not in it).
    const city = await batch(t, finance['330700'], batches['330700']);
    expect(city).toMatchObject({ regionCode: '330700', period: '2026-03', sequence: 1, status: 'draft', total: 238_500 });
    expect(linesByProvider(city)).toEqual({
      [wucheng.id]: expectLine(wucheng, bank.wucheng, LINES['330700'].wucheng, 2),
      [hangzhou.id]: expectLine(hangzhou, bank.hangzhou, LINES['330700'].hangzhou, 2),
      [yiwu.id]: expectLine(yiwu, bank.yiwu, LINES['330700'].yiwu, 1),
    });
    expect(LINES['330700']).toEqual({ wucheng: 112_500, hangzhou: 66_000, yiwu: 60_000 });

    // A run moves what it batches from payable to inSettlement at once.
    expect(await w.fundBalances(wuchengFund)).toMatchObject({ payable: 0, inSettlement: 395_501, held: R.r5.county });
    expect(await w.fundBalances(yiwuFund)).toMatchObject({ payable: R.r7.county, inSettlement: 160_999 });
    expect(await w.fundBalances(cityFund)).toMatchObject({ payable: R.r7.city, inSettlement: 238_500, held: R.r5.city });
  });
  it('1 April: a run per funding region batches exactly its funds’ parts per provider, with bank details and claim counts', batchRuns);

  const wuchengPaid = step([batchRuns], async () => {
    const token = finance['330702'];
    const id = batches['330702'];
    expect((await t.http().post(`/settlements/${id}/approve`).set('authorization', token).send({}).expect(200)).body.status).toBe(
      'approved',
    );
    const returned = await t
      .http()
      .post(`/settlements/${id}/lines/${hangzhou.id}/return`)
      .set('authorization', token)
      .send({ reason: '户名与账号不符' })
      .expect(200);
    expect(returned.body).toMatchObject({ status: 'approved', total: LINES['330702'].wucheng });
    expect(linesByProvider(returned.body)[hangzhou.id]).toMatchObject({ status: 'returned', amount: LINES['330702'].hangzhou });
    const paid = await t
      .http()
      .post(`/settlements/${id}/pay`)
      .set('authorization', token)
      .send({ paymentReference: 'ICBC-20260401-WC' })
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', total: 262_501, paymentReference: 'ICBC-20260401-WC' });
    expect(Object.fromEntries((paid.body.lines as Json[]).map((l) => [l.providerId, l.status]))).toEqual({
      [wucheng.id]: 'paid',
      [hangzhou.id]: 'returned',
    });
    expect(await w.fundBalances(wuchengFund)).toMatchObject({ payable: 133_000, inSettlement: 0, paid: 262_501 });

    t.clock.set('2026-04-02T10:00:00+08:00');
    const supplementary = await settle(t, token, '330702', '2026-03');
    expect(supplementary.batchIds).toHaveLength(1);
    const second = await batch(t, token, supplementary.batchIds[0]);
    expect(second).toMatchObject({ regionCode: '330702', period: '2026-03', sequence: 2, status: 'draft', total: 133_000 });
    expect(second.lines).toEqual([
      expect.objectContaining({
        providerId: hangzhou.id,
        amount: 133_000,
        claimCount: 1,
        status: 'pending',
        accountNo: bank.hangzhou.accountNo,
      }),
    ]);

    const nothing = await settle(t, token, '330702', '2026-03');
    expect(nothing).toMatchObject({ state: 'completed', batchIds: [] });

    await t.http().post(`/settlements/${second.id}/approve`).set('authorization', token).send({}).expect(200);
    await t
      .http()
      .post(`/settlements/${second.id}/pay`)
      .set('authorization', token)
      .send({ paymentReference: 'ICBC-20260402-WC' })
      .expect(200);

    const list = await t.http().get('/settlements?regionCode=330702&period=2026-03').set('authorization', token).expect(200);
    expect((list.body as Json[]).map((b) => [b.sequence, b.status, b.total]).sort()).toEqual([
      [1, 'paid', 262_501],
      [2, 'paid', 133_000],
    ]);
    expect(sum((list.body as Json[]).map((b) => b.total))).toBe(395_501);
  });
  it(
    '婺城: approve, return a line, pay; a supplementary run holds exactly the returned line (sequence 2); nothing new → no batch',
    wuchengPaid,
  );

  const aprilPaid = step([wuchengPaid], async () => {
    t.clock.set('2026-04-02T11:00:00+08:00');
    const yw = finance['330782'];
    await t.http().post(`/settlements/${batches['330782']}/approve`).set('authorization', yw).send({}).expect(200);
    const paidYw = await t
      .http()
      .post(`/settlements/${batches['330782']}/pay`)
      .set('authorization', yw)
      .send({ paymentReference: 'NCB-20260401-YW' })
      .expect(200);
    expect(paidYw.body).toMatchObject({ status: 'paid', total: 160_999 });

    const city = finance['330700'];
    const id = batches['330700'];
    await t.http().post(`/settlements/${id}/approve`).set('authorization', city).send({}).expect(200);
    await t.http().post(`/settlements/${id}/lines/${yiwu.id}/return`).set('authorization', city).send({ reason: '开户行退票' }).expect(200);
    const paid = await t
      .http()
      .post(`/settlements/${id}/pay`)
      .set('authorization', city)
      .send({ paymentReference: 'ICBC-20260401-JH' })
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', total: 178_500 });

    const march = await settle(t, city, '330700', '2026-03');
    expect(march.batchIds).toHaveLength(1); // the returned line is eligible again for March too
    const again = await batch(t, city, march.batchIds[0]);
    expect(again).toMatchObject({ period: '2026-03', sequence: 2, total: 60_000 });
    expect(again.lines).toEqual([expect.objectContaining({ providerId: yiwu.id, amount: 60_000, claimCount: 1, status: 'pending' })]);
    // Nothing is left for April: the part is in batch 2 of March, and a part is never in two batches.
    expect(await settle(t, city, '330700', '2026-04')).toMatchObject({ state: 'completed', batchIds: [] });
    expect(await w.fundBalances(cityFund)).toMatchObject({ payable: R.r7.city, inSettlement: 60_000, paid: 178_500 });
  });
  it(
    '义乌 pays its batch; the city’s returned line goes into a supplementary batch (sequence 2), and nothing is left for April',
    aprilPaid,
  );

  it('reconciles March for each region: movements in the period of their ledger transactions, counts and the provider-region matrix', async () => {
    await aprilPaid();
    const march = async (region: string) => {
      const rec = (
        await t
          .http()
          .get(`/reconciliation/${region}/2026-03`)
          .set('authorization', finance[region as '330700'])
          .expect(200)
      ).body;
      expect(rec).toMatchObject({ regionCode: region, period: '2026-03', balanced: true });
      expectClassesAddUp(rec);
      return rec;
    };
    const zero = { opening: 0, movements: {}, closing: 0 };

    // 婺城: its 70 % of V1 and V3, of R1-R5 (R3 released), R1, R2, R4 confirmed; the batch is April's.
    {
      const rec = await march('330702');
      const issued = FACE.v1.county + FACE.v3.county; // 1,050,001
      const held = sum([R.r1, R.r2, R.r3, R.r4, R.r5].map((r) => r.county)); // 458,502
      const released = R.r3.county; // 56,000
      const confirmed = sum([R.r1, R.r2, R.r4].map((r) => r.county)); // 395,501
      expect([issued, held, released, confirmed]).toEqual([1_050_001, 458_502, 56_000, 395_501]);
      expect(classesOf(rec)).toEqual({
        available: { opening: 0, movements: { allocated: ALLOCATED.wucheng, issued: -issued }, closing: 48_949_999 },
        vouchers: { opening: 0, movements: { issued, held: -held, released }, closing: 647_499 },
        held: { opening: 0, movements: { held, released: -released, confirmed: -confirmed }, closing: R.r5.county },
        payable: { opening: 0, movements: { confirmed }, closing: 395_501 },
        inSettlement: zero,
        paid: zero,
      });
      expect(rec.counts).toEqual({ vouchersIssued: 2, redemptions: 5, enterprisesServed: 2, providersPaid: 0 });
      expect(matrix(rec)).toEqual({ '330100': { confirmed: R.r2.county, paid: 0 }, '330702': { confirmed: 262_501, paid: 0 } });
    }
    // 义乌: its 70 % of V2; R6, R7, R8 confirmed (R7's claim was rejected, it stays payable).
    {
      const rec = await march('330782');
      const confirmed = R.r6.county + R.r7.county + R.r8.county; // 202,999
      expect(classesOf(rec)).toEqual({
        available: { opening: 0, movements: { allocated: ALLOCATED.yiwu, issued: -FACE.v2.county }, closing: 49_440_000 },
        vouchers: { opening: 0, movements: { issued: FACE.v2.county, held: -confirmed }, closing: 357_001 },
        held: { opening: 0, movements: { held: confirmed, confirmed: -confirmed }, closing: 0 },
        payable: { opening: 0, movements: { confirmed }, closing: 202_999 },
        inSettlement: zero,
        paid: zero,
      });
      expect(rec.counts).toEqual({ vouchersIssued: 1, redemptions: 3, enterprisesServed: 1, providersPaid: 0 });
      expect(matrix(rec)).toEqual({
        '330100': { confirmed: R.r8.county, paid: 0 },
        '330702': { confirmed: R.r7.county, paid: 0 },
        '330782': { confirmed: R.r6.county, paid: 0 },
      });
    }
    // The city: 30 % of everything.
    {
      const rec = await march('330700');
      const issued = FACE.v1.city + FACE.v2.city + FACE.v3.city; // 690,000
      const held = sum(Object.values(R).map((r) => r.city)); // 283,500
      const released = R.r3.city; // 24,000
      const confirmed = sum([R.r1, R.r2, R.r4, R.r6, R.r7, R.r8].map((r) => r.city)); // 256,500
      expect([issued, held, released, confirmed]).toEqual([690_000, 283_500, 24_000, 256_500]);
      expect(classesOf(rec)).toEqual({
        available: { opening: 0, movements: { allocated: ALLOCATED.city, issued: -issued }, closing: 99_310_000 },
        vouchers: { opening: 0, movements: { issued, held: -held, released }, closing: 430_500 },
        held: { opening: 0, movements: { held, released: -released, confirmed: -confirmed }, closing: R.r5.city },
        payable: { opening: 0, movements: { confirmed }, closing: 256_500 },
        inSettlement: zero,
        paid: zero,
      });
      expect(rec.counts).toEqual({ vouchersIssued: 3, redemptions: 8, enterprisesServed: 3, providersPaid: 0 });
      expect(matrix(rec)).toEqual({
        '330100': { confirmed: R.r2.city + R.r8.city, paid: 0 },
        '330702': { confirmed: R.r1.city + R.r4.city + R.r7.city, paid: 0 },
        '330782': { confirmed: R.r6.city, paid: 0 },
      });
    }
  });

  it('reconciles April: batched, returned and paid move money in April, the month they happened', async () => {
    await aprilPaid();
    const april = async (region: string) => {
      const rec = (
        await t
          .http()
          .get(`/reconciliation/${region}/2026-04`)
          .set('authorization', finance[region as '330700'])
          .expect(200)
      ).body;
      expect(rec).toMatchObject({ regionCode: region, period: '2026-04', balanced: true });
      expectClassesAddUp(rec);
      return rec;
    };
    const still = (opening: number) => ({ opening, movements: {}, closing: opening });

    {
      // Batch 1 (395,501), hangzhou's 133,000 returned, batch 2 (133,000), both paid.
      const rec = await april('330702');
      expect(classesOf(rec)).toEqual({
        available: still(48_949_999),
        vouchers: still(647_499),
        held: still(R.r5.county),
        payable: { opening: 395_501, movements: { batched: -528_501, returned: 133_000 }, closing: 0 },
        inSettlement: { opening: 0, movements: { batched: 528_501, returned: -133_000, paid: -395_501 }, closing: 0 },
        paid: { opening: 0, movements: { paid: 395_501 }, closing: 395_501 },
      });
      expect(rec.counts).toEqual({ vouchersIssued: 0, redemptions: 0, enterprisesServed: 0, providersPaid: 2 });
      expect(matrix(rec)).toEqual({ '330100': { confirmed: 0, paid: 133_000 }, '330702': { confirmed: 0, paid: 262_501 } });
    }
    {
      const rec = await april('330782');
      expect(classesOf(rec)).toEqual({
        available: still(49_440_000),
        vouchers: still(357_001),
        held: still(0),
        payable: { opening: 202_999, movements: { batched: -160_999 }, closing: R.r7.county },
        inSettlement: { opening: 0, movements: { batched: 160_999, paid: -160_999 }, closing: 0 },
        paid: { opening: 0, movements: { paid: 160_999 }, closing: 160_999 },
      });
      expect(rec.counts).toEqual({ vouchersIssued: 0, redemptions: 0, enterprisesServed: 0, providersPaid: 2 });
      expect(matrix(rec)).toEqual({ '330100': { confirmed: 0, paid: R.r8.county }, '330782': { confirmed: 0, paid: R.r6.county } });
    }
    {
      // Batch 1 (238,500), yiwu's 60,000 returned, 178,500 paid; batch 2 (60,000) still draft.
      const rec = await april('330700');
      expect(classesOf(rec)).toEqual({
        available: still(99_310_000),
        vouchers: still(430_500),
        held: still(R.r5.city),
        payable: { opening: 256_500, movements: { batched: -298_500, returned: 60_000 }, closing: R.r7.city },
        inSettlement: { opening: 0, movements: { batched: 298_500, returned: -60_000, paid: -178_500 }, closing: 60_000 },
        paid: { opening: 0, movements: { paid: 178_500 }, closing: 178_500 },
      });
      expect(rec.counts).toEqual({ vouchersIssued: 0, redemptions: 0, enterprisesServed: 0, providersPaid: 2 });
      expect(matrix(rec)).toEqual({ '330100': { confirmed: 0, paid: 66_000 }, '330702': { confirmed: 0, paid: 112_500 } });
    }
    // The closing balances are the funds' balances now.
    expect(await w.fundBalances(wuchengFund)).toEqual({
      allocated: 50_000_000,
      available: 48_949_999,
      vouchers: 647_499,
      held: 7_001,
      payable: 0,
      inSettlement: 0,
      paid: 395_501,
      recoverable: 0,
    });
  });

  it('exports the reconciliation as CSV (UTF-8 BOM, yuan with two decimals) and XLSX', async () => {
    await aprilPaid();
    const csv = await t.http().get('/reconciliation/330702/2026-03.csv').set('authorization', finance['330702']).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const fields = parseCsv(csv.text.slice(1)).flat();
    // allocated 50,000,000 fen; payable closing 395,501; held closing 7,001; issued 1,050,001.
    for (const yuan of ['500000.00', '3955.01', '70.01']) expect(fields).toContain(yuan);
    expect(fields.some((f) => f === '10500.01' || f === '(10500.01)')).toBe(true);

    const xlsx = await t
      .http()
      .get('/reconciliation/330702/2026-03.xlsx')
      .set('authorization', finance['330702'])
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    expect(book.worksheets.length).toBeGreaterThan(0);
    const values: unknown[] = [];
    book.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => values.push(cell.value));
      });
    });
    const has = (yuan: number) =>
      values.some((v) => v === yuan || v === yuan.toFixed(2) || (typeof v === 'string' && v.includes(yuan.toFixed(2))));
    expect(has(500_000)).toBe(true);
    expect(has(3955.01)).toBe(true);
    expect(values.some((v) => typeof v === 'string' && v.includes('330702'))).toBe(true);
  });

  it('shows the year on the dashboard: issued, used and paid by month from the ledger, used by sector; the city covers every fund', async () => {
    await aprilPaid();
    const get = (region: string, token: string) => t.http().get(`/dashboard/${region}/2026`).set('authorization', token);
    const month = (d: Json, period: string) => (d.months as Json[]).find((m) => m.period === period);
    {
      const d = (await get('330702', finance['330702']).expect(200)).body;
      expect(d.months).toHaveLength(12);
      expect(month(d, '2026-03')).toEqual({
        period: '2026-03',
        vouchersIssued: 2,
        issued: FACE.v1.county + FACE.v3.county,
        used: 395_501,
        paid: 0,
      });
      expect(month(d, '2026-04')).toEqual({ period: '2026-04', vouchersIssued: 0, issued: 0, used: 0, paid: 395_501 });
      expect(month(d, '2026-01')).toEqual({ period: '2026-01', vouchersIssued: 0, issued: 0, used: 0, paid: 0 });
      expect(d.sectors).toEqual([{ sector: null, redemptions: 3, used: 395_501 }]);
    }
    {
      const d = (await get('330700', t.adminToken).expect(200)).body;
      const issued = FACE.v1.city + FACE.v2.city + FACE.v3.city + FACE.v1.county + FACE.v2.county + FACE.v3.county;
      expect(month(d, '2026-03')).toEqual({ period: '2026-03', vouchersIssued: 3, issued, used: 256_500 + 395_501 + 202_999, paid: 0 });
      expect(month(d, '2026-04')).toMatchObject({ paid: 395_501 + 160_999 + 178_500 });
    }
    expectProblem(await get('330702', finance['330782']), 404, 'NOT_FOUND');
    expectProblem(await get('330702', wucheng.token), 403, 'FORBIDDEN');
    expectProblem(await t.http().get('/dashboard/330702/20x6').set('authorization', t.adminToken), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/dashboard/33070/2026').set('authorization', t.adminToken), 400, 'VALIDATION_FAILED');
  });

  it('closes ended months: a closed month reads its stored totals, equal to the live report; the verify proves them against the entries', async () => {
    await aprilPaid();
    const regions = ['330700', '330702', '330782'] as const;
    const read = async (region: string, period: string) =>
      (await t.http().get(`/reconciliation/${region}/${period}`).set('authorization', t.adminToken).expect(200)).body;
    const live: Record<string, Json> = {};
    for (const region of regions)
      for (const period of ['2026-03', '2026-04', '2026-05']) live[`${region} ${period}`] = await read(region, period);

    // 00:29 on 1 May: April has not been over for 30 minutes, so only March closes.
    t.clock.set('2026-05-01T00:29:00+08:00');
    expect(await t.runJob('reconciliation.close-months')).toEqual({ '330700': ['2026-03'], '330702': ['2026-03'], '330782': ['2026-03'] });
    t.clock.set('2026-05-01T00:30:00+08:00');
    // Twice at once: each region's April is closed by exactly one of the two jobs.
    const [a, b] = (await Promise.all([t.runJob('reconciliation.close-months'), t.runJob('reconciliation.close-months')])) as Array<
      Record<string, string[]>
    >;
    for (const region of regions) expect([...a[region], ...b[region]]).toEqual(['2026-04']);

    const db = t.app.get(DataSource);
    const [{ months }] = await db.query(`SELECT count(*)::int AS months FROM reconciliation_months`);
    expect(months).toBe(6);
    // Closed months (March, April) and the open May, whose opening comes from them, answer as before.
    for (const region of regions)
      for (const period of ['2026-03', '2026-04', '2026-05']) expect(await read(region, period)).toEqual(live[`${region} ${period}`]);
    await w.expectLedgerBalanced();

    // The stored totals are append-only; one changed behind the application's back is caught by the verify.
    await expect(db.query(`UPDATE reconciliation_month_totals SET amount = amount + 1`)).rejects.toThrow(/append-only/);
    const tamper = (delta: number) =>
      db.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`); // triggers off, as a superuser could
        await m.query(
          `UPDATE reconciliation_month_totals SET amount = amount + $1 WHERE region_code = '330702' AND period = '2026-03' AND class = 'payable'`,
          [delta],
        );
      });
    await tamper(1);
    try {
      const report = (await t.http().get('/ledger/verify').set('authorization', t.adminToken).expect(200)).body;
      expect(report.balanced).toBe(false);
      expect(report.problems).toEqual([
        {
          check: 'closed month totals equal their entries',
          detail: 'closed month 330702 2026-03 payable/confirm: stored 395502, entries 395501',
        },
      ]);
    } finally {
      await tamper(-1);
    }
  });

  it('lets finance and the officer of the region, the city admin and the auditor read; others get 404 or 403; bad periods 400', async () => {
    await aprilPaid();
    const auditor = (await createUser(t, 'auditor')).token;
    for (const token of [finance['330702'], await w.officerOf('330702'), t.adminToken, auditor]) {
      const rec = await t.http().get('/reconciliation/330702/2026-03').set('authorization', token);
      expect(rec.status).toBe(200);
      expect(rec.body.balanced).toBe(true);
    }
    expectProblem(await t.http().get('/reconciliation/330702/2026-03').set('authorization', finance['330782']), 404, 'NOT_FOUND');
    expectProblem(
      await t
        .http()
        .get('/reconciliation/330702/2026-03')
        .set('authorization', await w.officerOf('330782')),
      404,
      'NOT_FOUND',
    );
    expectProblem(await t.http().get('/reconciliation/330702/2026-03.csv').set('authorization', finance['330782']), 404, 'NOT_FOUND');
    expectProblem(await t.http().get('/reconciliation/330702/2026-03').set('authorization', wucheng.token), 403, 'FORBIDDEN');
    expectProblem(await t.http().get('/reconciliation/330702/2026-03').set('authorization', e1.token), 403, 'FORBIDDEN');
    for (const period of ['2026-13', '2026-3']) {
      expectProblem(
        await t.http().get(`/reconciliation/330702/${period}`).set('authorization', finance['330702']),
        400,
        'VALIDATION_FAILED',
      );
    }
    expectProblem(
      await t.http().get('/reconciliation/330702/2026-13.csv').set('authorization', finance['330702']),
      400,
      'VALIDATION_FAILED',
    );

    // A region without funds reconciles to zeros; an unknown region does not exist.
    const quiet = (await t.http().get('/reconciliation/330727/2026-03').set('authorization', auditor).expect(200)).body;
    expect(quiet).toMatchObject({
      regionCode: '330727',
      balanced: true,
      counts: { vouchersIssued: 0, redemptions: 0, enterprisesServed: 0, providersPaid: 0 },
    });
    for (const c of CLASSES) expect(classesOf(quiet)[c]).toEqual({ opening: 0, movements: {}, closing: 0 });
    expect(matrix(quiet)).toEqual({});
    expectProblem(await t.http().get('/reconciliation/330799/2026-03').set('authorization', t.adminToken), 404, 'NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Batch lifecycle refusals and the bank payment file

describe('settlement batch lifecycle: refusals and the payment file', () => {
  let t: TestApp;
  let w: World;
  let finance: string;
  let batchId: string;
  let a: Party;
  let b: Party;
  let c: Party;
  let outsider: Party;
  const accountA = '000123456789012345678'; // leading zeros, longer than a double holds: must stay verbatim

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-05T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    const fund = await w.fund('330703', 10_000_000);
    finance = await w.financeOf('330703');
    const program = await w.program({ issuerRegionCode: '330703', funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000 });
    const sme = await w.enterprise({ regionCode: '330703' });
    a = await w.provider({
      regionCode: '330703',
      name: '金东检测有限公司',
      bankAccount: { bankName: '中国银行金华金东支行', accountName: '金东检测有限公司', accountNo: accountA },
    });
    b = await w.provider({
      regionCode: '330703',
      name: '金东设计有限公司',
      bankAccount: { bankName: '中国建设银行金华分行', accountName: '金东设计有限公司', accountNo: '33050167123400000888' },
    });
    c = await w.provider({
      regionCode: '330703',
      name: '金东研发有限公司',
      bankAccount: { bankName: '浙商银行金华分行', accountName: '金东研发有限公司', accountNo: '3380000010120100012345' },
    });
    outsider = await w.provider({ regionCode: '330703', name: '未参与结算的机构' });
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    const officer = await w.officerOf('330703');
    const ra = await redeem(w, a, sme, voucher.code, 123_456);
    const rb = await redeem(w, b, sme, voucher.code, 200_000);
    const rc = await redeem(w, c, sme, voucher.code, 7);
    await claim(t, a, [ra.id], 123_456, officer);
    await claim(t, b, [rb.id], 200_000, officer);
    await claim(t, c, [rc.id], 7, officer);
    t.clock.set('2026-04-01T09:00:00+08:00');
    const run = await settle(t, finance, '330703', '2026-03');
    batchId = run.batchIds[0];
  });
  afterAll(() => w.finish());

  it('refuses returning a line or paying while draft, other regions (404) and other roles (403)', async () => {
    const draft = await batch(t, finance, batchId);
    expect(draft).toMatchObject({ status: 'draft', total: 323_463 });
    expectProblem(
      await t.http().post(`/settlements/${batchId}/lines/${a.id}/return`).set('authorization', finance).send({ reason: '退票' }),
      409,
      'INVALID_STATE',
    );
    expectProblem(
      await t.http().post(`/settlements/${batchId}/pay`).set('authorization', finance).send({ paymentReference: 'BOC-1' }),
      409,
      'INVALID_STATE',
    );

    const otherFinance = await w.financeOf('330702');
    expectProblem(await t.http().post(`/settlements/${batchId}/approve`).set('authorization', otherFinance).send({}), 404, 'NOT_FOUND');
    expectProblem(
      await t.http().post(`/settlements/${batchId}/pay`).set('authorization', otherFinance).send({ paymentReference: 'BOC-1' }),
      404,
      'NOT_FOUND',
    );

    const auditor = (await createUser(t, 'auditor')).token;
    const officer = await w.officerOf('330703');
    for (const token of [t.adminToken, officer, auditor]) {
      expectProblem(await t.http().post(`/settlements/${batchId}/approve`).set('authorization', token).send({}), 403, 'FORBIDDEN');
      expectProblem(
        await t.http().post(`/settlements/${batchId}/pay`).set('authorization', token).send({ paymentReference: 'BOC-1' }),
        403,
        'FORBIDDEN',
      );
    }
    expect((await batch(t, finance, batchId)).status).toBe('draft');
  });

  const approveAndPay = step([], async () => {
    expect((await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).send({}).expect(200)).body.status).toBe(
      'approved',
    );
    expectProblem(await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).send({}), 409, 'INVALID_STATE');

    expectProblem(
      await t.http().post(`/settlements/${batchId}/lines/${randomUUID()}/return`).set('authorization', finance).send({ reason: '退票' }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await t.http().post(`/settlements/${batchId}/lines/${outsider.id}/return`).set('authorization', finance).send({ reason: '退票' }),
      404,
      'NOT_FOUND',
    );

    expectProblem(await t.http().post(`/settlements/${batchId}/pay`).set('authorization', finance).send({}), 400, 'VALIDATION_FAILED');
    expect((await batch(t, finance, batchId)).status).toBe('approved');

    const returned = await t
      .http()
      .post(`/settlements/${batchId}/lines/${c.id}/return`)
      .set('authorization', finance)
      .send({ reason: '账户已冻结' })
      .expect(200);
    expect(returned.body).toMatchObject({ status: 'approved', total: 323_456 });
    expectProblem(
      await t.http().post(`/settlements/${batchId}/lines/${c.id}/return`).set('authorization', finance).send({ reason: '再次退票' }),
      409,
      'INVALID_STATE',
    );

    const paid = await t
      .http()
      .post(`/settlements/${batchId}/pay`)
      .set('authorization', finance)
      .send({ paymentReference: 'BOC-20260401-0001' })
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', total: 323_456, paymentReference: 'BOC-20260401-0001' });

    expectProblem(
      await t.http().post(`/settlements/${batchId}/lines/${a.id}/return`).set('authorization', finance).send({ reason: '退票' }),
      409,
      'INVALID_STATE',
    );
    expectProblem(await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).send({}), 409, 'INVALID_STATE');
    expectProblem(
      await t.http().post(`/settlements/${batchId}/pay`).set('authorization', finance).send({ paymentReference: 'BOC-2' }),
      409,
      'INVALID_STATE',
    );
  });
  it('approves once; unknown lines are 404; pay needs a reference; returns only while approved', approveAndPay);

  it('writes the bank payment file: CSV with BOM, a header row, one row per line not returned, accounts verbatim, yuan', async () => {
    await approveAndPay();
    const file = await t.http().get(`/settlements/${batchId}/payment-file.csv`).set('authorization', finance).expect(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(file.text.slice(1)).filter((r) => r.some((f) => f !== ''));
    expect(rows).toHaveLength(3); // the header and A and B; C was returned
    const body = rows.slice(1).sort((x, y) => x[6].localeCompare(y[6]));
    expect(body).toEqual([
      [batchId, '金东检测有限公司', a.uscc, '中国银行金华金东支行', '金东检测有限公司', accountA, '1234.56'],
      [batchId, '金东设计有限公司', b.uscc, '中国建设银行金华分行', '金东设计有限公司', '33050167123400000888', '2000.00'],
    ]);
    expect(file.text).not.toContain(c.uscc);
    expect(rows[0]).toHaveLength(7);
    expect(rows[0]).not.toContain(batchId);

    expectProblem(
      await t
        .http()
        .get(`/settlements/${batchId}/payment-file.csv`)
        .set('authorization', await w.financeOf('330702')),
      404,
      'NOT_FOUND',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 4 + 5. Runs: the API, its refusals, listing, and idempotent builds under concurrency

describe('settlement runs: 202 and polling, refusals, listing, concurrent runs of one region and period', () => {
  let t: TestApp;
  let w: World;
  let lanxi: string; // finance 330781
  let dongyang: string; // finance 330783
  let p1: Party;
  let p2: Party;
  let p3: Party;
  let sme: Party;
  let voucherCode: string;
  let lanxiFund: string;
  let dongyangBatch: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-05T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100', WORKER_CONCURRENCY: '4' } });
    w = new World(t);
    lanxiFund = await w.fund('330781', 10_000_000);
    const dongyangFund = await w.fund('330783', 10_000_000);
    lanxi = await w.financeOf('330781');
    dongyang = await w.financeOf('330783');
    const lx = await w.program({ issuerRegionCode: '330781', funding: [{ fundId: lanxiFund, shareBp: 10000 }], ratioBp: 10000 });
    const dy = await w.program({ issuerRegionCode: '330783', funding: [{ fundId: dongyangFund, shareBp: 10000 }], ratioBp: 10000 });
    sme = await w.enterprise({ regionCode: '330781' });
    const sme2 = await w.enterprise({ regionCode: '330783' });
    p1 = await w.provider({ regionCode: '330781', name: '兰溪检测有限公司' });
    p2 = await w.provider({ regionCode: '330781', name: '兰溪设计有限公司' });
    p3 = await w.provider({ regionCode: '330783', name: '东阳设计有限公司' });
    const v = await w.voucher(sme.token, lx, 2_000_000);
    voucherCode = v.code;
    const v2 = await w.voucher(sme2.token, dy, 1_000_000);
    const lxOfficer = await w.officerOf('330781');
    const dyOfficer = await w.officerOf('330783');
    // 兰溪: p1 two claims (10,000 + 20,001), p2 one claim of two redemptions (12,000 + 18,000).
    for (const [provider, amount] of [
      [p1, 10_000],
      [p1, 20_001],
    ] as const) {
      const r = await redeem(w, provider, sme, voucherCode, amount);
      await claim(t, provider, [r.id], amount, lxOfficer);
    }
    const both = [await redeem(w, p2, sme, voucherCode, 12_000), await redeem(w, p2, sme, voucherCode, 18_000)];
    await claim(
      t,
      p2,
      both.map((r) => r.id),
      30_000,
      lxOfficer,
    );
    const r3 = await redeem(w, p3, sme2, v2.code, 45_600);
    await claim(t, p3, [r3.id], 45_600, dyOfficer);
    t.clock.set('2026-04-01T09:00:00+08:00');
  });
  afterAll(() => w.finish());

  const dongyangRun = step([], async () => {
    const started = await t
      .http()
      .post('/settlements/runs')
      .set('authorization', dongyang)
      .send({ regionCode: '330783', period: '2026-03' });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ jobId: expect.any(String) });
    const first = await t.http().get(`/settlements/runs/${started.body.jobId}`).set('authorization', dongyang).expect(200);
    expect(['waiting', 'active', 'completed']).toContain(first.body.state);
    expect(Array.isArray(first.body.batchIds)).toBe(true);
    const done = await waitForRun(t, dongyang, started.body.jobId);
    expect(done.batchIds).toHaveLength(1);
    dongyangBatch = done.batchIds[0];
    expect(await batch(t, dongyang, dongyangBatch)).toMatchObject({ regionCode: '330783', period: '2026-03', sequence: 1, total: 45_600 });

    // The city admin may start runs of any region, and reads them.
    const byAdmin = await settle(t, t.adminToken, '330783', '2026-03');
    expect(byAdmin.batchIds).toEqual([]);

    expectProblem(await t.http().get(`/settlements/runs/${started.body.jobId}`).set('authorization', lanxi), 404, 'NOT_FOUND');
    expectProblem(await t.http().get(`/settlements/runs/${randomUUID()}`).set('authorization', dongyang), 404, 'NOT_FOUND');
  });
  it('answers 202 { jobId }; the run reports waiting|active|completed and its batch ids', dongyangRun);

  it('refuses runs from another region’s finance, other roles, and bad input', async () => {
    const post = (token: string, body: Json) => t.http().post('/settlements/runs').set('authorization', token).send(body);
    expectProblem(await post(lanxi, { regionCode: '330783', period: '2026-03' }), 403, 'FORBIDDEN');
    expectProblem(await post(p3.token, { regionCode: '330783', period: '2026-03' }), 403, 'FORBIDDEN');
    expectProblem(await post(await w.officerOf('330783'), { regionCode: '330783', period: '2026-03' }), 403, 'FORBIDDEN');
    expectProblem(await post((await createUser(t, 'auditor')).token, { regionCode: '330783', period: '2026-03' }), 403, 'FORBIDDEN');
    expectProblem(await post(sme.token, { regionCode: '330781', period: '2026-03' }), 403, 'FORBIDDEN');

    for (const body of [
      { regionCode: '3307', period: '2026-03' },
      { regionCode: '330783', period: '2026-13' },
      { regionCode: '330783', period: '2026-3' },
      { regionCode: '330783' },
      { regionCode: '330783', period: '2026-03', force: true },
      { regionCode: '330783', period: '2026-05' }, // the test clock is in April 2026
      { regionCode: '330783', period: '2027-01' },
    ]) {
      expectProblem(await post(dongyang, body), 400, 'VALIDATION_FAILED');
    }
  });

  const lanxiRuns = step([], async () => {
    const expected = { [p1.id]: 30_001, [p2.id]: 30_000 };
    const total = 60_001;
    const started = await Promise.all(
      [lanxi, lanxi, t.adminToken].map((token) =>
        t.http().post('/settlements/runs').set('authorization', token).send({ regionCode: '330781', period: '2026-03' }),
      ),
    );
    expect(started.map((r) => r.status)).toEqual([202, 202, 202]);
    const runs = await Promise.all(started.map((r) => waitForRun(t, lanxi, r.body.jobId)));
    const batchIds = runs.flatMap((r) => r.batchIds as string[]);
    expect(new Set(batchIds).size).toBe(1);

    const list = (await t.http().get('/settlements?regionCode=330781&period=2026-03').set('authorization', lanxi).expect(200))
      .body as Json[];
    expect(list).toHaveLength(1);
    expect(sum(list.map((b) => b.total))).toBe(total);
    const amounts: Partial<Record<string, number>> = {};
    for (const b of list) for (const l of b.lines as Json[]) amounts[l.providerId] = (amounts[l.providerId] ?? 0) + (l.amount as number);
    expect(amounts).toEqual(expected);
    expect(Object.fromEntries((list[0].lines as Json[]).map((l) => [l.providerId, l.claimCount]))).toEqual({ [p1.id]: 2, [p2.id]: 1 });
    expect(await w.fundBalances(lanxiFund)).toMatchObject({ payable: 0, inSettlement: total });

    // A claim approved in April: two runs of the running month at once make one batch of just it.
    const r = await redeem(w, p2, sme, voucherCode, 5_005);
    await claim(t, p2, [r.id], 5_005, await w.officerOf('330781'));
    t.clock.set('2026-04-01T10:00:00+08:00'); // business time moves on between the approval and the runs
    // Approved in April: not in March, however late March is settled.
    expect(await settle(t, lanxi, '330781', '2026-03')).toMatchObject({ state: 'completed', batchIds: [] });
    const again = await Promise.all(
      [lanxi, lanxi].map((token) =>
        t.http().post('/settlements/runs').set('authorization', token).send({ regionCode: '330781', period: '2026-04' }),
      ),
    );
    const againRuns = await Promise.all(again.map((res) => waitForRun(t, lanxi, res.body.jobId)));
    expect(new Set(againRuns.flatMap((x) => x.batchIds as string[])).size).toBe(1);
    const april = (await t.http().get('/settlements?regionCode=330781&period=2026-04').set('authorization', lanxi).expect(200))
      .body as Json[];
    expect(april.map((b) => [b.sequence, b.total, (b.lines as Json[]).map((l) => [l.providerId, l.amount])])).toEqual([
      [1, 5_005, [[p2.id, 5_005]]],
    ]);
    expect(
      sum(
        (await t.http().get('/settlements?regionCode=330781&period=2026-03').set('authorization', lanxi).expect(200)).body.map(
          (b: Json) => b.total,
        ),
      ),
    ).toBe(total);
    expect(await w.fundBalances(lanxiFund)).toMatchObject({ payable: 0, inSettlement: total + 5_005 });
  });
  it('two (and three) runs of one region and period at once: every part in exactly one batch, totals unchanged', lanxiRuns);

  it('lists batches by region and period; finance sees only its own region', async () => {
    await dongyangRun();
    await lanxiRuns();
    const own = (await t.http().get('/settlements').set('authorization', dongyang).expect(200)).body as Json[];
    expect(own.map((b) => b.id)).toEqual([dongyangBatch]);
    expect(own.every((b) => b.regionCode === '330783')).toBe(true);

    const foreign = await t.http().get('/settlements?regionCode=330781&period=2026-03').set('authorization', dongyang);
    if (foreign.status === 200) expect(foreign.body).toEqual([]);
    else expect([403, 404]).toContain(foreign.status);
    expectProblem(await t.http().get(`/settlements/${dongyangBatch}`).set('authorization', lanxi), 404, 'NOT_FOUND');

    const byAdmin = (await t.http().get('/settlements?regionCode=330781&period=2026-03').set('authorization', t.adminToken).expect(200))
      .body as Json[];
    expect(byAdmin.map((b) => [b.regionCode, b.period, b.sequence])).toEqual([['330781', '2026-03', 1]]);
    const allMarch = (await t.http().get('/settlements?period=2026-03').set('authorization', t.adminToken).expect(200)).body as Json[];
    expect(allMarch.map((b) => b.regionCode).sort()).toEqual(['330781', '330783']);
    expectProblem(await t.http().get('/settlements?period=2026-13').set('authorization', lanxi), 400, 'VALIDATION_FAILED');
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Audit samples

describe('audit samples of a region’s confirmed redemptions', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  const march: string[] = [];
  const aprilIds: string[] = [];

  const draw = (token: string, body: Json) => t.http().post('/audit/samples').set('authorization', token).send(body);
  const idsOf = (body: Json) => ((body.redemptions ?? []) as Array<{ id: string } | string>).map((r) => (typeof r === 'string' ? r : r.id));

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-05T10:00:00+08:00' });
    w = new World(t);
    auditor = (await createUser(t, 'auditor')).token;
    const fund = await w.fund('330723', 10_000_000);
    const other = await w.fund('330726', 10_000_000);
    const program = await w.program({ issuerRegionCode: '330723', funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000 });
    const otherProgram = await w.program({ issuerRegionCode: '330726', funding: [{ fundId: other, shareBp: 10000 }], ratioBp: 10000 });
    const sme = await w.enterprise({ regionCode: '330723' });
    const otherSme = await w.enterprise({ regionCode: '330726' });
    const provider = await w.provider({ regionCode: '330723' });
    const voucher = await w.voucher(sme.token, program, 5_000_000);
    const otherVoucher = await w.voucher(otherSme.token, otherProgram, 1_000_000);
    // 21 confirmed in March: at least ⌈21 × 5 %⌉ = 2 are drawn.
    for (let i = 0; i < 21; i++) march.push((await redeem(w, provider, sme, voucher.code, 1_000 + i)).id);
    await redeem(w, provider, sme, voucher.code, 500, 'DESIGN', false); // pending: not in the population
    const cancelled = await redeem(w, provider, sme, voucher.code, 600, 'DESIGN', false);
    await t.http().post(`/redemptions/${cancelled.id}/cancel`).set('authorization', provider.token).expect(200);
    for (let i = 0; i < 3; i++) await redeem(w, provider, otherSme, otherVoucher.code, 700 + i); // another region
    t.clock.set('2026-04-03T10:00:00+08:00');
    for (let i = 0; i < 2; i++) aprilIds.push((await redeem(w, provider, sme, voucher.code, 800 + i)).id);
  });
  afterAll(() => w.finish());

  it('draws at least 5 % (rounded up) of the region’s confirmed redemptions of the period, reproducibly by seed', async () => {
    const first = await draw(auditor, { regionCode: '330723', period: '2026-03', seed: 'audit-2026-q1' });
    expect(first.status).toBe(201);
    if (first.body.population !== undefined) expect(first.body.population).toBe(21);
    const ids = idsOf(first.body);
    expect(ids.length).toBeGreaterThanOrEqual(Math.ceil((21 * 5) / 100));
    expect(ids.length).toBeLessThanOrEqual(21);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(march).toContain(id);

    const same = await draw(auditor, { regionCode: '330723', period: '2026-03', seed: 'audit-2026-q1' });
    expect(same.status).toBe(201);
    expect([...idsOf(same.body)].sort()).toEqual([...ids].sort());

    // Other seeds may draw other samples; over several seeds, not all land on the same one of the 210 possible pairs.
    const samples = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const other = await draw(auditor, { regionCode: '330723', period: '2026-03', seed: `seed-${i}` });
      expect(other.status).toBe(201);
      const otherIds = idsOf(other.body);
      expect(otherIds.length).toBeGreaterThanOrEqual(2);
      for (const id of otherIds) expect(march).toContain(id);
      samples.add([...otherIds].sort().join(','));
    }
    expect(samples.size).toBeGreaterThan(1);

    const aprilSample = await draw(auditor, { regionCode: '330723', period: '2026-04', seed: 'april' });
    expect(aprilSample.status).toBe(201);
    expect(idsOf(aprilSample.body).length).toBeGreaterThanOrEqual(1);
    for (const id of idsOf(aprilSample.body)) expect(aprilIds).toContain(id);
  });

  it('is for auditors: enterprise, provider and finance get 403; a bad period 400', async () => {
    const sme = await w.enterprise({ regionCode: '330723' });
    const provider = await w.provider({ regionCode: '330723' });
    for (const token of [sme.token, provider.token, await w.financeOf('330723')]) {
      expectProblem(await draw(token, { regionCode: '330723', period: '2026-03', seed: 'x' }), 403, 'FORBIDDEN');
    }
    for (const period of ['2026-13', '2026-3']) {
      expectProblem(await draw(auditor, { regionCode: '330723', period, seed: 'x' }), 400, 'VALIDATION_FAILED');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Period boundaries: calendar months in Asia/Shanghai

describe('period boundaries are Asia/Shanghai calendar months', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-05T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
  });
  afterAll(() => w.finish());

  it('a claim approved at 23:59 on 31 March (15:59 UTC) is March’s; one at 00:00 on 1 April is April’s', async () => {
    const fund = await w.fund('330784', 10_000_000);
    const finance = await w.financeOf('330784');
    const officer = await w.officerOf('330784');
    const program = await w.program({ issuerRegionCode: '330784', funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000 });
    const sme = await w.enterprise({ regionCode: '330784' });
    const provider = await w.provider({ regionCode: '330784', name: '永康五金检测有限公司' });
    const voucher = await w.voucher(sme.token, program, 1_000_000);

    t.clock.set('2026-03-31T23:59:00+08:00');
    const late = await redeem(w, provider, sme, voucher.code, 11_111);
    await claim(t, provider, [late.id], 11_111, officer);
    t.clock.set('2026-04-01T00:00:00+08:00');
    const early = await redeem(w, provider, sme, voucher.code, 22_222);
    await claim(t, provider, [early.id], 22_222, officer);

    t.clock.set('2026-04-01T09:00:00+08:00');
    const march = await settle(t, finance, '330784', '2026-03');
    expect((await batch(t, finance, march.batchIds[0])).lines).toEqual([
      expect.objectContaining({ providerId: provider.id, amount: 11_111, claimCount: 1 }),
    ]);
    const april = await settle(t, finance, '330784', '2026-04');
    expect((await batch(t, finance, april.batchIds[0])).lines).toEqual([
      expect.objectContaining({ providerId: provider.id, amount: 22_222, claimCount: 1 }),
    ]);

    const m = (await t.http().get('/reconciliation/330784/2026-03').set('authorization', finance).expect(200)).body;
    expect(m.balanced).toBe(true);
    expect(classesOf(m).payable).toEqual({ opening: 0, movements: { confirmed: 11_111 }, closing: 11_111 });
    const a = (await t.http().get('/reconciliation/330784/2026-04').set('authorization', finance).expect(200)).body;
    expect(a.balanced).toBe(true);
    expectClassesAddUp(a);
    expect(classesOf(a).payable).toEqual({ opening: 11_111, movements: { confirmed: 22_222, batched: -33_333 }, closing: 0 });
    expect(classesOf(a).inSettlement).toEqual({ opening: 0, movements: { batched: 33_333 }, closing: 33_333 });
    expect(a.counts).toMatchObject({ redemptions: 1, enterprisesServed: 1 });
  });
});
