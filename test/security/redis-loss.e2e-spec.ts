import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '@ivl/core';
import { bullConnection, JOBS } from '@ivl/jobs';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { until } from '../support/polling.js';
import { DisposableRedis } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';

/**
 * Redis losing its data (a restart without persistence, a FLUSHALL) loses no work: Postgres is the
 * truth, so a dispatched job that never finished is delivered again and the job schedules come back,
 * without restarting anything. On a private redis-server: never flush the shared one.
 */
describe('Redis losing its data loses no job', () => {
  const redis = new DisposableRedis();
  let t: TestApp;
  let w: World;
  let flusher: Redis;
  let worker: INestApplicationContext | undefined;
  const queues: Queue[] = [];

  beforeAll(async () => {
    await redis.start();
    flusher = new Redis(redis.url);
    t = await startTestApp({
      now: '2026-03-05T10:00:00+08:00',
      env: { REDIS_URL: redis.url, OUTBOX_POLL_MS: '100', JOB_RECOVERY_SECONDS: '1' },
    });
    w = new World(t);
  });
  afterAll(async () => {
    await worker?.close();
    await Promise.all(queues.map((q) => q.close()));
    flusher.disconnect();
    try {
      await w.finish();
    } finally {
      await redis.stop();
    }
  });

  const queue = (name: string) => {
    const q = new Queue(name, { connection: bullConnection(t.config), prefix: t.config.redis.queuePrefix });
    queues.push(q);
    return q;
  };

  /** The worker as its own Nest context, started when the test says (the API alone dispatches). */
  async function startWorker(): Promise<INestApplicationContext> {
    const ref = await Test.createTestingModule({ imports: [WorkerModule.forRoot(t.config)] })
      .overrideProvider(Clock)
      .useValue(t.clock)
      .compile();
    return ref.init();
  }

  it('a settlement run dispatched before a FLUSHALL still completes with its batch, once, and stays final', async () => {
    const fund = await w.fund('330702', 10_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10_000 }], ratioBp: 10_000 });
    const sme = await w.enterprise({ regionCode: '330702' });
    const provider = await w.provider({ regionCode: '330702' });
    const voucher = await w.voucher(sme.token, program, 500_000);
    const redemption = await w.redeem(provider.token, { voucherCode: voucher.code, orderAmount: 120_000 }).expect(201);
    await t.http().post(`/redemptions/${redemption.body.id}/confirm`).set('authorization', sme.token).expect(200);
    const claim = await t
      .http()
      .post('/claims')
      .set('authorization', provider.token)
      .set('idempotency-key', randomUUID())
      .send({
        redemptionIds: [redemption.body.id],
        invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-05', amount: 120_000 },
        documentIds: [await w.invoiceFile(provider.token)],
      })
      .expect(201);
    await t
      .http()
      .post(`/claims/${claim.body.id}/approve`)
      .set('authorization', await w.officerOf('330702'))
      .expect(200);

    const finance = await w.financeOf('330702');
    t.clock.set('2026-04-01T09:00:00+08:00');
    const run = await t
      .http()
      .post('/settlements/runs')
      .set('authorization', finance)
      .send({ regionCode: '330702', period: '2026-03' })
      .expect(202);
    const runId = run.body.jobId as string;
    const db = t.app.get(DataSource);
    const outboxRow = async () =>
      (
        await db.query<Array<{ dispatched_at: Date | null; finished_at: Date | null }>>(
          `SELECT dispatched_at, finished_at FROM outbox WHERE job_id = $1`,
          [runId],
        )
      )[0];
    await until(outboxRow, (row) => row.dispatched_at !== null);
    const settlement = queue(JOBS.buildSettlement.queue);
    expect(await settlement.getJob(runId)).toBeDefined();

    await flusher.flushall(); // before any worker took the job
    expect(await settlement.getJob(runId)).toBeUndefined();
    worker = await startWorker();

    const done = await until(
      () => t.http().get(`/settlements/runs/${runId}`).set('authorization', finance),
      (r) => r.body.state === 'completed' || r.body.state === 'failed',
      30_000,
    );
    expect(done.body).toMatchObject({ state: 'completed' });
    expect(done.body.batchIds).toHaveLength(1);
    const batch = await t.http().get(`/settlements/${done.body.batchIds[0]}`).set('authorization', finance).expect(200);
    expect(batch.body).toMatchObject({ regionCode: '330702', period: '2026-03', sequence: 1, status: 'draft', total: 120_000 });
    expect((await until(outboxRow, (row) => row.finished_at !== null)).finished_at).not.toBeNull();

    // Redis loses the completed job too: it is finished in Postgres, so it is not delivered again.
    await flusher.flushall();
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // three recovery periods
    expect(await settlement.getJob(runId)).toBeUndefined();
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM settlement_batches WHERE run_id = $1`, [runId]);
    expect(count).toBe(1);
  });

  it('after a FLUSHALL the job schedules (expiry, month-end, close-months) come back without restarting the worker', async () => {
    worker ??= await startWorker();
    const maintenance = queue(JOBS.expireVouchers.queue);
    const settlement = queue(JOBS.monthEndSettlement.queue);
    const schedules = async () =>
      Promise.all([
        maintenance.getJobScheduler(JOBS.expireVouchers.name),
        settlement.getJobScheduler(JOBS.monthEndSettlement.name),
        maintenance.getJobScheduler(JOBS.closeMonths.name),
      ]);
    expect((await until(schedules, (s) => s.every(Boolean))).every(Boolean)).toBe(true);

    await flusher.flushall();
    expect((await schedules()).some(Boolean)).toBe(false);
    const back = await until(schedules, (s) => s.every(Boolean), 15_000);
    expect(back.map(Boolean)).toEqual([true, true, true]);
  });
});
