import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Body as Json } from './support/bodies.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/*
 * The city screen (数据大屏, GET /dashboard/city/:year) on a generated year, against sums the test
 * makes itself from every ledger entry (read row by row and added up here, not by the API's SQL):
 * - the city's fund (330700) pays 30% and 婺城's (330702) 70% of 婺城's program; 义乌's fund
 *   (330782) all of 义乌's program;
 * - providers: p1 in 婺城 (NEV complex), p2 in 义乌 (HARDWARE complex), p3 in 金东 (no complex);
 * - confirmed redemptions in 2026 at each, some across regions (通用通兑); one pending; one
 *   confirmed at 00:10 on 1 January 2027 (Shanghai), counted in 2027 only;
 * - 婺城's March settlement paid in April.
 */

interface Entry {
  kind: string;
  class: string;
  owner: string;
  tx: string;
  amount: number;
  fundRegion: string;
  year: number;
  month: string;
}

describe('the city screen (数据大屏)', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  const complexes: Record<'nev' | 'hardware', string> = { nev: '', hardware: '' };
  const p: Record<string, { id: string; token: string }> = {};
  const e: Record<string, { id: string; token: string }> = {};
  const regionOf: Record<string, string> = {};
  const complexOf: Record<string, string | undefined> = {};
  let entries: Entry[] = [];
  const code: Record<string, string> = {};

  async function complex(name: string, sector: string, regionCode: string): Promise<string> {
    const response = await t
      .http()
      .post('/complexes')
      .set('authorization', t.adminToken)
      .send({ name, sector, level: 'county', regionCode });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  /** Redeems at the clock's `when` and confirms (unless told not to): answers the redemption. */
  async function serve(
    provider: string,
    enterprise: string,
    code: string,
    orderAmount: number,
    when: string,
    confirm = true,
  ): Promise<Json> {
    t.clock.set(when);
    const redeemed = await w.redeem(p[provider].token, { voucherCode: code, orderAmount });
    expect(redeemed.status).toBe(201);
    if (confirm) await t.http().post(`/redemptions/${redeemed.body.id}/confirm`).set('authorization', e[enterprise].token).expect(200);
    return redeemed.body;
  }

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-02-01T10:00:00+08:00' });
    w = new World(t);
    auditor = (await createUser(t, 'auditor')).token;
    complexes.nev = await complex('婺城区新能源汽车产业创新服务综合体', 'NEV', '330702');
    complexes.hardware = await complex('义乌市现代五金产业创新服务综合体', 'HARDWARE', '330782');
    const categories = ['TESTING', 'DESIGN', 'RND'];
    for (const [key, regionCode, complexId, name] of [
      ['p1', '330702', complexes.nev, '金华婺城精密检测有限公司'],
      ['p2', '330782', complexes.hardware, '义乌五金检测中心有限公司'],
      ['p3', '330703', undefined, '金东工业设计有限公司'],
    ] as const) {
      p[key] = await w.provider({ name, regionCode, categories, ...(complexId ? { complexId } : {}) });
      regionOf[p[key].id] = regionCode;
      complexOf[p[key].id] = complexId;
    }
    for (const key of ['e1', 'e2']) e[key] = await w.enterprise({ name: `金华${key}五金制品有限公司` });
    e.e3 = await w.enterprise({ name: '义乌e3小商品制造有限公司', regionCode: '330782' });

    const cityFund = await w.fund('330700', 5_000_000_000);
    const wuchengFund = await w.fund('330702', 5_000_000_000);
    const yiwuFund = await w.fund('330782', 5_000_000_000);
    const wucheng = await w.program({
      funding: [
        { fundId: cityFund, shareBp: 3000 },
        { fundId: wuchengFund, shareBp: 7000 },
      ],
      validityDays: 365,
    });
    const yiwu = await w.program({
      name: '义乌创新券',
      issuerRegionCode: '330782',
      funding: [{ fundId: yiwuFund, shareBp: 10_000 }],
      validityDays: 365,
    });
    code.e1 = (await w.voucher(e.e1.token, wucheng, 2_000_000)).code as string;
    code.e2 = (await w.voucher(e.e2.token, wucheng, 1_000_000)).code as string;
    code.e3 = (await w.voucher(e.e3.token, yiwu, 3_000_001)).code as string;

    // March: e1 at home (p1), e1 across to 义乌 (p2), e2 across to 金东 (p3), e3 at home in 义乌 (p2).
    const march = await serve('p1', 'e1', code.e1, 400_001, '2026-03-03T10:00:00+08:00');
    await serve('p2', 'e1', code.e1, 300_000, '2026-03-04T10:00:00+08:00');
    await serve('p3', 'e2', code.e2, 200_000, '2026-03-05T10:00:00+08:00');
    // 婺城's March claim for p1's redemption, settled and paid in April.
    t.clock.set('2026-03-20T10:00:00+08:00');
    const claim = await t
      .http()
      .post('/claims')
      .set('authorization', p.p1.token)
      .set('idempotency-key', randomUUID())
      .send({
        redemptionIds: [march.id],
        invoice: { number: 'INV-SCREEN-1', date: '2026-03-06', amount: march.subsidy },
        documentIds: [await w.invoiceFile(p.p1.token)],
      })
      .expect(201);
    await t
      .http()
      .post(`/claims/${claim.body.id}/approve`)
      .set('authorization', await w.officerOf('330702'))
      .expect(200);
    t.clock.set('2026-04-01T09:00:00+08:00');
    for (const region of ['330700', '330702']) {
      const finance = await w.financeOf(region);
      for (const batchId of await w.settle(region, '2026-03')) {
        await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).expect(200);
        await t
          .http()
          .post(`/settlements/${batchId}/pay`)
          .set('authorization', finance)
          .send({ paymentReference: `PAY-${region}` })
          .expect(200);
      }
    }

    await serve('p2', 'e3', code.e3, 1_000_000, '2026-05-20T10:00:00+08:00');
    await serve('p1', 'e3', code.e3, 600_000, '2026-06-01T00:30:00+08:00'); // 31 May in UTC, June in Shanghai
    await serve('p1', 'e2', code.e2, 100_000, '2026-07-01T10:00:00+08:00', false); // pending: counted nowhere
    await serve('p3', 'e3', code.e3, 100_000, '2027-01-01T00:10:00+08:00'); // 2027 in Shanghai
    t.clock.set('2026-12-03T10:00:00+08:00');

    // Every entry of the ledger, added up below in TypeScript.
    const rows: Array<{ kind: string; class: string; owner: string; tx_id: string; amount: string; region_code: string; at: Date }> =
      await t.app
        .get(DataSource)
        .query(
          `SELECT e.kind, e.class, e.owner, e.tx_id::text, e.amount::text, f.region_code, e.at FROM ledger_entries e JOIN funds f ON f.id = e.fund_id`,
        );
    entries = rows.map((r) => {
      const shanghai = new Date(r.at.getTime() + 8 * 3600_000).toISOString();
      return {
        kind: r.kind,
        class: r.class,
        owner: r.owner,
        tx: r.tx_id,
        amount: Number(r.amount),
        fundRegion: r.region_code,
        year: Number(shanghai.slice(0, 4)),
        month: shanghai.slice(0, 7),
      };
    });
  }, 180_000);
  afterAll(async () => {
    await (w as World | undefined)?.finish(); // unset when beforeAll failed
  });

  const get = (path: string, token: string) => t.http().get(path).set('authorization', token);
  const sum = (xs: Entry[]) => xs.reduce((s, x) => s + x.amount, 0);
  const of2026 = () => entries.filter((x) => x.year === 2026);
  const issued = (xs: Entry[]) => xs.filter((x) => x.kind === 'issue' && x.class === 'vouchers');
  const used = (xs: Entry[]) => xs.filter((x) => x.kind === 'confirm' && x.class === 'payable');
  const paid = (xs: Entry[]) => xs.filter((x) => x.kind === 'pay' && x.class === 'paid');
  const distinct = (xs: string[]) => new Set(xs).size;
  /** Outside the funding region: every provider here is in one of the city's counties, so the city's own funds are never used across. */
  const isCross = (fundRegion: string, providerRegion: string) => fundRegion !== providerRegion && fundRegion !== '330700';

  it("equals the year's ledger entries added up: totals, by county, by month", async () => {
    const d = (await get('/dashboard/city/2026', t.adminToken).expect(200)).body;
    const year = of2026();
    expect(d).toMatchObject({ cityCode: '330700', cityName: '金华市', year: 2026 });
    expect(new Date(d.asOf).toISOString()).toBe(new Date('2026-12-03T10:00:00+08:00').toISOString());
    const crossRegion = used(year).filter((x) => isCross(x.fundRegion, regionOf[x.owner]));
    expect(d.totals).toEqual({
      vouchersIssued: distinct(issued(year).map((x) => x.owner)),
      issued: sum(issued(year)),
      redemptions: distinct(used(year).map((x) => x.tx)),
      used: sum(used(year)),
      paid: sum(paid(year)),
      enterprisesServed: 3,
      providersPaid: distinct(paid(year).map((x) => x.owner)),
      crossRegionUsed: sum(crossRegion),
    });
    // Hand-known anchors, so a wrong sum of the test's own cannot pass: three vouchers of 2,000,000 +
    // 1,000,000 + 3,000,001 fen; five confirmed redemptions in 2026 (the pending and the 2027 one are not).
    expect(d.totals).toMatchObject({ vouchersIssued: 3, issued: 6_000_001, redemptions: 5, providersPaid: 1 });
    expect(d.totals.paid).toBeGreaterThan(0);
    expect(d.totals.crossRegionUsed).toBeGreaterThan(0);
    expect(d.totals.used).toBeGreaterThan(d.totals.crossRegionUsed);

    // The city's own funds first, then the nine counties, names beside codes, zeros included.
    expect((d.regions as Json[]).map((r) => r.regionCode)).toEqual([
      '330700',
      '330702',
      '330703',
      '330723',
      '330726',
      '330727',
      '330781',
      '330782',
      '330783',
      '330784',
    ]);
    for (const r of d.regions as Json[]) {
      const mine = year.filter((x) => x.fundRegion === r.regionCode);
      expect(r).toEqual({
        regionCode: r.regionCode,
        name: r.name,
        level: r.regionCode === '330700' ? 'city' : 'county',
        vouchersIssued: distinct(issued(mine).map((x) => x.owner)),
        issued: sum(issued(mine)),
        redemptions: distinct(used(mine).map((x) => x.tx)),
        used: sum(used(mine)),
        paid: sum(paid(mine)),
      });
    }
    const region = (code: string) => (d.regions as Json[]).find((r) => r.regionCode === code);
    expect(region('330700')).toMatchObject({ name: '金华市', vouchersIssued: 2 });
    expect(region('330782')).toMatchObject({ name: '义乌市', vouchersIssued: 1, issued: 3_000_001 });
    expect(region('330784')).toMatchObject({ name: '永康市', vouchersIssued: 0, issued: 0, used: 0, paid: 0 });
    // The county rows add up to the totals' money.
    for (const k of ['issued', 'used', 'paid'] as const)
      expect((d.regions as Json[]).reduce((s: number, r) => s + (r[k] as number), 0)).toBe(d.totals[k]);

    expect(d.months).toHaveLength(12);
    for (const m of d.months as Json[]) {
      const inMonth = year.filter((x) => x.month === m.period);
      expect(m).toEqual({
        period: m.period,
        vouchersIssued: distinct(issued(inMonth).map((x) => x.owner)),
        issued: sum(issued(inMonth)),
        used: sum(used(inMonth)),
        paid: sum(paid(inMonth)),
      });
    }
    expect((d.months as Json[]).find((m) => m.period === '2026-06').used).toBeGreaterThan(0);
    expect((d.months as Json[]).find((m) => m.period === '2026-04').paid).toBe(d.totals.paid);

    // The months and sectors are the city's dashboard's.
    const dash = (await get('/dashboard/330700/2026', t.adminToken).expect(200)).body;
    expect(d.months).toEqual(dash.months);
    expect(d.sectors).toEqual(dash.sectors);
  });

  it('ranks the complexes by what their providers used and shows the funding region → provider region flows', async () => {
    const d = (await get('/dashboard/city/2026', auditor).expect(200)).body;
    const year = used(of2026());
    const ofComplex = (id: string) => year.filter((x) => complexOf[x.owner] === id);
    const expected = [
      { id: complexes.nev, name: '婺城区新能源汽车产业创新服务综合体', sector: 'NEV', regionCode: '330702', regionName: '婺城区' },
      { id: complexes.hardware, name: '义乌市现代五金产业创新服务综合体', sector: 'HARDWARE', regionCode: '330782', regionName: '义乌市' },
    ]
      .map((c) => ({
        complexId: c.id,
        name: c.name,
        sector: c.sector,
        regionCode: c.regionCode,
        regionName: c.regionName,
        redemptions: distinct(ofComplex(c.id).map((x) => x.tx)),
        used: sum(ofComplex(c.id)),
      }))
      .sort((a, b) => b.used - a.used);
    expect(d.topComplexes).toEqual(expected);
    // The same subsidies as the complex evaluation (考核评价) reads from the redemptions.
    const ranking = (await get('/evaluation/2026', t.adminToken).expect(200)).body;
    for (const c of d.topComplexes as Json[]) {
      expect((ranking.complexes as Json[]).find((r) => r.complex.id === c.complexId)).toMatchObject({
        servicesDelivered: c.redemptions,
        subsidies: c.used,
      });
    }

    const flows = new Map<string, { used: number; paid: number; txs: Set<string> }>();
    for (const x of of2026().filter((x) => (x.kind === 'confirm' && x.class === 'payable') || (x.kind === 'pay' && x.class === 'paid'))) {
      const key = `${x.fundRegion}>${regionOf[x.owner]}`;
      const f = flows.get(key) ?? { used: 0, paid: 0, txs: new Set<string>() };
      if (x.kind === 'confirm') {
        f.used += x.amount;
        f.txs.add(x.tx);
      } else f.paid += x.amount;
      flows.set(key, f);
    }
    expect(
      Object.fromEntries(
        (d.flows as Json[]).map((f) => [
          `${f.fromRegionCode}>${f.toRegionCode}`,
          { used: f.used, paid: f.paid, redemptions: f.redemptions, crossRegion: f.crossRegion },
        ]),
      ),
    ).toEqual(
      Object.fromEntries(
        [...flows].map(([key, f]) => {
          const [from, to] = key.split('>');
          return [key, { used: f.used, paid: f.paid, redemptions: f.txs.size, crossRegion: isCross(from, to) }];
        }),
      ),
    );
    // 婺城 → 义乌 and 婺城 → 金东 are cross-region; 义乌 → 义乌 is not; names beside codes.
    expect(d.flows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          fromRegionCode: '330702',
          fromName: '婺城区',
          toRegionCode: '330782',
          toName: '义乌市',
          crossRegion: true,
        }),
        expect.objectContaining({ fromRegionCode: '330702', toRegionCode: '330703', toName: '金东区', crossRegion: true }),
        expect.objectContaining({ fromRegionCode: '330782', toRegionCode: '330782', crossRegion: false }),
        expect.objectContaining({ fromRegionCode: '330700', fromName: '金华市', toRegionCode: '330782', crossRegion: false }),
      ]),
    );
    // Largest use first.
    const usedOrder = (d.flows as Json[]).map((f) => f.used);
    expect(usedOrder).toEqual([...usedOrder].sort((a, b) => b - a));
  });

  it('counts the first minutes of 2027 in 2027 and an empty year as zeros', async () => {
    const next = (await get('/dashboard/city/2027', t.adminToken).expect(200)).body;
    expect(next.totals).toMatchObject({ redemptions: 1, vouchersIssued: 0, issued: 0 });
    expect(next.totals.used).toBe(sum(used(entries.filter((x) => x.year === 2027))));
    const empty = (await get('/dashboard/city/2030', t.adminToken).expect(200)).body;
    expect(empty.totals).toEqual({
      vouchersIssued: 0,
      issued: 0,
      redemptions: 0,
      used: 0,
      paid: 0,
      enterprisesServed: 0,
      providersPaid: 0,
      crossRegionUsed: 0,
    });
    expect(empty.regions).toHaveLength(10);
    expect(empty.topComplexes).toEqual([]);
    expect(empty.flows).toEqual([]);
  });

  it("is read by the city admin, auditors and the city's finance; refused to an SME and a county; 401 without a valid token or once disabled; 400 for a bad year", async () => {
    expect((await get('/dashboard/city/2026', await w.financeOf('330700')).expect(200)).body.cityCode).toBe('330700');
    expectProblem(await get('/dashboard/city/2026', e.e1.token), 403, 'FORBIDDEN');
    expectProblem(await get('/dashboard/city/2026', p.p1.token), 403, 'FORBIDDEN');
    expectProblem(await get('/dashboard/city/2026', await w.officerOf('330702')), 403, 'FORBIDDEN');
    expectProblem(await get('/dashboard/city/2026', await w.financeOf('330782')), 403, 'FORBIDDEN');
    // The county officer still reads its own county's dashboard.
    await get('/dashboard/330702/2026', await w.officerOf('330702')).expect(200);
    expectProblem(await get('/dashboard/city/2026', 'Bearer forged.token.value'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/dashboard/city/2026'), 401, 'UNAUTHENTICATED');
    const forged = t.adminToken.slice(0, -4) + (t.adminToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expectProblem(await get('/dashboard/city/2026', forged), 401, 'UNAUTHENTICATED');
    // An auditor reads it until disabled; then the same token is refused.
    const leaving = await createUser(t, 'auditor');
    await get('/dashboard/city/2026', leaving.token).expect(200);
    await t.http().post(`/users/${leaving.id}/disable`).set('authorization', t.adminToken).expect(200);
    expectProblem(await get('/dashboard/city/2026', leaving.token), 401, 'UNAUTHENTICATED');
    for (const year of ['abc', '1999', '2101', '2026.5'])
      expectProblem(await get(`/dashboard/city/${year}`, t.adminToken), 400, 'VALIDATION_FAILED');
    // Not a clash: a region's dashboard still answers by its code, an unknown one 404, the bare path 404.
    expectProblem(await get('/dashboard/999999/2026', t.adminToken), 404, 'NOT_FOUND');
    expect((await get('/dashboard/city', t.adminToken)).status).toBe(404);
  });

  it('reads the ledger anew on every request (no cache: a redemption confirmed a second ago is on the screen)', async () => {
    t.clock.set('2026-12-03T11:00:00+08:00');
    const first = (await get('/dashboard/city/2026', t.adminToken).expect(200)).body;
    expect(first.asOf).toBe(new Date('2026-12-03T11:00:00+08:00').toISOString());
    await serve('p1', 'e1', code.e1, 100_000, '2026-12-03T11:00:20+08:00');
    t.clock.set('2026-12-03T11:00:21+08:00');
    const fresh = (await get('/dashboard/city/2026', auditor).expect(200)).body;
    expect(fresh.asOf).toBe(new Date('2026-12-03T11:00:21+08:00').toISOString());
    expect(fresh.totals.redemptions).toBe((first.totals.redemptions as number) + 1);
    expect(fresh.totals.used).toBe((first.totals.used as number) + 50_000);
    expectProblem(await get('/dashboard/city/2026', await w.officerOf('330702')), 403, 'FORBIDDEN');
  });
});
