import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { LedgerService } from '@ivl/ledger';
import { TransactionRunner } from '@ivl/database';
import { rowsAndIssueSql, holdsAndConfirmsSql, setupSql, TEMP_TABLES, worldSize, type GenerateOptions } from '../bench/scale/generate.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { databaseUrl } from './support/test-databases.js';
import type { Body as Json } from './support/bodies.js';

/**
 * Closed days (issue 16): the open month's reconciliation, the dashboard and the city screen read the
 * days the job reconciliation.close-days stored instead of the month's entries, and answer exactly what the
 * entries alone answer — on a generated month (the scale bench's generator, small), for the city and
 * a county, with days closed late, twice at once, after closed months, and with movements (payments
 * included) before and after the last closed day.
 */
const PERIOD = '2026-03';
const REGIONS = ['330700', '330782'] as const;
const PERIODS = ['2026-02', PERIOD] as const;

describe('closed days', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-09T12:00:00+08:00' });
    db = t.app.get(DataSource);
    const o: GenerateOptions = {
      database: t.databaseName,
      parts: 480,
      chunkVouchers: 40,
      providersPerRegion: 2,
      period: PERIOD,
      vacuum: 'none',
    };
    const size = worldSize(o.parts, o.providersPerRegion);
    const client = new pg.Client({ connectionString: databaseUrl(t.databaseName) });
    await client.connect();
    try {
      await client.query(setupSql(o, size));
      await client.query(TEMP_TABLES);
      for (let lo = 0; lo < size.vouchers; lo += o.chunkVouchers) {
        const hi = Math.min(size.vouchers, lo + o.chunkVouchers);
        await client.query(rowsAndIssueSql(o, size, lo, hi));
        await client.query(holdsAndConfirmsSql(o, size, lo, hi));
      }
    } finally {
      await client.end();
    }
  });
  afterAll(() => t.close());

  /** Settles (batch, then pay) half of what `count` providers are owed in the city's and a county's funds, at `at`. */
  const payProviders = async (at: string, count: number, offset: number) => {
    const owed: Array<{ fund_id: string; owner: string; balance: string }> = await db.query(
      `SELECT fund_id, owner, balance::text FROM ledger_accounts
        WHERE class = 'payable' AND balance > 1 AND owner IN (
          SELECT owner FROM ledger_accounts WHERE class = 'payable' AND balance > 1 GROUP BY owner ORDER BY owner OFFSET $2 LIMIT $1)
        ORDER BY owner, fund_id`,
      [count, offset],
    );
    expect(owed.length).toBeGreaterThanOrEqual(count);
    const ledger = t.app.get(LedgerService);
    const moves = (from: 'payable' | 'in_settlement', to: 'in_settlement' | 'paid') =>
      owed.map((a) => ({
        fundId: a.fund_id,
        amount: BigInt(a.balance) / 2n,
        from: { class: from, providerId: a.owner },
        to: { class: to, providerId: a.owner },
      }));
    await t.app.get(TransactionRunner).run(async (m) => {
      await ledger.post(m, { kind: 'batch', at: new Date(at), reference: `test-batch-${at}`, moves: moves('payable', 'in_settlement') });
      await ledger.post(m, { kind: 'pay', at: new Date(at), reference: `test-pay-${at}`, moves: moves('in_settlement', 'paid') });
    });
  };

  /** The reports the closed days serve: the reconciliation of the city and a county (February, March), the dashboards of 2026. */
  const reports = async (): Promise<Record<string, Json>> => {
    const result: Record<string, Json> = {};
    for (const region of REGIONS) {
      for (const period of PERIODS)
        result[`${region} ${period}`] = (
          await t.http().get(`/reconciliation/${region}/${period}`).set('authorization', t.adminToken).expect(200)
        ).body;
      result[`${region} dashboard`] = (await t.http().get(`/dashboard/${region}/2026`).set('authorization', t.adminToken).expect(200)).body;
    }
    // The city screen without its `asOf` (the clock moves between the reads compared).
    const { asOf, ...screen } = (await t.http().get('/dashboard/city/2026').set('authorization', t.adminToken).expect(200)).body;
    expect(asOf).toBe(t.clock.now().toISOString());
    result['city screen'] = screen;
    return result;
  };

  const TABLES = ['reconciliation_day_providers', 'reconciliation_day_totals', 'reconciliation_days'] as const;

  /**
   * The reports as the entries alone answer them: the closed days (those matching `which`, by
   * default all) are set aside (triggers off) while they are read, then put back.
   */
  const fromEntries = async (which = 'true'): Promise<Record<string, Json>> => {
    await db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      for (const table of TABLES)
        await m.query(`CREATE TABLE kept_${table} AS SELECT * FROM ${table} WHERE ${which}; DELETE FROM ${table} WHERE ${which}`);
    });
    try {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM reconciliation_days WHERE ${which}`);
      expect(n).toBe(0);
      return await reports();
    } finally {
      await db.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        for (const table of [...TABLES].reverse())
          await m.query(`INSERT INTO ${table} SELECT * FROM kept_${table}; DROP TABLE kept_${table}`);
      });
    }
  };

  const days = (from: string, to: string) => {
    const result: string[] = [];
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000))
      result.push(d.toISOString().slice(0, 10));
    return result;
  };

  it('answers the open month and the dashboard from closed days exactly as from the entries, for the city and a county', async () => {
    // A payment inside a day that will be closed.
    await payProviders('2026-03-06T15:00:00+08:00', 3, 0);
    const before = await reports();
    expect(before['330700 2026-03'].counts.providersPaid).toBe(3);
    expect(before['330700 2026-03'].counts.enterprisesServed).toBeGreaterThan(0);
    // The city screen has every kind of figure to compare: complexes ranked, flows across regions, payments.
    const screen = before['city screen'];
    expect(screen.totals).toMatchObject({ providersPaid: 3 });
    expect(screen.totals.enterprisesServed).toBeGreaterThan(0);
    expect(screen.totals.crossRegionUsed).toBeGreaterThan(0);
    expect((screen.topComplexes as Json[]).length).toBeGreaterThan(0);
    expect((screen.flows as Json[]).filter((f) => f.paid > 0).length).toBeGreaterThan(0);
    expect((screen.regions as Json[]).filter((r) => r.redemptions > 0).length).toBeGreaterThan(1);
    for (const region of REGIONS) expect(before[`${region} ${PERIOD}`].balanced).toBe(true);
    expect(await fromEntries()).toEqual(before);

    // The job has not run since the first entry (14 February): its first run catches up, up to the
    // last day that ended 30 minutes ago (at 00:20 on 10 March, 9 March has not).
    t.clock.set('2026-03-10T00:20:00+08:00');
    const first = (await t.runJob('reconciliation.close-days')) as Record<string, string[]>;
    expect(Object.keys(first).sort()).toEqual([
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
    for (const region of REGIONS) expect(first[region]).toEqual(days('2026-02-14', '2026-03-08'));
    expect(await reports()).toEqual(before);

    // Twice at once: each region's 9 March is closed by exactly one run.
    t.clock.set('2026-03-10T00:40:00+08:00');
    const [a, b] = (await Promise.all([t.runJob('reconciliation.close-days'), t.runJob('reconciliation.close-days')])) as Array<
      Record<string, string[]>
    >;
    for (const region of REGIONS) expect([...a[region], ...b[region]]).toEqual(['2026-03-09']);
    expect(await t.runJob('reconciliation.close-days')).toMatchObject({ '330700': [], '330782': [] });
    // February closes as a month: March opens from it, then from its closed days.
    expect(await t.runJob('reconciliation.close-months')).toMatchObject({ '330700': ['2026-02'], '330782': ['2026-02'] });
    expect(await reports()).toEqual(before);

    // A late run after days were missed (10 to 24 March), then movements after the last closed day.
    t.clock.set('2026-03-25T10:00:00+08:00');
    const late = (await t.runJob('reconciliation.close-days')) as Record<string, string[]>;
    for (const region of REGIONS) expect(late[region]).toEqual(days('2026-03-10', '2026-03-24'));
    expect(await reports()).toEqual(before);
    await payProviders('2026-03-25T11:00:00+08:00', 2, 2); // one provider paid again, one new
    const after = await reports();
    expect(after['330700 2026-03'].counts.providersPaid).toBe(4);
    expect(after['330700 2026-03']).not.toEqual(before['330700 2026-03']);
    expect(after['city screen'].totals.providersPaid).toBe(4);
    expect(after['city screen'].totals.paid).toBeGreaterThan(before['city screen'].totals.paid);
    expect(after).toEqual(await fromEntries());
    // Regions closed to different days (a county's days not closed yet, or closed less far than the
    // city's): the city screen reads each funding region up to its own last closed day.
    for (const which of [
      `region_code = '330782' AND day >= '2026-03-01'`,
      `region_code = '330782'`,
      `region_code = '330700' AND day >= '2026-03-20'`,
    ])
      expect(await fromEntries(which)).toEqual(after);
    for (const region of REGIONS) {
      const report = after[`${region} ${PERIOD}`];
      expect(report.balanced).toBe(true);
      for (const c of Object.values(report.classes as Record<string, Json>)) expect(c.consistent).toBe(true);
    }

    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM reconciliation_days WHERE region_code = '330700' AND scope = 'region' AND day >= '2026-03-01'`,
    );
    expect(n).toBe(24);
  });

  it('reads the closed days (a day total changed behind the application shows in the open month), which are append-only', async () => {
    await expect(db.query(`UPDATE reconciliation_day_totals SET amount = amount + 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM reconciliation_days`)).rejects.toThrow(/append-only/);
    const read = async () => ({
      county: (await t.http().get(`/reconciliation/330782/${PERIOD}`).set('authorization', t.adminToken).expect(200)).body,
      city: (await t.http().get('/dashboard/330700/2026').set('authorization', t.adminToken).expect(200)).body,
      screen: (await t.http().get('/dashboard/city/2026').set('authorization', t.adminToken).expect(200)).body,
    });
    const issued = (r: Awaited<ReturnType<typeof read>>) => ({
      county: Number(r.county.classes.vouchers.movements.issued),
      city: Number((r.city.months as Json[]).find((m) => m.period === PERIOD)?.issued),
      screen: Number(r.screen.totals.issued),
      screenCounty: Number((r.screen.regions as Json[]).find((g) => g.regionCode === '330782')?.issued),
    });
    const honest = await read();
    const tamper = (delta: number) =>
      db.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(
          `UPDATE reconciliation_day_totals SET amount = amount + $1
            WHERE ((region_code = '330782' AND scope = 'region') OR (region_code = '330700' AND scope = 'tree'))
              AND day = '2026-03-04' AND class = 'vouchers' AND kind = 'issue'`,
          [delta],
        );
      });
    await tamper(100);
    try {
      const changed = issued(await read());
      expect(changed).toEqual({
        county: issued(honest).county + 100,
        city: issued(honest).city + 100,
        screen: issued(honest).screen + 100,
        screenCounty: issued(honest).screenCounty + 100,
      });
    } finally {
      await tamper(-100);
    }
    expect(await read()).toEqual(honest);
  });
});
