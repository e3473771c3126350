import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { until } from './support/polling.js';
import { DisposableRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

describe('jobs go through an outbox: a Redis outage loses nothing', () => {
  const redis = new DisposableRedis();
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    await redis.start();
    t = await startTestApp({ worker: true, now: '2026-04-02T10:00:00+08:00', env: { REDIS_URL: redis.url, OUTBOX_POLL_MS: '100' } });
    w = new World(t);
  });
  afterAll(async () => {
    await redis.start();
    await t.close();
    await redis.stop();
  });

  it('answers requests while Redis is down, keeps their jobs in the outbox, and delivers them when Redis is back', async () => {
    await w.fund('330702', 1_000_000);
    const finance = await w.financeOf('330702');
    await redis.stop();

    const health = await t.http().get('/health');
    expect(health.status).toBe(503);
    expect(health.body.code).toBe('SERVICE_UNAVAILABLE');

    const runs = [];
    for (const period of ['2026-01', '2026-02', '2026-03']) {
      const response = await t.http().post('/settlements/runs').set('authorization', finance).send({ regionCode: '330702', period });
      expect(response.status).toBe(202);
      runs.push(response.body.jobId as string);
    }
    const db = t.app.get(DataSource);
    interface Row {
      job_id: string;
      attempts: number;
    }
    const pending = await until(
      (): Promise<Row[]> => db.query(`SELECT job_id, attempts FROM outbox WHERE dispatched_at IS NULL ORDER BY id`),
      (rows) => rows.length === 3 && rows[0].attempts > 0,
    );
    expect(pending.map((r) => r.job_id)).toEqual(runs);
    expect(pending[0].attempts).toBeGreaterThan(0);
    for (const id of runs) expect((await t.http().get(`/settlements/runs/${id}`).set('authorization', finance)).body.state).toBe('waiting');

    await redis.start();
    for (const id of runs) {
      const run = await until(
        () => t.http().get(`/settlements/runs/${id}`).set('authorization', finance),
        (r) => r.body.state === 'completed',
        30_000,
      );
      expect(run.body).toMatchObject({ state: 'completed', batchIds: [] });
    }
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM outbox WHERE dispatched_at IS NULL`);
    expect(count).toBe(0);
    await t.http().get('/health').expect(200);
  });
});
