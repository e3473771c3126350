import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/** The database itself guards the ledger, whatever the application does. */
describe('ledger guards in Postgres', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;
  let fundId: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    db = t.app.get(DataSource);
    fundId = await w.fund('330702', 1_000_000);
  });
  afterAll(() => w.finish());

  const post = (entries: Array<[string, number]>) =>
    db.transaction(async (m) => {
      const [{ id }] = await m.query(`INSERT INTO ledger_transactions (kind, at) VALUES ('allocate', now()) RETURNING id`);
      for (const [cls, amount] of entries) {
        await m.query(
          `INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind) VALUES ($1, $2, $3, '00000000-0000-0000-0000-000000000000', $4, now(), 'allocate')`,
          [id, fundId, cls, amount],
        );
      }
    });

  it('refuses an unbalanced transaction at commit', async () => {
    await expect(
      post([
        ['appropriation', -100],
        ['available', 99],
      ]),
    ).rejects.toThrow(/not balanced/);
    await expect(post([['available', 5]])).rejects.toThrow(/not balanced/);
  });

  it('refuses a class below zero, except appropriation', async () => {
    await expect(
      post([
        ['available', -2_000_000],
        ['paid', 2_000_000],
      ]),
    ).rejects.toThrow(/ledger_accounts_not_negative/);
    // The external source of allocations is the one class that goes negative.
    expect((await w.fundBalances(fundId)).allocated).toBe(1_000_000);
    const [{ balance }] = await db.query(`SELECT balance FROM ledger_accounts WHERE fund_id = $1 AND class = 'appropriation'`, [fundId]);
    expect(balance).toBe('-1000000');
  });

  it('refuses updates and deletes of entries and transactions, and direct balance changes', async () => {
    await expect(db.query(`UPDATE ledger_entries SET amount = amount * 2`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM ledger_entries`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM ledger_transactions`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE ledger_entries CASCADE`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE ledger_accounts SET balance = balance + 1`)).rejects.toThrow(/only through ledger entries/);
    await expect(db.query(`DELETE FROM ledger_accounts`)).rejects.toThrow(/only through ledger entries/);
  });

  it('refuses entries added later to a committed transaction', async () => {
    const [{ id }] = await db.query(`SELECT max(id) AS id FROM ledger_transactions`);
    await expect(
      db.query(
        `INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind) VALUES ($1, $2, 'available', '00000000-0000-0000-0000-000000000000', 1, now(), 'allocate')`,
        [id, fundId],
      ),
    ).rejects.toThrow(/is closed/);
  });

  it('reports a tampered account in the verify (with the triggers bypassed by a superuser)', async () => {
    await db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE ledger_accounts SET balance = balance + 1 WHERE fund_id = $1 AND class = 'available'`, [fundId]);
    });
    const report = await t.http().get('/ledger/verify').set('authorization', t.adminToken).expect(200);
    expect(report.body.balanced).toBe(false);
    expect(report.body.problems.map((p: { check: string }) => p.check)).toEqual(
      expect.arrayContaining(['account balance equals its entries', 'fund classes sum to allocated']),
    );
    await db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE ledger_accounts SET balance = balance - 1 WHERE fund_id = $1 AND class = 'available'`, [fundId]);
    });
  });
});
