import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createUser, expectProblem, startTestApp, type TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';
import type { Body } from '../support/bodies.js';

const CITY = '330700';
const YIWU = '330782';
const DONGYANG = '330783';
const YONGKANG = '330784';

/**
 * Who may commit a fund's money (docs/domain.md, issue 10 item 1): a county officer's program naming
 * another region's fund waits for that region's approval; nobody else can make a region's money flow.
 */
describe('security: who may commit a fund', () => {
  let t: TestApp;
  let w: World;
  let dongyangOfficer: string;
  let dongyangSme: { id: string; token: string };
  let auditor: string;
  let provider: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    dongyangOfficer = await w.officerOf(DONGYANG);
    dongyangSme = await w.enterprise({ regionCode: DONGYANG });
    auditor = (await createUser(t, 'auditor')).token;
    provider = (await w.provider()).token;
  });
  afterAll(() => w.finish());

  const get = (path: string, token: string) => t.http().get(path).set('authorization', token);
  const post = (path: string, token: string, body: object = {}) => t.http().post(path).set('authorization', token).send(body);
  const approveShare = (programId: string, fundId: string, token: string) =>
    post(`/programs/${programId}/funding/${fundId}/approve`, token);
  const apply = (programId: string, token = dongyangSme.token) =>
    post('/applications', token, { programId, amount: 1_000_000, purpose: '产品检测' });
  const ids = (response: { body: Body[] }) => response.body.map((p) => p.id as string);

  function programBody(funding: Array<{ fundId: string; shareBp: number }>, overrides: Body = {}): Body {
    return {
      name: '东阳市2026年科技创新券',
      year: 2026,
      issuerRegionCode: DONGYANG,
      funding,
      categories: ['TESTING', 'DESIGN'],
      ratioBp: 5000,
      perVoucherMax: 5_000_000,
      enterpriseAnnualCap: 10_000_000,
      validityDays: 180,
      claimWindowDays: 90,
      cityReviewRequired: false,
      ...overrides,
    };
  }

  async function proposeByDongyang(funding: Array<{ fundId: string; shareBp: number }>): Promise<Body> {
    const response = await post('/programs', dongyangOfficer, programBody(funding));
    expect(response.status).toBe(201);
    return response.body;
  }

  async function applicationsOf(programId: string): Promise<Body[]> {
    return (await get(`/applications?programId=${programId}`, t.adminToken).expect(200)).body;
  }

  it("keeps the Dongyang officer's program on Yiwu's fund proposed: no application, no approval by anyone but Yiwu or the city", async () => {
    const yiwuFund = await w.fund(YIWU, 50_000_000);
    const program = await proposeByDongyang([{ fundId: yiwuFund, shareBp: 10_000 }]);
    expect(program).toMatchObject({
      status: 'proposed',
      funding: [{ fundId: yiwuFund, shareBp: 10_000, regionCode: YIWU, approvedAt: null }],
    });

    expectProblem(await apply(program.id), 409, 'INVALID_STATE');
    expect(await applicationsOf(program.id)).toEqual([]);

    // Dongyang's own finance bureau cannot commit Yiwu's money: the share is not its to see.
    expectProblem(await approveShare(program.id, yiwuFund, await w.financeOf(DONGYANG)), 404, 'NOT_FOUND');
    expectProblem(await approveShare(program.id, yiwuFund, await w.financeOf(YONGKANG)), 404, 'NOT_FOUND');
    // Roles that may never approve a share.
    for (const token of [dongyangOfficer, await w.officerOf(YIWU), dongyangSme.token, provider, auditor]) {
      expectProblem(await approveShare(program.id, yiwuFund, token), 403, 'FORBIDDEN');
    }
    // A forged token (signed with another key) is not an actor at all.
    const [header, payload] = (await w.financeOf(YIWU)).replace('Bearer ', '').split('.');
    expectProblem(await approveShare(program.id, yiwuFund, `Bearer ${header}.${payload}.${'A'.repeat(43)}`), 401, 'UNAUTHENTICATED');
    expect((await get(`/programs/${program.id}`, t.adminToken).expect(200)).body).toMatchObject({ status: 'proposed' });
    expect(await w.fundBalances(yiwuFund)).toMatchObject({ available: 50_000_000, vouchers: 0 });
  });

  it("lets Yiwu's finance approve its share: the program becomes active and its vouchers draw on Yiwu's fund only", async () => {
    const yiwuFund = await w.fund(YIWU, 50_000_000);
    const dongyangFund = await w.fund(DONGYANG, 50_000_000);
    const program = await proposeByDongyang([
      { fundId: dongyangFund, shareBp: 7000 },
      { fundId: yiwuFund, shareBp: 3000 },
    ]);
    expect(program.status).toBe('proposed');
    // The issuer's own fund is committed at once; only Yiwu's share waits.
    expect(program.funding[0].approvedAt).toEqual(expect.any(String));
    expect(program.funding[1].approvedAt).toBeNull();

    const yiwuFinance = await w.financeOf(YIWU);
    // Finance of a funding region sees the proposed program (to approve it); other parties do not.
    expect(ids(await get('/programs?status=proposed', yiwuFinance).expect(200))).toContain(program.id);
    await get(`/programs/${program.id}`, yiwuFinance).expect(200);
    expect(ids(await get('/programs?status=proposed', dongyangOfficer).expect(200))).toContain(program.id);
    expectProblem(await get(`/programs/${program.id}`, dongyangSme.token), 404, 'NOT_FOUND');
    expectProblem(await get(`/programs/${program.id}`, await w.financeOf(YONGKANG)), 404, 'NOT_FOUND');
    expect(ids(await get('/programs', dongyangSme.token).expect(200))).not.toContain(program.id);
    expect(ids(await get('/programs', provider).expect(200))).not.toContain(program.id);

    // The issuer's own share is approved already; a fund the program does not name, or no such program: 404.
    expectProblem(await approveShare(program.id, dongyangFund, t.adminToken), 409, 'INVALID_STATE');
    expectProblem(await approveShare(program.id, await w.fund(YIWU, 0), yiwuFinance), 404, 'NOT_FOUND');
    expectProblem(await approveShare(randomUUID(), yiwuFund, yiwuFinance), 404, 'NOT_FOUND');
    expectProblem(await approveShare(program.id, 'not-a-uuid', yiwuFinance), 400, 'VALIDATION_FAILED');

    const approved = await approveShare(program.id, yiwuFund, yiwuFinance).expect(200);
    expect(approved.body).toMatchObject({ id: program.id, status: 'active' });
    expect(approved.body.funding[1]).toMatchObject({ fundId: yiwuFund, approvedAt: '2026-03-10T10:00:00.000+08:00' });
    expectProblem(await approveShare(program.id, yiwuFund, yiwuFinance), 409, 'INVALID_STATE');
    expect(ids(await get('/programs?status=active', dongyangSme.token).expect(200))).toContain(program.id);
    expect(ids(await get('/programs?status=proposed', yiwuFinance).expect(200))).not.toContain(program.id);

    const log = (await get(`/audit-log?entityType=program&entityId=${program.id}`, t.adminToken).expect(200)).body;
    expect(log[0]).toMatchObject({ action: 'approve-funding', fromState: 'proposed', toState: 'active', actorRole: 'finance' });
    expect(log[0].data).toMatchObject({ fundId: yiwuFund, fundRegionCode: YIWU, shareBp: 3000 });

    const voucher = await w.voucher(dongyangSme.token, approved.body, 1_000_001);
    const read = await get(`/vouchers/${voucher.code}`, dongyangSme.token).expect(200);
    expect(read.body.funding).toEqual([
      { fundId: dongyangFund, faceValue: 700_001, balance: 700_001 },
      { fundId: yiwuFund, faceValue: 300_000, balance: 300_000 },
    ]);
    expect(await w.fundBalances(yiwuFund)).toMatchObject({ available: 50_000_000 - 300_000, vouchers: 300_000 });
  });

  it("never issues a voucher on a third county's fund that was not approved, even for an application already in the queue", async () => {
    const dongyangFund = await w.fund(DONGYANG, 50_000_000);
    const yongkangFund = await w.fund(YONGKANG, 50_000_000);
    const program = await proposeByDongyang([
      { fundId: dongyangFund, shareBp: 5000 },
      { fundId: yongkangFund, shareBp: 5000 },
    ]);
    expectProblem(await apply(program.id), 409, 'INVALID_STATE');

    // Defence in depth: an application that reached the queue by any other way is still refused
    // where the money would move, and nothing is written.
    const db = t.app.get(DataSource);
    const [row] = await db.query(
      `INSERT INTO applications (program_id, enterprise_id, amount, purpose, status, stage, created_at)
       VALUES ($1, $2, 1000000, '绕过申领', 'pending', 'county', now()) RETURNING id`,
      [program.id, dongyangSme.id],
    );
    expectProblem(await post(`/applications/${row.id}/approve`, dongyangOfficer), 409, 'INVALID_STATE');
    expect((await get(`/applications/${row.id}`, t.adminToken).expect(200)).body).toMatchObject({ status: 'pending' });
    expect((await get(`/vouchers?programId=${program.id}`, t.adminToken).expect(200)).body).toEqual([]);
    expect(await w.fundBalances(yongkangFund)).toMatchObject({ available: 50_000_000, vouchers: 0 });
    expect(await w.fundBalances(dongyangFund)).toMatchObject({ available: 50_000_000, vouchers: 0 });
    await post(`/applications/${row.id}/reject`, dongyangOfficer, { reason: '资金未获批准' }).expect(200);
  });

  it("lets the city admin commit any fund at once, and approve the city's share of a county program", async () => {
    const cityFund = await w.fund(CITY, 50_000_000);
    const dongyangFund = await w.fund(DONGYANG, 50_000_000);
    const yiwuFund = await w.fund(YIWU, 50_000_000);
    const byCity = await post(
      '/programs',
      t.adminToken,
      programBody([
        { fundId: cityFund, shareBp: 5000 },
        { fundId: yiwuFund, shareBp: 5000 },
      ]),
    ).expect(201);
    expect(byCity.body.status).toBe('active');
    expect(byCity.body.funding.every((f: Body) => typeof f.approvedAt === 'string')).toBe(true);

    const coFunded = await proposeByDongyang([
      { fundId: cityFund, shareBp: 3000 },
      { fundId: dongyangFund, shareBp: 7000 },
    ]);
    expect(coFunded.status).toBe('proposed');
    const approved = await approveShare(coFunded.id, cityFund, t.adminToken).expect(200);
    expect(approved.body.status).toBe('active');
    await apply(coFunded.id).expect(201);
  });

  it('leaves the program active with both approvals when two regions approve the last two shares at once', async () => {
    const rounds = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const yiwuFund = await w.fund(YIWU, 0);
        const yongkangFund = await w.fund(YONGKANG, 0);
        const program = await proposeByDongyang([
          { fundId: yiwuFund, shareBp: 5000 },
          { fundId: yongkangFund, shareBp: 5000 },
        ]);
        return { program, yiwuFund, yongkangFund };
      }),
    );
    const yiwuFinance = await w.financeOf(YIWU);
    const yongkangFinance = await w.financeOf(YONGKANG);
    const answers = await Promise.all(
      rounds.flatMap(({ program, yiwuFund, yongkangFund }) => [
        approveShare(program.id, yiwuFund, yiwuFinance),
        approveShare(program.id, yongkangFund, yongkangFinance),
      ]),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    for (const { program } of rounds) {
      const read = (await get(`/programs/${program.id}`, t.adminToken).expect(200)).body;
      expect(read.status).toBe('active');
      expect(read.funding.map((f: Body) => typeof f.approvedAt)).toEqual(['string', 'string']);
      const log = (await get(`/audit-log?entityType=program&entityId=${program.id}`, t.adminToken).expect(200)).body;
      expect(
        log
          .filter((e: Body) => e.action === 'approve-funding')
          .map((e: Body) => e.toState)
          .sort(),
      ).toEqual(['active', 'proposed']);
    }
  });

  describe('program rules (item 12)', () => {
    it("refuses a program whose year is not its funds' year", async () => {
      const fund2027 = (
        await post('/funds', await w.financeOf(DONGYANG), {
          regionCode: DONGYANG,
          year: 2027,
          name: `fund-${randomUUID().slice(0, 8)}`,
        }).expect(201)
      ).body.id;
      const fund2026 = await w.fund(DONGYANG, 0);
      const mixed = programBody([
        { fundId: fund2026, shareBp: 5000 },
        { fundId: fund2027, shareBp: 5000 },
      ]);
      for (const body of [mixed, { ...mixed, year: 2027 }]) {
        const response = await post('/programs', t.adminToken, body);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'year' })]);
      }
      await post('/programs', dongyangOfficer, programBody([{ fundId: fund2027, shareBp: 10_000 }], { year: 2027 })).expect(201);
    });

    it('refuses a per-voucher maximum above the enterprise or controller annual cap; equal is allowed', async () => {
      const fund = await w.fund(DONGYANG, 0);
      const body = (overrides: Body) => programBody([{ fundId: fund, shareBp: 10_000 }], overrides);
      for (const overrides of [
        { perVoucherMax: 10_000_001, enterpriseAnnualCap: 10_000_000 },
        { perVoucherMax: 5_000_000, enterpriseAnnualCap: 10_000_000, controllerAnnualCap: 4_999_999 },
      ]) {
        const response = await post('/programs', dongyangOfficer, body(overrides));
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'perVoucherMax' })]);
      }
      await post(
        '/programs',
        dongyangOfficer,
        body({ perVoucherMax: 5_000_000, enterpriseAnnualCap: 5_000_000, controllerAnnualCap: 5_000_000 }),
      ).expect(201);
    });

    it('filters by status and refuses an unknown one', async () => {
      const proposed = (await get('/programs?status=proposed', t.adminToken).expect(200)).body;
      expect(proposed.length).toBeGreaterThan(0);
      expect(proposed.every((p: Body) => p.status === 'proposed')).toBe(true);
      expectProblem(await get('/programs?status=approved', t.adminToken), 400, 'VALIDATION_FAILED');
    });
  });
});
