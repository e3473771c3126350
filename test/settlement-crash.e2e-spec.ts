import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SettlementService } from '@ivl/settlement';
import { until } from './support/polling.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/** Builds a small month: `n` confirmed, claimed and approved redemptions of one provider in 330702. */
async function approvedMonth(t: TestApp, w: World, n: number): Promise<number> {
  const fund = await w.fund('330702', 100_000_000);
  const program = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000, enterpriseAnnualCap: 100_000_000 });
  const sme = await w.enterprise();
  const lab = await w.provider();
  const voucher = await w.voucher(sme.token, program, 10_000_000);
  let total = 0;
  for (let i = 1; i <= n; i++) {
    const r = await w.redeem(lab.token, { voucherCode: voucher.code, orderAmount: 1000 * i }).expect(201);
    await t.http().post(`/redemptions/${r.body.id}/confirm`).set('authorization', sme.token).expect(200);
    const claim = await t
      .http()
      .post('/claims')
      .set('authorization', lab.token)
      .set('idempotency-key', randomUUID())
      .send({
        redemptionIds: [r.body.id],
        invoice: { number: `C${i}-${randomUUID().slice(0, 6)}`, date: '2026-03-11', amount: 1000 * i },
        documentIds: [await w.invoiceFile(lab.token)],
      })
      .expect(201);
    await t
      .http()
      .post(`/claims/${claim.body.id}/approve`)
      .set('authorization', await w.officerOf('330702'))
      .expect(200);
    total += 1000 * i;
  }
  return total;
}

async function batchesOf(t: TestApp, token: string, period: string): Promise<Array<{ id: string; total: number }>> {
  return (await t.http().get(`/settlements?regionCode=330702&period=${period}`).set('authorization', token).expect(200)).body;
}

describe('settlement builds are atomic and idempotent', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-11T10:00:00+08:00' });
    w = new World(t);
    db = t.app.get(DataSource);
  });
  afterAll(() => w.finish());

  it('leaves nothing behind when the build crashes before commit, and the retry builds the same batch', async () => {
    const total = await approvedMonth(t, w, 5);
    t.clock.set('2026-04-01T01:00:00+08:00');
    const service = t.app.get(SettlementService);
    const runId = randomUUID();
    await db.query(
      `INSERT INTO settlement_runs (id, region_code, period, state, created_at) VALUES ($1, '330702', '2026-03', 'waiting', now())`,
      [runId],
    );

    await expect(
      db.transaction(async (manager) => {
        const built = await service.buildIn(manager, runId);
        expect(built).toHaveLength(1);
        throw new Error('the worker died here');
      }),
    ).rejects.toThrow('the worker died here');
    const [{ batches, items, moved }] = await db.query(
      `SELECT (SELECT count(*)::int FROM settlement_batches) AS batches, (SELECT count(*)::int FROM settlement_items) AS items,
              (SELECT count(*)::int FROM ledger_transactions WHERE kind = 'batch') AS moved`,
    );
    expect({ batches, items, moved }).toEqual({ batches: 0, items: 0, moved: 0 });

    // The same job twice at once: one batch, both answers name it.
    const [first, second] = await Promise.all([service.build(runId), service.build(runId)]);
    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
    const finance = await w.financeOf('330702');
    const listed = await batchesOf(t, finance, '2026-03');
    expect(listed.map((b) => [b.id, b.total])).toEqual([[first[0], total]]);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM settlement_items`);
    expect(count).toBe(5);
    // The run keeps its batch, however the two deliveries interleaved, and a late third delivery changes nothing.
    const runOf = async () =>
      (await db.query(`SELECT state, batch_ids::text[] AS "batchIds" FROM settlement_runs WHERE id = $1`, [runId]))[0];
    expect(await runOf()).toEqual({ state: 'completed', batchIds: first });
    expect(await service.build(runId)).toEqual(first);
    expect(await runOf()).toEqual({ state: 'completed', batchIds: first });
    t.clock.set('2026-03-11T10:00:00+08:00');
  });
});

describe('a worker killed in the middle of a batch', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: t.config.database.url,
        REDIS_URL: t.config.redis.url,
        QUEUE_PREFIX: t.config.redis.queuePrefix,
        WORKER_LOCK_MS: '1000',
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-11T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const running = workers.filter((c) => c.exitCode === null && c.signalCode === null);
    await Promise.all(running.map((c) => new Promise((r) => c.once('exit', r))));
    await w.expectLedgerBalanced();
    await t.close();
  });

  it('rolls the half-built batch back; the retried job builds it whole, once', async () => {
    const total = await approvedMonth(t, w, 4);
    t.clock.set('2026-04-02T09:00:00+08:00');
    const finance = await w.financeOf('330702');

    // Hold the lines table so the build stops mid-transaction, after its batch and items are written.
    const blocker = db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('LOCK TABLE settlement_lines IN ACCESS EXCLUSIVE MODE');

    const victim = startWorker();
    const run = await t
      .http()
      .post('/settlements/runs')
      .set('authorization', finance)
      .send({ regionCode: '330702', period: '2026-03' })
      .expect(202);
    const stuck = await until(
      () =>
        db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO settlement_lines%'`,
        ),
      (rows: Array<{ n: number }>) => rows[0].n > 0,
      30_000,
    );
    expect(stuck[0].n).toBe(1);
    expect((await t.http().get(`/settlements/runs/${run.body.jobId}`).set('authorization', finance)).body.state).toBe('active');

    victim.kill('SIGKILL');
    await new Promise((resolve) => victim.once('exit', resolve));
    await blocker.rollbackTransaction();
    await blocker.release();
    // The dead worker's transaction never committed: no batch, no items, no ledger movement.
    await until(
      () =>
        db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'INSERT INTO settlement_lines%' AND state <> 'idle'`),
      (rows: Array<{ n: number }>) => rows[0].n === 0,
    );
    const [{ batches }] = await db.query(`SELECT count(*)::int AS batches FROM settlement_batches`);
    expect(batches).toBe(0);

    startWorker();
    const done = await until(
      () => t.http().get(`/settlements/runs/${run.body.jobId}`).set('authorization', finance),
      (r) => r.body.state === 'completed',
      45_000,
    );
    expect(done.body.batchIds).toHaveLength(1);
    const listed = await batchesOf(t, finance, '2026-03');
    expect(listed.map((b) => [b.id, b.total])).toEqual([[done.body.batchIds[0], total]]);
    const [{ parts, distinct }] = await db.query(
      `SELECT count(*)::int AS parts, count(DISTINCT claim_part_id)::int AS distinct FROM settlement_items`,
    );
    expect({ parts, distinct }).toEqual({ parts: 4, distinct: 4 });
  });
});
