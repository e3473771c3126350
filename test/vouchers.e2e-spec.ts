import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

describe('funds, programs, applications and vouchers', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(async () => {
    await w.expectLedgerBalanced();
    await t.close();
  });

  it('issues a co-funded voucher, splitting the face value by share with the leftover fen to the largest remainder', async () => {
    const city = await w.fund('330700', 100_000_00);
    const county = await w.fund('330702', 100_000_00);
    const program = await w.program({ funding: [{ fundId: city, shareBp: 3000 }, { fundId: county, shareBp: 7000 }] });
    const sme = await w.enterprise();
    const voucher = await w.voucher(sme.token, program, 1_000_001);
    expect(voucher).toMatchObject({ faceValue: 1_000_001, balance: 1_000_001, status: 'active' });
    const read = await t.http().get(`/vouchers/${voucher.code}`).set('authorization', sme.token).expect(200);
    expect(read.body.funding).toEqual([
      { fundId: city, faceValue: 300_000, balance: 300_000 },
      { fundId: county, faceValue: 700_001, balance: 700_001 },
    ]);
    expect(read.body.held).toBe(0);
    expect(read.body.validUntil).toBe('2026-09-06T23:59:59.999+08:00');
    expect(await w.fundBalances(city)).toMatchObject({ allocated: 100_000_00, available: 100_000_00 - 300_000, vouchers: 300_000 });
    expect(await w.fundBalances(county)).toMatchObject({ available: 100_000_00 - 700_001, vouchers: 700_001 });
  });
});
