import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { ChainSealer } from '@ivl/chain';
import type { Body as Json } from './support/bodies.js';
import { binary } from './support/files.js';
import { until } from './support/polling.js';
import { databaseUrl } from './support/test-databases.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/*
 * Tamper evidence (docs/domain.md "Tamper evidence", docs/api.md "Public notice and objections"):
 * a month of business sealed day by day, anchors published and stable, rows committed out of xid
 * order, concurrent redemptions while sealing, an outsider's check of the anchors, and a superuser
 * who tampers with the triggers off, each change named by the verify.
 */

const run = promisify(execFile);
const ZERO = Buffer.alloc(32);

interface Problem {
  source: string;
  id: string | null;
  sequence: number | null;
  problem: string;
}

describe('hash chain, anchors and verify', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;
  let sealer: ChainSealer;
  let provider: { id: string; token: string };
  let sme: { id: string; token: string };
  let voucherCode: string;
  let marchAnchors: Json[];
  const activityDays: string[] = [];

  const count = async (sql: string): Promise<number> => Number((await db.query(sql))[0].n);
  const rows = () => count(`SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM ledger_transactions) AS n`);
  const seals = () => count(`SELECT count(*) AS n FROM chain_seals`);

  /**
   * Seals until every committed row is sealed. The sealer only seals below the cluster's oldest
   * running transaction, so another database's long transaction can hold it back for a while: poll.
   */
  async function sealAll(): Promise<void> {
    const done = await until(
      async () => {
        await sealer.run();
        return { seals: await seals(), rows: await rows() };
      },
      (c) => c.seals === c.rows,
      60_000,
    );
    expect(done.seals).toBe(done.rows);
  }

  const verify = async () => (await t.http().get('/ledger/verify').set('authorization', t.adminToken).expect(200)).body;
  const anchors = async (from: string, to: string) =>
    (await t.http().get(`/public/ledger-anchors?from=${from}&to=${to}`).expect(200)).body as Json[];

  async function redeemAndConfirm(orderAmount: number): Promise<void> {
    const redemption = await w.redeem(provider.token, { voucherCode, orderAmount }).expect(201);
    await t.http().post(`/redemptions/${redemption.body.id}/confirm`).set('authorization', sme.token).expect(200);
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-01T09:00:00+08:00' });
    w = new World(t);
    db = t.app.get(DataSource);
    sealer = t.app.get(ChainSealer);
    const fund = await w.fund('330702', 500_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10_000 }] });
    sme = await w.enterprise();
    provider = await w.provider();
    voucherCode = (await w.voucher(sme.token, program, 5_000_000)).code as string;
    await sealAll();
    activityDays.push('2026-03-01');
    // A month of business: redemptions every third day, sealed as the worker would, each day.
    for (let day = 3; day <= 30; day += 3) {
      const date = `2026-03-${String(day).padStart(2, '0')}`;
      t.clock.set(`${date}T10:00:00+08:00`);
      await redeemAndConfirm(10_000 + day);
      await redeemAndConfirm(20_000 + day);
      await sealAll();
      activityDays.push(date);
    }
    t.clock.set('2026-04-01T08:00:00+08:00');
    await sealAll();
  });
  afterAll(() => t.close());

  it('verifies the chain of a month: every ledger transaction and audit entry sealed, none broken', async () => {
    const report = await verify();
    expect(report.balanced).toBe(true);
    expect(report.chain).toMatchObject({ ok: true, problems: [] });
    expect(report.chain.sealsChecked).toBe(await rows());
    expect(report.chain.sealedThrough.sequence).toBe(await rows());
    // Independent oracle: an audit entry's seal is SHA-256 of the previous seal's hash (32 zero bytes
    // before the first) and the entry's documented JSON, written here from its columns.
    const [seal] = await db.query(
      `SELECT s.row_id, s.hash, coalesce((SELECT p.hash FROM chain_seals p WHERE p.sequence = s.sequence - 1), $1) AS previous
         FROM chain_seals s WHERE s.source = 'audit' ORDER BY s.sequence LIMIT 1`,
      [ZERO],
    );
    const [row] = await db.query(
      `SELECT id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor_id::text, actor_role,
              entity_type, entity_id, action, from_state, to_state, reason, region_code::text, provider_id::text,
              enterprise_id::text, data::text, created_xid::text FROM audit_log WHERE id = $1`,
      [seal.row_id],
    );
    const bytes = Buffer.from(JSON.stringify(['audit', ...Object.values(row)]), 'utf8');
    expect(createHash('sha256').update(seal.previous).update(bytes).digest().toString('hex')).toBe(seal.hash.toString('hex'));
    // Seals follow commit order: row xids never go down along the sequence.
    expect(
      await count(
        `SELECT count(*) AS n FROM (SELECT row_xid < lag(row_xid) OVER (ORDER BY sequence) AS down FROM chain_seals) s WHERE down`,
      ),
    ).toBe(0);
  });

  it("publishes one anchor per day with seals: the day's last seal", async () => {
    marchAnchors = await anchors('2026-03-01', '2026-03-31');
    expect(marchAnchors.map((a) => a.date)).toEqual(activityDays);
    for (const a of marchAnchors) {
      const [seal] = await db.query(
        `SELECT sequence, encode(hash, 'hex') AS hash, (sealed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day
           FROM chain_seals WHERE (sealed_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date ORDER BY sequence DESC LIMIT 1`,
        [a.date],
      );
      expect(a).toEqual({ date: a.date, sequence: Number(seal.sequence), hash: seal.hash });
      expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Today (April 1st) is not over: no anchor yet.
    expect(await anchors('2026-04-01', '2026-04-30')).toEqual([]);
  });

  it('keeps the anchors when the job runs twice or late', async () => {
    await sealer.run();
    await sealer.run();
    t.clock.set('2026-04-03T12:00:00+08:00');
    await redeemAndConfirm(30_001);
    await sealAll();
    await sealer.run();
    expect(await anchors('2026-03-01', '2026-03-31')).toEqual(marchAnchors);
    // No seal on April 1st (nothing new), April 3rd not over yet: no April anchor.
    expect(await anchors('2026-04-01', '2026-04-30')).toEqual([]);
    // The job runs a day late: April 3rd gets its anchor, once.
    t.clock.set('2026-04-05T12:00:00+08:00');
    await sealer.run();
    await sealer.run();
    const april = await anchors('2026-04-01', '2026-04-30');
    expect(april.map((a) => a.date)).toEqual(['2026-04-03']);
    expect(april[0].sequence).toBe(await seals());
    expect(await anchors('2026-03-01', '2026-03-31')).toEqual(marchAnchors);
  });

  it('answers the anchors without a token, and refuses bad dates with 400', async () => {
    expectProblem(await t.http().get('/public/ledger-anchors?from=2026-02-30&to=2026-03-31'), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/public/ledger-anchors?from=2026-03-31&to=2026-03-01'), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/public/ledger-anchors?from=2020-01-01&to=2026-03-01'), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/public/ledger-anchors?from=x&to=2026-03-01'), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/public/ledger-anchors'), 400, 'VALIDATION_FAILED');
  });

  it('seals rows committed out of xid order in commit-safe order', async () => {
    const a = db.createQueryRunner();
    const b = db.createQueryRunner();
    const insert = `INSERT INTO audit_log (at, entity_type, entity_id, action) VALUES (now(), 'test', $1, 'order') RETURNING id::text, created_xid::text`;
    try {
      await a.startTransaction();
      await b.startTransaction();
      const [first] = await a.query(insert, ['first']);
      const [second] = await b.query(insert, ['second']);
      expect(BigInt(first.created_xid)).toBeLessThan(BigInt(second.created_xid));
      await b.commitTransaction();
      await sealer.run();
      // The later xid committed first, but an open transaction precedes it: it waits.
      expect(await count(`SELECT count(*) AS n FROM chain_seals WHERE source = 'audit' AND row_id = ${second.id}`)).toBe(0);
      await a.commitTransaction();
      await sealAll();
      const sequences = await db.query(
        `SELECT row_id::text, sequence FROM chain_seals WHERE source = 'audit' AND row_id IN (${first.id}, ${second.id}) ORDER BY sequence`,
      );
      expect(sequences.map((s: { row_id: string }) => s.row_id)).toEqual([first.id, second.id]);
    } finally {
      await a.release();
      await b.release();
    }
    expect((await verify()).chain).toMatchObject({ ok: true, problems: [] });
  });

  it('never breaks the chain with redemptions running while it seals', async () => {
    const state = { sealing: true };
    const loop = (async () => {
      while (state.sealing) await sealer.run(50);
    })();
    try {
      await Promise.all(Array.from({ length: 12 }, (_, i) => redeemAndConfirm(1_000 + i)));
    } finally {
      state.sealing = false;
      await loop;
    }
    await sealAll();
    const report = await verify();
    expect(report.balanced).toBe(true);
    expect(report.chain).toMatchObject({ ok: true, problems: [] });
  });

  it('lets an outsider check the published anchors against a saved JSON or a reconciliation CSV', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    const saved = join(dir, 'anchors.json');
    writeFileSync(saved, JSON.stringify(marchAnchors));
    const tool = (file: string) =>
      run(process.execPath, ['tools/verify-anchors.mjs', url, file]).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: unknown) => ({ code: (e as { code: number }).code, out: (e as { stdout: string }).stdout }),
      );
    expect(await tool(saved)).toEqual({ code: 0, out: `all ${marchAnchors.length} anchors match\n` });

    const finance = (await createUser(t, 'finance', { regionCode: '330702' })).token;
    const csv = await t.http().get('/reconciliation/330702/2026-03.csv').set('authorization', finance).expect(200);
    expect(csv.text).toContain('账本锚点');
    const exported = join(dir, 'reconciliation.csv');
    writeFileSync(exported, csv.text);
    expect(await tool(exported)).toEqual({ code: 0, out: `all ${marchAnchors.length} anchors match\n` });
    const json = await t.http().get('/reconciliation/330702/2026-03').set('authorization', finance).expect(200);
    expect(json.body.anchors).toEqual(marchAnchors);
    const xlsx = await t
      .http()
      .get('/reconciliation/330702/2026-03.xlsx')
      .set('authorization', finance)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.getWorksheet('账本锚点');
    const sheetRows: unknown[][] = [];
    sheet?.eachRow((r) => sheetRows.push((r.values as unknown[]).slice(1)));
    expect(sheetRows).toEqual([['日期', '序号', '哈希'], ...marchAnchors.map((a) => [a.date, a.sequence, a.hash])]);

    const forged = join(dir, 'forged.json');
    const changed = { ...marchAnchors[2], hash: 'f'.repeat(64) };
    const gone = { date: '2026-02-15', sequence: 1, hash: marchAnchors[0].hash };
    writeFileSync(forged, JSON.stringify([marchAnchors[0], changed, gone]));
    const result = await tool(forged);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`${changed.date}  CHANGED`);
    expect(result.out).toContain('2026-02-15  DISAPPEARED');
    expect(result.out).toContain('2 of 3 anchors changed or disappeared');
  });

  it('refuses the verify without a token (401) and to other roles (403)', async () => {
    expectProblem(await t.http().get('/ledger/verify'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/ledger/verify').set('authorization', 'Bearer forged.token.here'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/ledger/verify').set('authorization', provider.token), 403, 'FORBIDDEN');
  });

  it('refuses, in the database, to change or remove a seal, an anchor or an audit entry', async () => {
    await expect(db.query(`UPDATE chain_seals SET sealed_at = now() WHERE sequence = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM chain_seals WHERE sequence = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM ledger_anchors`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE chain_seals CASCADE`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE audit_log SET reason = 'x' WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect((await verify()).chain.ok).toBe(true);
  });

  it('names a changed amount, a deleted entry, an entry added to a sealed transaction, a deleted audit entry and an inserted row', async () => {
    const sealedTx = await db.query(
      `SELECT t.id::text AS id, min(e.id)::text AS entry, min(t.created_xid::text) AS xid FROM ledger_transactions t
         JOIN ledger_entries e ON e.tx_id = t.id
         JOIN chain_seals s ON s.source = 'ledger' AND s.row_id = t.id
        GROUP BY t.id ORDER BY t.id LIMIT 3`,
    );
    const [amount, deleted, added] = sealedTx as Array<{ id: string; entry: string; xid: string }>;
    const [audit] = await db.query(`SELECT row_id::text AS id FROM chain_seals WHERE source = 'audit' ORDER BY sequence DESC LIMIT 1`);
    const seq = async (source: string, id: string) =>
      Number((await db.query(`SELECT sequence FROM chain_seals WHERE source = $1 AND row_id = $2`, [source, id]))[0].sequence);
    const expected: Problem[] = [
      { source: 'ledger', id: amount.id, sequence: await seq('ledger', amount.id), problem: 'changed' },
      { source: 'ledger', id: deleted.id, sequence: await seq('ledger', deleted.id), problem: 'changed' },
      { source: 'ledger', id: added.id, sequence: await seq('ledger', added.id), problem: 'changed' },
      { source: 'audit', id: audit.id, sequence: await seq('audit', audit.id), problem: 'removed' },
    ];
    await db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE ledger_entries SET amount = amount + 100 WHERE id = $1`, [amount.entry]);
      await m.query(`DELETE FROM ledger_entries WHERE id = $1`, [deleted.entry]);
      await m.query(
        `INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind)
         SELECT tx_id, fund_id, class, owner, 1, at, kind FROM ledger_entries WHERE id = $1`,
        [added.entry],
      );
      await m.query(`DELETE FROM audit_log WHERE id = $1`, [audit.id]);
      // A transaction slipped in behind the sealer, dated with an old transaction id.
      const [inserted] = await m.query(
        `INSERT INTO ledger_transactions (kind, at, created_xid) VALUES ('allocate', '2026-03-05T10:00:00+08:00', $1::xid8) RETURNING id::text`,
        [amount.xid],
      );
      expected.push({ source: 'ledger', id: inserted.id, sequence: null, problem: 'inserted' });
    });
    const report = await verify();
    expect(report.chain.ok).toBe(false);
    const sort = (ps: Problem[]) => [...ps].sort((x, y) => `${x.source}${x.id}`.localeCompare(`${y.source}${y.id}`));
    expect(sort(report.chain.problems)).toEqual(sort(expected));

    // `npm run ledger:verify` prints the same and exits 1.
    const cli = await run(process.execPath, ['dist/apps/cli/src/verify-ledger.js'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl(t.databaseName), LOG_LEVEL: 'silent' },
    }).then(
      () => ({ code: 0, out: '' }),
      (e: unknown) => ({ code: (e as { code: number }).code, out: (e as { stdout: string }).stdout }),
    );
    expect(cli.code).toBe(1);
    expect(sort(JSON.parse(cli.out).chain.problems)).toEqual(sort(expected));
  });
});
