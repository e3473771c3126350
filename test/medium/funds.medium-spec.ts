import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '@ivl/core';
import { FundsService } from '@ivl/funding';
import { until } from '../support/polling.js';
import { type MediumService, newMediumService } from './medium.js';

let m: MediumService<FundsService>;
beforeAll(async () => {
  m = await newMediumService(FundsService);
});
afterAll(() => (m as MediumService<FundsService> | undefined)?.close()); // unset when beforeAll failed

/** The per-fund cap of docs/domain.md, written out here so a change of the constant shows in this test. */
const CAP = 9_000_000_000_000_000n;

async function waitingOnLocks(): Promise<number> {
  const [row]: Array<{ n: number }> = await m.ctx.db.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return row.n;
}

function allocate(actor: Actor, fundId: string, amount: bigint) {
  return m.tx((manager) => m.sut.allocate(manager, actor, { fundId, amount, reference: '财预〔2026〕1号' }));
}

describe('FundsService.allocate', () => {
  it('takes a fund exactly to the cap of 9 × 10^15 fen', async () => {
    const { sut, ctx } = m;
    const fund = await ctx.newFund('330702', CAP - 1n);

    await allocate(await ctx.actor('finance', '330702'), fund.id, 1n);

    const { balances } = await sut.get(await ctx.actor('city_admin'), fund.id);
    expect(balances.allocated).toBe(CAP);
    expect(balances.available).toBe(CAP);
  });

  it('refuses one fen past the cap (VALIDATION_FAILED on amount), and writes nothing', async () => {
    const { ctx } = m;
    const fund = await ctx.newFund('330702', CAP);
    const allocations = await ctx.count('allocations');

    await expect(allocate(await ctx.actor('finance', '330702'), fund.id, 1n)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'amount' }],
    });
    expect(await ctx.count('allocations')).toBe(allocations);
    expect((await ctx.verifyLedger()).problems).toEqual([]);
  });

  it('holds the cap when a second allocation comes while the first is not committed yet', async () => {
    const { sut, ctx } = m;
    const fund = await ctx.newFund('330702', CAP - 100n);
    const finance = await ctx.actor('finance', '330702');
    // The first allocation stays uncommitted until the second has either finished or is waiting on a lock.
    let commitFirst!: () => void;
    let firstWritten!: () => void;
    const written = new Promise<void>((resolve) => (firstWritten = resolve));
    const first = m.tx(async (manager) => {
      await sut.allocate(manager, finance, { fundId: fund.id, amount: 60n, reference: 'first' });
      firstWritten();
      await new Promise<void>((resolve) => (commitFirst = resolve));
    });
    await written;
    const second = allocate(finance, fund.id, 60n);
    let settled = false;
    void second.catch(() => undefined).finally(() => (settled = true));
    await until(
      () => waitingOnLocks(),
      (waiting) => waiting > 0 || settled,
    );
    commitFirst();

    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(results[1]).toMatchObject({ reason: { code: 'VALIDATION_FAILED' } });
    const [row]: Array<{ total: string }> = await ctx.db.query(`SELECT sum(amount)::text AS total FROM allocations WHERE fund_id = $1`, [
      fund.id,
    ]);
    expect(BigInt(row.total)).toBe(CAP - 40n);
  });

  it.each(['county_officer', 'city_admin'] as const)('lets only finance allocate: %s is FORBIDDEN', async (role) => {
    const { ctx } = m;
    const fund = await ctx.newFund('330702');
    const actor = role === 'city_admin' ? await ctx.actor('city_admin') : await ctx.actor(role, '330702');

    await expect(allocate(actor, fund.id, 1_000n)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers NOT_FOUND to finance of another region', async () => {
    const { ctx } = m;
    const fund = await ctx.newFund('330702');
    const allocations = await ctx.count('allocations');

    await expect(allocate(await ctx.actor('finance', '330782'), fund.id, 1_000n)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await ctx.count('allocations')).toBe(allocations);
  });
});
