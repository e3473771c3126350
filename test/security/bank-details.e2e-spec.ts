import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Body } from '../support/bodies.js';
import { parseCsv } from '../support/files.js';
import { createUser, expectProblem, providerBody, startTestApp, type TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';

/**
 * One rule for bank account numbers (issue 10 item 11): in full for finance of the paying region and
 * auditors, masked for everyone else, the same on GET /providers, /providers/:id, /settlements,
 * /settlements/:id; the payment file only for those who read it in full.
 */

const ACCOUNT = '6217000012341234567';
const MASKED = '6217 **** **** 4567';
const IDLE_ACCOUNT = '1208010009200123456'; // a provider no region pays yet

describe('bank account numbers: in full for the paying finance bureau and auditors, masked for the others', () => {
  let t: TestApp;
  let w: World;
  let batchId: string;
  let provider: { id: string; token: string };
  let idle: { id: string };
  const token: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    // The county pays 70%, the city 30%: both pay the provider, only the county's batch is read here.
    const city = await w.fund('330700', 10_000_000);
    const county = await w.fund('330702', 10_000_000);
    const program = await w.program({
      funding: [
        { fundId: city, shareBp: 3000 },
        { fundId: county, shareBp: 7000 },
      ],
      ratioBp: 10000,
    });
    const sme = await w.enterprise({ regionCode: '330702' });
    provider = await w.provider({
      regionCode: '330702',
      bankAccount: { bankName: '中国农业银行金华分行', accountName: '金华检测技术有限公司', accountNo: ACCOUNT },
    });
    idle = await w.provider({
      regionCode: '330702',
      bankAccount: { bankName: '中国工商银行金华分行', accountName: '金华设计有限公司', accountNo: IDLE_ACCOUNT },
    });
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    await w.approvedClaim(sme.token, provider.token, voucher.code, 100_000);
    t.clock.set('2026-04-01T09:00:00+08:00');
    [batchId] = (await w.settle('330702', '2026-03')) as [string];

    token.city_admin = t.adminToken;
    token.county_officer = await w.officerOf('330702');
    token.payingFinance = await w.financeOf('330702');
    token.cofundingFinance = await w.financeOf('330700');
    token.otherFinance = await w.financeOf('330782');
    token.provider = provider.token;
    token.auditor = (await createUser(t, 'auditor')).token;
    token.enterprise = sme.token;
  });
  afterAll(() => w.finish());

  const get = (path: string, who: string) => t.http().get(path).set('authorization', token[who]);
  const accountOf = async (who: string, id: string) => (await get(`/providers/${id}`, who).expect(200)).body.bankAccount.accountNo;
  const listed = async (who: string, id: string) =>
    ((await get('/providers?limit=100', who).expect(200)).body as Body[]).find((p) => p.id === id).bankAccount.accountNo;

  it('GET /providers/:id and GET /providers: in full for auditors and finance of a region that pays the provider, masked otherwise', async () => {
    const expected: Record<string, string> = {
      auditor: ACCOUNT,
      payingFinance: ACCOUNT,
      cofundingFinance: ACCOUNT,
      otherFinance: MASKED,
      city_admin: MASKED,
      county_officer: MASKED,
      provider: MASKED, // its own clerk too: the contract says everyone else
      enterprise: MASKED,
    };
    for (const who of Object.keys(expected)) {
      expect({ who, one: await accountOf(who, provider.id), listed: await listed(who, provider.id) }).toEqual({
        who,
        one: expected[who],
        listed: expected[who],
      });
    }
    // A provider no region pays yet: finance of any region reads it masked, auditors in full.
    expect(await accountOf('payingFinance', idle.id)).toBe('1208 **** **** 3456');
    expect(await listed('payingFinance', idle.id)).toBe('1208 **** **** 3456');
    expect(await accountOf('auditor', idle.id)).toBe(IDLE_ACCOUNT);
    // Bank and account names stay readable for everyone: only the number is secret.
    const seen = (await get(`/providers/${provider.id}`, 'enterprise').expect(200)).body.bankAccount;
    expect(seen).toEqual({ bankName: '中国农业银行金华分行', accountName: '金华检测技术有限公司', accountNo: MASKED });
  });

  it('GET /settlements and /settlements/:id: in full for finance of the batch region and auditors, masked for the other readers', async () => {
    const lineOf = (body: Body) => body.lines.find((l: Body) => l.providerId === provider.id).accountNo;
    const expected: Record<string, string> = {
      payingFinance: ACCOUNT,
      auditor: ACCOUNT,
      city_admin: MASKED,
      county_officer: MASKED,
      provider: MASKED,
    };
    for (const who of Object.keys(expected)) {
      const one = lineOf((await get(`/settlements/${batchId}`, who).expect(200)).body);
      const list = ((await get('/settlements?regionCode=330702&period=2026-03', who).expect(200)).body as Body[]).find(
        (b) => b.id === batchId,
      );
      expect({ who, one, listed: lineOf(list) }).toEqual({ who, one: expected[who], listed: expected[who] });
    }
    // Finance of another region, even one co-funding the provider, does not see the county's batch.
    for (const who of ['otherFinance', 'cofundingFinance']) {
      expectProblem(await get(`/settlements/${batchId}`, who), 404, 'NOT_FOUND');
      expect((await get('/settlements?regionCode=330702&period=2026-03', who).expect(200)).body).toEqual([]);
    }
    expectProblem(await get(`/settlements/${batchId}`, 'enterprise'), 403, 'FORBIDDEN');
  });

  it('the payment file goes only to finance of the batch region and auditors, with the account in full', async () => {
    for (const who of ['payingFinance', 'auditor']) {
      const file = await get(`/settlements/${batchId}/payment-file.csv`, who).expect(200);
      const [, row] = parseCsv(file.text.slice(1));
      expect({ who, account: row[5] }).toEqual({ who, account: ACCOUNT });
    }
    for (const who of ['city_admin', 'county_officer', 'provider', 'enterprise']) {
      expectProblem(await get(`/settlements/${batchId}/payment-file.csv`, who), 403, 'FORBIDDEN');
    }
    for (const who of ['otherFinance', 'cofundingFinance']) {
      expectProblem(await get(`/settlements/${batchId}/payment-file.csv`, who), 404, 'NOT_FOUND');
    }
    const forged = token.payingFinance.slice(0, -4) + 'AAAA';
    expectProblem(await t.http().get(`/settlements/${batchId}/payment-file.csv`).set('authorization', forged), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get(`/providers/${provider.id}`).set('authorization', forged), 401, 'UNAUTHENTICATED');
  });

  it('the answers to the writes that carry a provider or a batch follow the same rule', async () => {
    const created = await t
      .http()
      .post('/providers')
      .set('authorization', t.adminToken)
      .send(providerBody({ bankAccount: { bankName: '浙商银行', accountName: '新机构', accountNo: ACCOUNT } }))
      .expect(201);
    expect(created.body.bankAccount.accountNo).toBe(MASKED); // the city admin registers it, but does not pay it
    const status = await t
      .http()
      .post(`/providers/${idle.id}/status`)
      .set('authorization', t.adminToken)
      .send({ status: 'suspended', reason: '核查' })
      .expect(200);
    expect(status.body.bankAccount.accountNo).toBe('1208 **** **** 3456');
    const approved = await t.http().post(`/settlements/${batchId}/approve`).set('authorization', token.payingFinance).expect(200);
    expect(approved.body.lines[0].accountNo).toBe(ACCOUNT);
  });
});
