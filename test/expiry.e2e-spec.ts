import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExpireVouchersProcessor } from '../apps/worker/src/processors/expire-vouchers.processor.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

describe('voucher expiry in the worker', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    w = new World(t);
  });
  afterAll(() => w.finish());

  it('expires vouchers past their use deadline, cancelling pending holds first and returning the balance to the funds', async () => {
    const city = await w.fund('330700', 10_000_000);
    const county = await w.fund('330702', 10_000_000);
    const program = await w.program({
      funding: [
        { fundId: city, shareBp: 3000 },
        { fundId: county, shareBp: 7000 },
      ],
      validityDays: 30,
      ratioBp: 10000,
    });
    const sme = await w.enterprise();
    const lab = await w.provider();
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    const confirmed = await w.redeem(lab.token, { voucherCode: voucher.code, orderAmount: 200_000 }).expect(201);
    await t.http().post(`/redemptions/${confirmed.body.id}/confirm`).set('authorization', sme.token).expect(200);
    const pending = await w.redeem(lab.token, { voucherCode: voucher.code, orderAmount: 100_000 }).expect(201);
    const untouched = await w.voucher(sme.token, program, 500_000);

    // Not yet due: the end of the Shanghai day 30 days after issue is still ahead.
    t.clock.advanceDays(30);
    expect(await t.runJob('vouchers.expire')).toEqual({ expired: 0 });

    t.clock.advanceDays(1);
    expect(await t.runJob('vouchers.expire')).toEqual({ expired: 2 });
    const read = await t.http().get(`/vouchers/${voucher.code}`).set('authorization', sme.token).expect(200);
    expect(read.body).toMatchObject({ status: 'expired', balance: 0, held: 0 });
    const cancelled = await t.http().get(`/redemptions/${pending.body.id}`).set('authorization', lab.token).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const kept = await t.http().get(`/redemptions/${confirmed.body.id}`).set('authorization', lab.token).expect(200);
    expect(kept.body.status).toBe('confirmed');
    expect((await t.http().get(`/vouchers/${untouched.code}`).set('authorization', sme.token)).body.status).toBe('expired');

    // Everything but the confirmed 200,000 went back: 30% city, 70% county.
    expect(await w.fundBalances(city)).toMatchObject({ available: 10_000_000 - 60_000, vouchers: 0, held: 0, payable: 60_000 });
    expect(await w.fundBalances(county)).toMatchObject({ available: 10_000_000 - 140_000, vouchers: 0, held: 0, payable: 140_000 });
    const log = await t.http().get('/audit-log?entityType=voucher').set('authorization', t.adminToken).expect(200);
    expect(log.body.filter((e: { action: string }) => e.action === 'expire')).toHaveLength(2);
  });

  it('is safe to run concurrently: each due voucher expires once', async () => {
    const fund = await w.fund('330702', 100_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], validityDays: 10, enterpriseAnnualCap: 100_000_000 });
    const sme = await w.enterprise();
    for (let i = 0; i < 12; i++) await w.voucher(sme.token, program, 100_000);
    t.clock.advanceDays(11);
    const processor = t.worker!.get(ExpireVouchersProcessor);
    const counts = await Promise.all([processor.handle(), processor.handle(), processor.handle()]);
    expect(counts.reduce((a, b) => a + b.expired, 0)).toBe(12);
    expect(await w.fundBalances(fund)).toMatchObject({ available: 100_000_000, vouchers: 0 });
    expect(await processor.handle()).toEqual({ expired: 0 });
  });
});
