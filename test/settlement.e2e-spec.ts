import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { until } from './support/polling.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

describe('claims, settlement and reconciliation: a month in two regions', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-05T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
  });
  afterAll(() => w.finish());

  it('settles a co-funded month per funding region, pays, returns a line into the next batch, and reconciles', async () => {
    const city = await w.fund('330700', 50_000_000);
    const wucheng = await w.fund('330702', 50_000_000);
    const program = await w.program({
      funding: [
        { fundId: city, shareBp: 3000 },
        { fundId: wucheng, shareBp: 7000 },
      ],
      ratioBp: 10000,
    });
    const sme = await w.enterprise({ regionCode: '330702' });
    const local = await w.provider({ regionCode: '330702' });
    const yiwu = await w.provider({ regionCode: '330782' });
    const voucher = await w.voucher(sme.token, program, 1_000_000);

    const redeem = async (provider: { token: string }, amount: number) => {
      const r = await w.redeem(provider.token, { voucherCode: voucher.code, orderAmount: amount }).expect(201);
      await t.http().post(`/redemptions/${r.body.id}/confirm`).set('authorization', sme.token).expect(200);
      return r.body.id as string;
    };
    const a = await redeem(local, 100_001);
    const b = await redeem(yiwu, 200_000);

    const claim = async (provider: { token: string }, ids: string[], amount: number) => {
      const c = await t
        .http()
        .post('/claims')
        .set('authorization', provider.token)
        .set('idempotency-key', randomUUID())
        .send({
          redemptionIds: ids,
          invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-05', amount },
          documentIds: [await w.invoiceFile(provider.token)],
        })
        .expect(201);
      await t
        .http()
        .post(`/claims/${c.body.id}/approve`)
        .set('authorization', await w.officerOf('330702'))
        .expect(200);
      return c.body.id;
    };
    await claim(local, [a], 100_001);
    await claim(yiwu, [b], 200_000);

    const finance = await w.financeOf('330702');
    t.clock.set('2026-04-01T09:00:00+08:00');
    const run = await t
      .http()
      .post('/settlements/runs')
      .set('authorization', finance)
      .send({ regionCode: '330702', period: '2026-03' })
      .expect(202);
    const done = await until(
      () => t.http().get(`/settlements/runs/${run.body.jobId}`).set('authorization', finance),
      (r) => r.body.state === 'completed' || r.body.state === 'failed',
    );
    expect(done.body).toMatchObject({ state: 'completed' });
    const [batchId] = done.body.batchIds;
    const batch = await t.http().get(`/settlements/${batchId}`).set('authorization', finance).expect(200);
    // 70% of each subsidy is the county fund's: 70,000.7 → 70,001 (largest remainder), 140,000.
    expect(batch.body).toMatchObject({ regionCode: '330702', period: '2026-03', sequence: 1, status: 'draft', total: 70_001 + 140_000 });
    expect(batch.body.lines.map((l: { providerId: string; amount: number }) => [l.providerId, l.amount]).sort()).toEqual(
      [
        [local.id, 70_001],
        [yiwu.id, 140_000],
      ].sort(),
    );

    await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).expect(200);
    await t
      .http()
      .post(`/settlements/${batchId}/lines/${yiwu.id}/return`)
      .set('authorization', finance)
      .send({ reason: '账户已销户' })
      .expect(200);
    const paid = await t
      .http()
      .post(`/settlements/${batchId}/pay`)
      .set('authorization', finance)
      .send({ paymentReference: 'ICBC-0401' })
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', total: 70_001 });
    const file = await t.http().get(`/settlements/${batchId}/payment-file.csv`).set('authorization', finance).expect(200);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    expect(file.text).toContain('"700.01"');
    expect(file.text).not.toContain(yiwu.uscc);

    const again = await t
      .http()
      .post('/settlements/runs')
      .set('authorization', finance)
      .send({ regionCode: '330702', period: '2026-04' })
      .expect(202);
    const second = await until(
      () => t.http().get(`/settlements/runs/${again.body.jobId}`).set('authorization', finance),
      (r) => r.body.state === 'completed',
    );
    const next = await t.http().get(`/settlements/${second.body.batchIds[0]}`).set('authorization', finance).expect(200);
    expect(next.body.lines).toEqual([expect.objectContaining({ providerId: yiwu.id, amount: 140_000 })]);

    const rec = await t.http().get('/reconciliation/330702/2026-04').set('authorization', finance).expect(200);
    expect(rec.body.balanced).toBe(true);
    expect(rec.body.classes.paid.movements.paid).toBe(70_001);
    const march = await t.http().get('/reconciliation/330702/2026-03').set('authorization', finance).expect(200);
    expect(march.body.classes.available.movements).toMatchObject({ allocated: 50_000_000, issued: -700_000 });
    expect(march.body.byProviderRegion).toEqual([
      { regionCode: '330702', confirmed: 70_001, paid: 0 },
      { regionCode: '330782', confirmed: 140_000, paid: 0 },
    ]);
    const csv = await t.http().get('/reconciliation/330702/2026-03.csv').set('authorization', finance).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const xlsx = await t.http().get('/reconciliation/330702/2026-03.xlsx').set('authorization', finance).buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('registers the month-end job for the 1st at 01:00 Asia/Shanghai, which settles every funding region', async () => {
    const { Queue } = await import('bullmq');
    const { bullConnection } = await import('@ivl/jobs');
    const queue = new Queue('settlement', { connection: bullConnection(t.config), prefix: t.config.redis.queuePrefix });
    try {
      const scheduler = await queue.getJobScheduler('settlement.month-end');
      expect(scheduler).toMatchObject({ pattern: '0 0 1 1 * *', tz: 'Asia/Shanghai' });
    } finally {
      await queue.close();
    }

    t.clock.set('2026-04-10T10:00:00+08:00');
    const fund = await w.fund('330703', 10_000_000);
    const program = await w.program({ issuerRegionCode: '330703', funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000 });
    const sme = await w.enterprise({ regionCode: '330703' });
    const lab = await w.provider({ regionCode: '330703' });
    const voucher = await w.voucher(sme.token, program, 500_000);
    const r = await w.redeem(lab.token, { voucherCode: voucher.code, orderAmount: 123_456 }).expect(201);
    await t.http().post(`/redemptions/${r.body.id}/confirm`).set('authorization', sme.token).expect(200);
    const c = await t
      .http()
      .post('/claims')
      .set('authorization', lab.token)
      .set('idempotency-key', randomUUID())
      .send({
        redemptionIds: [r.body.id],
        invoice: { number: 'ME-1', date: '2026-04-10', amount: 123_456 },
        documentIds: [await w.invoiceFile(lab.token)],
      })
      .expect(201);
    await t
      .http()
      .post(`/claims/${c.body.id}/approve`)
      .set('authorization', await w.officerOf('330703'))
      .expect(200);

    t.clock.set('2026-05-01T01:00:00+08:00');
    const result = (await t.runJob('settlement.month-end')) as Record<string, string[]>;
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['330703']));
    expect(result['330703']).toHaveLength(1);
    const finance = await w.financeOf('330703');
    const batches = await t.http().get('/settlements?regionCode=330703&period=2026-04').set('authorization', finance).expect(200);
    expect(batches.body).toEqual([expect.objectContaining({ sequence: 1, total: 123_456, status: 'draft' })]);
    // Firing again (a retry, or a second scheduler tick) builds nothing new.
    const again = (await t.runJob('settlement.month-end')) as Record<string, string[]>;
    expect(again['330703']).toEqual(result['330703']);
  });
});
