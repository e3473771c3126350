import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { normalisePhone, normaliseText, RISK_KINDS } from '@ivl/risk';
import { generateActivity } from '../tools/generator/activity.js';
import { Http } from '../tools/generator/http.js';
import type { Scale } from '../tools/generator/scale.js';
import { generateWorld } from '../tools/generator/world.js';
import type { Body } from './support/bodies.js';
import { pdf, upload } from './support/documents.js';
import { until } from './support/polling.js';
import { createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

interface Party {
  id: string;
  token: string;
  uscc: string;
}

/** Each of the six patterns planted in March 2026 of Wucheng's (330702) programs, then scanned through the worker. */
describe('risk signals: six planted patterns, the auditor queue, risk-weighted samples', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  let db: DataSource;
  let splitProgram: Body;
  let plainProgram: Body;
  let fund: string;
  const planted: Record<string, string[]> = {};

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-02T09:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    db = t.app.get(DataSource);
    auditor = (await createUser(t, 'auditor')).token;
    fund = await w.fund('330702', 500_000_000);
    splitProgram = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], fullCoverageUpTo: 500_000 });
    plainProgram = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }] });
  });
  afterAll(() => w.finish());

  const minutes = (n: number) => {
    t.clock.set(new Date(t.clock.now().getTime() + n * 60_000));
  };

  /** A confirmed redemption; the holder confirms 10 minutes after the hold unless `instant`. */
  const redeem = async (ent: Party, prov: Party, voucher: Body, orderAmount: number, instant = false): Promise<string> => {
    const r = await w.redeem(prov.token, { voucherCode: voucher.code, orderAmount }).expect(201);
    if (!instant) minutes(10);
    await t.http().post(`/redemptions/${r.body.id}/confirm`).set('authorization', ent.token).expect(200);
    minutes(30);
    return r.body.id as string;
  };

  const claim = async (prov: Party, redemptionId: string, subsidy: number, documentId: string) =>
    (
      await t
        .http()
        .post('/claims')
        .set('authorization', prov.token)
        .set('idempotency-key', randomUUID())
        .send({
          redemptionIds: [redemptionId],
          invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-02', amount: subsidy },
          documentIds: [documentId],
        })
        .expect(201)
    ).body.id as string;

  const registered = async (kind: 'enterprise' | 'provider', party: Party, traits: { rep: string; phone: string; address: string }) => {
    const [admin] = await db.query(`SELECT id FROM users WHERE username = 'admin'`);
    await db.query(
      `INSERT INTO registrations (kind, status, applicant_user_id, uscc, name, region_code, legal_representative, contact_name,
                                  contact_phone, address, provider_details, submitted_at, decided_at, enterprise_id, provider_id)
       VALUES ($1, 'approved', $2, $3, '登记名称', '330702', $4, '联系人', $5, $6, $7, now(), now(), $8, $9)`,
      [
        kind,
        admin.id,
        party.uscc,
        traits.rep,
        traits.phone,
        traits.address,
        kind === 'provider' ? '{}' : null,
        kind === 'enterprise' ? party.id : null,
        kind === 'provider' ? party.id : null,
      ],
    );
  };

  const scan = async (token = auditor, regionCode = '330702', period = '2026-03') => {
    const started = await t.http().post('/risk/scans').set('authorization', token).send({ regionCode, period }).expect(202);
    const done = await until(
      () => t.http().get(`/risk/scans/${started.body.jobId}`).set('authorization', token),
      (r) => r.body.state === 'completed' || r.body.state === 'failed',
    );
    expect(done.body.state).toBe('completed');
    return done.body as { jobId: string; signals: number; newSignals: number };
  };

  const signals = async (query: Record<string, string> = {}, token = auditor) =>
    (
      await t
        .http()
        .get('/risk/signals')
        .query({ regionCode: '330702', period: '2026-03', limit: 1000, ...query })
        .set('authorization', token)
        .expect(200)
    ).body as { items: Body[]; total: number };

  it('plants the six patterns', async () => {
    // SPLIT_ORDERS: three bills at or just below the 5,000 yuan full-coverage amount within a week.
    const splitter = await w.enterprise({ regionCode: '330702' });
    const splitLab = await w.provider({ regionCode: '330702' });
    const splitVoucher = await w.voucher(splitter.token, splitProgram, 2_000_000);
    planted.SPLIT_ORDERS = [];
    for (const amount of [480_000, 500_000, 455_000]) {
      planted.SPLIT_ORDERS.push(await redeem(splitter, splitLab, splitVoucher, amount));
      minutes(24 * 60);
    }

    // INSTANT_CONFIRMATION: three confirmations within a second of the hold.
    const quick = await w.enterprise({ regionCode: '330702' });
    const quickLab = await w.provider({ regionCode: '330702' });
    const quickVoucher = await w.voucher(quick.token, plainProgram, 2_000_000);
    planted.INSTANT_CONFIRMATION = [];
    for (const amount of [100_000, 120_000, 130_000])
      planted.INSTANT_CONFIRMATION.push(await redeem(quick, quickLab, quickVoucher, amount, true));

    // SAME_AMOUNTS: one provider billing 888 yuan five times, for two enterprises.
    const sameLab = await w.provider({ regionCode: '330702' });
    const same1 = await w.enterprise({ regionCode: '330702' });
    const same2 = await w.enterprise({ regionCode: '330702' });
    const v1 = await w.voucher(same1.token, plainProgram, 1_000_000);
    const v2 = await w.voucher(same2.token, plainProgram, 1_000_000);
    planted.SAME_AMOUNTS = [];
    for (const [ent, v] of [
      [same1, v1],
      [same2, v2],
      [same1, v1],
      [same2, v2],
      [same1, v1],
    ] as const) {
      planted.SAME_AMOUNTS.push(await redeem(ent, sameLab, v, 88_800));
    }

    // CONCENTRATION: an enterprise using its voucher four times at one provider only.
    const loyal = await w.enterprise({ regionCode: '330702' });
    const loyalLab = await w.provider({ regionCode: '330702' });
    const loyalVoucher = await w.voucher(loyal.token, plainProgram, 2_000_000);
    planted.CONCENTRATION = [];
    for (const amount of [61_000, 72_000, 83_000, 94_000]) planted.CONCENTRATION.push(await redeem(loyal, loyalLab, loyalVoucher, amount));

    // CONCENTRATION: one provider with 6 of a program's 10 redemptions and most of its subsidies.
    const concProgram = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], name: '集中度测试政策' });
    const major = await w.provider({ regionCode: '330702' });
    const minor = await w.provider({ regionCode: '330702' });
    const c1 = await w.enterprise({ regionCode: '330702' });
    const c2 = await w.enterprise({ regionCode: '330702' });
    const cv1 = await w.voucher(c1.token, concProgram, 2_000_000);
    const cv2 = await w.voucher(c2.token, concProgram, 2_000_000);
    planted.programShare = [];
    for (const [i, [ent, v]] of [
      [c1, cv1],
      [c2, cv2],
      [c1, cv1],
      [c2, cv2],
      [c1, cv1],
      [c2, cv2],
    ].entries()) {
      planted.programShare.push(await redeem(ent as Party, major, v, 201_000 + i * 7_000));
    }
    for (const [i, [ent, v]] of [
      [c1, cv1],
      [c2, cv2],
      [c1, cv1],
      [c2, cv2],
    ].entries()) {
      await redeem(ent as Party, minor, v, 52_000 + i * 3_000);
    }

    // HIDDEN_RELATION: a provider and the enterprise it serves share one phone, written differently.
    const relative = await w.enterprise({ regionCode: '330702' });
    const relativeLab = await w.provider({ regionCode: '330702' });
    await registered('enterprise', relative, { rep: '李四', phone: '+86 139-0579-1234', address: '金华市婺城区八一北路１号' });
    await registered('provider', relativeLab, { rep: '张三', phone: '１３９０５７９１２３４', address: '金华市金东区光南路 9 号' });
    const relativeVoucher = await w.voucher(relative.token, plainProgram, 1_000_000);
    planted.HIDDEN_RELATION = [await redeem(relative, relativeLab, relativeVoucher, 150_000)];

    // DUPLICATE_EVIDENCE: one invoice file, uploaded twice, as the invoice of two claims.
    const copier = await w.provider({ regionCode: '330702' });
    const client = await w.enterprise({ regionCode: '330702' });
    const clientVoucher = await w.voucher(client.token, plainProgram, 1_000_000);
    const a = await redeem(client, copier, clientVoucher, 110_000);
    const b = await redeem(client, copier, clientVoucher, 210_000);
    const bytes = pdf('增值税普通发票 No. 0330702');
    const fileA = (await upload(t, copier.token, bytes, '发票.pdf')).id as string;
    const fileB = (await upload(t, copier.token, bytes, '发票-副本.pdf')).id as string;
    planted.DUPLICATE_EVIDENCE = [a, b];
    planted.duplicateClaims = [await claim(copier, a, 55_000, fileA), await claim(copier, b, 105_000, fileB)];
  });

  it('detects each planted pattern, with its evidence', async () => {
    const result = await scan();
    const { items, total } = await signals();
    expect(result.signals).toBe(total);
    console.log(
      `planted scan: ${total} signals`,
      items.map((s) => `${s.kind as string}/${s.severity as string}`),
    );
    const ofKind = (kind: string) => items.filter((s) => s.kind === kind);
    const ids = (s: Body) => [...(s.evidence.redemptionIds as string[])].sort();

    const split = ofKind('SPLIT_ORDERS');
    expect(split).toHaveLength(1);
    expect(split[0]).toMatchObject({ severity: 'high', status: 'open', evidence: { fullCoverageUpTo: 500_000, mostWithin7Days: 3 } });
    expect(ids(split[0])).toEqual([...planted.SPLIT_ORDERS].sort());

    const instant = ofKind('INSTANT_CONFIRMATION');
    expect(instant).toHaveLength(1);
    expect(ids(instant[0])).toEqual([...planted.INSTANT_CONFIRMATION].sort());
    for (const r of instant[0].evidence.redemptions as Body[]) expect(r.secondsToConfirm).toBeLessThanOrEqual(60);

    const same = ofKind('SAME_AMOUNTS');
    expect(same).toHaveLength(1);
    expect(same[0].evidence).toMatchObject({ orderAmount: 88_800, repeats: 5, providerRedemptions: 5 });
    expect(ids(same[0])).toEqual([...planted.SAME_AMOUNTS].sort());

    const single = ofKind('CONCENTRATION').filter((s) => s.evidence.rule === 'singleProvider');
    expect(single.map(ids)).toEqual([[...planted.CONCENTRATION].sort()]);
    const share = ofKind('CONCENTRATION').filter((s) => s.evidence.rule === 'programShare');
    expect(share).toHaveLength(1);
    expect(share[0].evidence).toMatchObject({ redemptionsAtProvider: 6, programRedemptions: 10 });
    expect(ids(share[0])).toEqual([...planted.programShare].sort());

    const hidden = ofKind('HIDDEN_RELATION');
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatchObject({ severity: 'high' });
    expect(hidden[0].evidence.shared).toEqual([
      { trait: 'contactPhone', value: '13905791234', a: '１３９０５７９１２３４', b: '+86 139-0579-1234' },
    ]);
    expect(ids(hidden[0])).toEqual(planted.HIDDEN_RELATION);

    const duplicate = ofKind('DUPLICATE_EVIDENCE');
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0]).toMatchObject({ severity: 'high' });
    expect([...(duplicate[0].subject.claimIds as string[])].sort()).toEqual([...planted.duplicateClaims].sort());
    expect(ids(duplicate[0])).toEqual([...planted.DUPLICATE_EVIDENCE].sort());

    for (const kind of RISK_KINDS) expect(ofKind(kind).length).toBeGreaterThan(0);
  });

  it('finds each signal once: a second scan, and two at once, add nothing', async () => {
    const before = await signals();
    const again = await scan();
    expect(again).toMatchObject({ signals: before.total, newSignals: 0 });
    await Promise.all([scan(), scan(t.adminToken)]);
    // the nightly job scans every issuing region for the month just ended and the running month
    const nightly = (await t.runJob('risk.nightly-scan')) as Record<string, number>;
    expect(nightly).toEqual({ '330702:2026-02': 0, '330702:2026-03': before.total });
    const after = await signals();
    expect(after.total).toBe(before.total);
    expect(new Set(after.items.map((s) => s.id))).toEqual(new Set(before.items.map((s) => s.id)));
  });

  it('risk-weighted sample: the random draw plus every redemption named by a high-severity signal', async () => {
    const high = (await signals({ severity: 'high' })).items;
    const flagged = new Set(high.flatMap((s) => s.evidence.redemptionIds as string[]));
    expect(flagged.size).toBeGreaterThan(0);
    const plain = await t
      .http()
      .post('/audit/samples')
      .set('authorization', auditor)
      .send({ regionCode: '330702', period: '2026-03', seed: 's1' });
    expect(plain.status).toBe(201);
    expect(plain.body.riskWeighted).toBe(false);
    const weighted = await t
      .http()
      .post('/audit/samples')
      .set('authorization', auditor)
      .send({ regionCode: '330702', period: '2026-03', seed: 's1', riskWeighted: true });
    expect(weighted.status).toBe(201);
    const items = weighted.body.redemptions as Body[];
    const sampled = new Set(items.map((r) => r.id as string));
    for (const id of flagged) expect(sampled).toContain(id);
    // the random part is the plain sample, drawn by the same seed
    expect(items.filter((r) => r.reason === 'random').map((r) => r.id)).toEqual((plain.body.redemptions as Body[]).map((r) => r.id));
    for (const r of items.filter((x) => x.reason === 'risk')) expect((r.signalIds as string[]).length).toBeGreaterThan(0);
    expect(weighted.body.size).toBe(items.length);
  });

  it('the auditor dismisses or confirms with a reason, once; a dismissed signal leaves the risk-weighted sample', async () => {
    const hidden = (await signals({ kind: 'HIDDEN_RELATION' })).items[0];
    const officer = await w.officerOf('330702');
    expectProblem(
      await t.http().post(`/risk/signals/${hidden.id}/dismiss`).set('authorization', officer).send({ reason: '已核实' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await t.http().post(`/risk/signals/${hidden.id}/dismiss`).set('authorization', auditor).send({}),
      400,
      'VALIDATION_FAILED',
    );
    const dismissed = await t
      .http()
      .post(`/risk/signals/${hidden.id}/dismiss`)
      .set('authorization', auditor)
      .send({ reason: '电话为代账公司共用，已核实无关联' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ status: 'dismissed', reason: '电话为代账公司共用，已核实无关联' });
    expectProblem(
      await t.http().post(`/risk/signals/${hidden.id}/confirm`).set('authorization', auditor).send({ reason: '再次' }),
      409,
      'INVALID_STATE',
    );

    const split = (await signals({ kind: 'SPLIT_ORDERS' })).items[0];
    const confirmed = await t
      .http()
      .post(`/risk/signals/${split.id}/confirm`)
      .set('authorization', auditor)
      .send({ reason: '拆单套取补贴，移交稽查' });
    expect(confirmed.body).toMatchObject({ status: 'confirmed' });
    expectProblem(
      await t.http().post(`/risk/signals/${randomUUID()}/confirm`).set('authorization', auditor).send({ reason: 'x' }),
      404,
      'NOT_FOUND',
    );

    // a rescan keeps the decisions
    await scan();
    expect((await signals({ kind: 'HIDDEN_RELATION' })).items[0]).toMatchObject({ status: 'dismissed' });
    expect((await signals({ status: 'confirmed' })).items.map((s) => s.id)).toEqual([split.id]);

    const log = await t.http().get('/audit-log').query({ entityType: 'risk_signal', entityId: hidden.id }).set('authorization', auditor);
    expect(JSON.stringify(log.body)).toContain('dismiss');

    const weighted = await t
      .http()
      .post('/audit/samples')
      .set('authorization', auditor)
      .send({ regionCode: '330702', period: '2026-03', seed: 's1', riskWeighted: true })
      .expect(201);
    const risky = (weighted.body.redemptions as Body[]).filter((r) => r.reason === 'risk').map((r) => r.id);
    expect(risky).not.toContain(planted.HIDDEN_RELATION[0]);
  });

  it('scope: another region sees nothing, parties are refused, no token is 401', async () => {
    const finance = await w.financeOf('330702');
    expect((await signals({}, finance)).total).toBeGreaterThan(0);
    const other = await w.officerOf('330703');
    expect((await signals({}, other)).total).toBe(0);
    expect((await signals({ regionCode: '330703' }, other)).total).toBe(0);
    const mine = await scan();
    expectProblem(await t.http().get(`/risk/scans/${mine.jobId}`).set('authorization', other), 404, 'NOT_FOUND');
    expectProblem(
      await t.http().post('/risk/scans').set('authorization', other).send({ regionCode: '330702', period: '2026-03' }),
      403,
      'FORBIDDEN',
    );
    const sme = await w.enterprise({ regionCode: '330702' });
    expectProblem(await t.http().get('/risk/signals').set('authorization', sme.token), 403, 'FORBIDDEN');
    const lab = await w.provider({ regionCode: '330702' });
    expectProblem(await t.http().get('/risk/signals').set('authorization', lab.token), 403, 'FORBIDDEN');
    expectProblem(await t.http().get('/risk/signals'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/risk/signals').set('authorization', 'Bearer forged.token.here'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/risk/signals').query({ kind: 'NOPE' }).set('authorization', auditor), 400, 'VALIDATION_FAILED');
    expectProblem(
      await t.http().post('/risk/scans').set('authorization', auditor).send({ regionCode: '330702', period: '2099-01' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('the SQL normalisers agree with the TypeScript ones', async () => {
    const samples = [
      '+86 139-0579-1234',
      '１３９０５７９１２３４',
      '0086 13905791234',
      '0579-8223 4567',
      ' 浙江省 金华市（婺城区）、八一北路１２３号。A-B ',
      '王　建国',
      '，。',
      '',
    ];
    for (const s of samples) {
      const [row] = await db.query(`SELECT risk_normalise($1) AS text, risk_normalise_phone($1) AS phone`, [s]);
      expect({ s, text: row.text, phone: row.phone }).toEqual({ s, text: normaliseText(s), phone: normalisePhone(s) });
    }
  });
});

/**
 * A clean month: the demo generator's world and activity (tools/generator) at a small scale, built
 * through the API on its own database with the clock stepping 90 s a request, then scanned for
 * every issuing region. Every signal found is a false positive; they are counted and printed.
 */
describe('risk signals on a clean month of the generated Jinhua world', () => {
  let t: TestApp;

  beforeAll(async () => {
    const start = new Date(`${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T00:05:00+08:00`);
    t = await startTestApp({ worker: true, now: start.toISOString(), env: { OUTBOX_POLL_MS: '100' } });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => t.close(), 120_000);

  it('counts the false positives of each kind', async () => {
    const clock = t.clock;
    class SteppingHttp extends Http {
      // The caller names the shape of the answer, as in Http itself.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
      override request<T = unknown>(method: string, path: string, options: Parameters<Http['request']>[2] = {}) {
        clock.set(new Date(clock.now().getTime() + 90_000));
        return super.request<T>(method, path, options);
      }
    }
    const http = new SteppingHttp(await t.app.getUrl());
    const world = await generateWorld(http, {
      // RISK_CLEAN_SCALE (JSON of a Scale) runs a bigger world once, to count false positives for a report.
      scale: process.env.RISK_CLEAN_SCALE
        ? (JSON.parse(process.env.RISK_CLEAN_SCALE) as Scale)
        : { enterprisesPerCounty: 2, providers: 10, vouchersPerEnterprise: 2, redemptionsPerVoucher: 3 },
      seed: 15,
      tag: '',
      password: PASSWORD,
      concurrency: 1,
    });
    const activity = await generateActivity(world);
    const period = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const regions = [...new Set(world.programs.map((p) => p.issuerRegionCode))];
    const falsePositives = Object.fromEntries(RISK_KINDS.map((k) => [k, 0])) as Record<string, number>;
    const found: string[] = [];
    for (const regionCode of regions) {
      const started = await t.http().post('/risk/scans').set('authorization', t.adminToken).send({ regionCode, period }).expect(202);
      await until(
        () => t.http().get(`/risk/scans/${started.body.jobId}`).set('authorization', t.adminToken),
        (r) => r.body.state === 'completed' || r.body.state === 'failed',
      );
    }
    const all = await t.http().get('/risk/signals').query({ period, limit: 1000 }).set('authorization', t.adminToken).expect(200);
    for (const s of all.body.items as Body[]) {
      falsePositives[s.kind as string]++;
      const { redemptionIds, redemptions: _, ...brief } = s.evidence as { redemptionIds: string[]; redemptions?: unknown };
      found.push(
        `${s.kind as string}/${s.severity as string} ${s.regionCode as string} ${JSON.stringify(s.subject)} ` +
          `${redemptionIds.length} redemptions ${JSON.stringify(brief).slice(0, 400)}`,
      );
    }
    console.log(
      `clean month ${period}: ${activity.summary.redemptions.confirmed} confirmed redemptions in ${regions.length} issuing regions; ` +
        `false positives by kind ${JSON.stringify(falsePositives)}\n${found.join('\n')}`,
    );
    expect(activity.summary.redemptions.confirmed).toBeGreaterThan(20);
    // The world has no planted pattern: the rules that need a pattern by one pair or one provider stay silent.
    for (const kind of ['HIDDEN_RELATION', 'SPLIT_ORDERS', 'INSTANT_CONFIRMATION', 'SAME_AMOUNTS', 'DUPLICATE_EVIDENCE']) {
      expect({ kind, count: falsePositives[kind] }).toEqual({ kind, count: 0 });
    }
  }, 240_000);
});
