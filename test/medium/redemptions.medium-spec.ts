import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Category } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import type { NewProgram } from '@ivl/funding';
import { RedemptionsModule, RedemptionsService } from '@ivl/redemptions';
import type { NewProvider } from '@ivl/registry';
import { formatCode, VoucherBalances } from '@ivl/vouchers';
import { type MediumService, newMediumService } from './medium.js';

let m: MediumService<RedemptionsService>;
beforeAll(async () => {
  m = await newMediumService(RedemptionsService, { imports: [RedemptionsModule] });
});
afterAll(() => (m as MediumService<RedemptionsService> | undefined)?.close()); // unset when beforeAll failed

/** A voucher of `faceValue` fen under a 婺城 program with `rules`, and a provider with `provider` overrides. */
async function voucherAndProvider(rules: Partial<NewProgram> = {}, provider: Partial<NewProvider> = {}, faceValue = 1_000_000n) {
  const { ctx } = m;
  const program = await ctx.newFundedProgram(rules);
  const enterprise = await ctx.newEnterprise();
  const voucher = await ctx.newVoucher(program, enterprise, faceValue);
  const redeemer = await ctx.newProvider(provider);
  return { voucher, enterprise, provider: redeemer, code: formatCode(voucher.code) };
}

function redeem(providerId: string, voucherCode: string, orderAmount: bigint, category: Category = 'DESIGN') {
  const { sut, ctx } = m;
  return ctx
    .get(TransactionRunner)
    .run(async (manager) =>
      sut.redeem(manager, await ctx.actor('provider', providerId), { voucherCode, category, orderAmount, description: '工业设计' }),
    );
}

/** A refusal leaves no trace: no redemption row, no ledger transaction, the voucher's balance whole, the ledger balanced. */
async function expectNothingWritten(voucherId: string, balance: bigint, work: () => Promise<unknown>, code: string) {
  const { ctx } = m;
  const redemptions = await ctx.count('redemptions');
  const transactions = await ctx.count('ledger_transactions');

  await expect(work()).rejects.toMatchObject({ code });

  expect(await ctx.count('redemptions')).toBe(redemptions);
  expect(await ctx.count('ledger_transactions')).toBe(transactions);
  const voucher = await ctx.get(VoucherBalances).lockById(ctx.db.manager, voucherId);
  expect({ balance: voucher!.balance, held: voucher!.held }).toEqual({ balance, held: 0n });
  expect((await ctx.verifyLedger()).problems).toEqual([]);
}

describe('RedemptionsService.redeem: the subsidy rule', () => {
  it('applies the program ratio to a provider of the issuing region', async () => {
    const { provider, code } = await voucherAndProvider({ ratioBp: 5000, outOfRegionRatioBp: 3000 });

    const redemption = await redeem(provider.id, code, 100_000n);

    expect(redemption.subsidy).toBe(50_000n);
  });

  it('applies the out-of-region ratio to a provider outside the issuing region', async () => {
    const { provider, code } = await voucherAndProvider({ ratioBp: 5000, outOfRegionRatioBp: 3000 }, { regionCode: '330782' });

    const redemption = await redeem(provider.id, code, 100_000n);

    expect(redemption.subsidy).toBe(30_000n);
  });

  it('covers the bill in full up to fullCoverageUpTo, and the ratio of the rest', async () => {
    const { provider, code } = await voucherAndProvider({ ratioBp: 5000, fullCoverageUpTo: 20_000n });

    const redemption = await redeem(provider.id, code, 30_001n);

    // 20000 in full + floor(10001 × 50 %) = 20000 + 5000
    expect(redemption.subsidy).toBe(25_000n);
  });

  it('never holds more than the voucher’s balance', async () => {
    const { provider, code } = await voucherAndProvider({ ratioBp: 10_000 }, {}, 40_000n);

    const redemption = await redeem(provider.id, code, 100_000n);

    expect(redemption.subsidy).toBe(40_000n);
  });
});

describe('RedemptionsService.redeem: refusals write nothing', () => {
  it('refuses a provider with the enterprise’s own USCC (RELATED_PARTY)', async () => {
    const { ctx } = m;
    const program = await ctx.newFundedProgram();
    const enterprise = await ctx.newEnterprise();
    const voucher = await ctx.newVoucher(program, enterprise, 1_000_000n);
    // The same legal person registered as a provider: a provider USCC is unique among providers only.
    const provider = await ctx.newProvider({ uscc: enterprise.uscc });

    await expectNothingWritten(voucher.id, 1_000_000n, () => redeem(provider.id, formatCode(voucher.code), 100_000n), 'RELATED_PARTY');
  });

  it('refuses a provider under the enterprise’s controller (RELATED_PARTY)', async () => {
    const { ctx } = m;
    const program = await ctx.newFundedProgram();
    const enterprise = await ctx.newEnterprise({ controllerKey: 'group-婺城控股' });
    const voucher = await ctx.newVoucher(program, enterprise, 1_000_000n);
    const provider = await ctx.newProvider({ controllerKey: 'group-婺城控股' });

    await expectNothingWritten(voucher.id, 1_000_000n, () => redeem(provider.id, formatCode(voucher.code), 100_000n), 'RELATED_PARTY');
  });

  it('refuses a category the program does not cover (CATEGORY_NOT_ELIGIBLE)', async () => {
    const { voucher, provider, code } = await voucherAndProvider({ categories: ['TESTING'] });

    await expectNothingWritten(voucher.id, 1_000_000n, () => redeem(provider.id, code, 100_000n, 'DESIGN'), 'CATEGORY_NOT_ELIGIBLE');
  });

  it('refuses testing by a provider whose CMA/CNAS accreditation has expired (CATEGORY_NOT_ELIGIBLE)', async () => {
    const expired = [{ type: 'CMA' as const, number: 'CMA-2020-001', validUntil: '2026-03-09' }];
    const { voucher, provider, code } = await voucherAndProvider({}, { accreditations: expired });

    await expectNothingWritten(voucher.id, 1_000_000n, () => redeem(provider.id, code, 100_000n, 'TESTING'), 'CATEGORY_NOT_ELIGIBLE');
  });

  it('refuses a voucher whose whole balance is held by a pending redemption (VOUCHER_NOT_USABLE)', async () => {
    const { ctx } = m;
    const { voucher, provider, code } = await voucherAndProvider({ ratioBp: 10_000 }, {}, 50_000n);
    await redeem(provider.id, code, 50_000n);
    const redemptions = await ctx.count('redemptions');

    await expect(redeem(provider.id, code, 10_000n)).rejects.toMatchObject({ code: 'VOUCHER_NOT_USABLE' });

    expect(await ctx.count('redemptions')).toBe(redemptions);
    const stored = await ctx.get(VoucherBalances).lockById(ctx.db.manager, voucher.id);
    expect({ balance: stored!.balance, held: stored!.held }).toEqual({ balance: 0n, held: 50_000n });
    expect((await ctx.verifyLedger()).problems).toEqual([]);
  });

  it('refuses a voucher past its use deadline (VOUCHER_NOT_USABLE)', async () => {
    const { ctx } = m;
    const { voucher, provider, code } = await voucherAndProvider({ validityDays: 1 });
    ctx.clock.advanceDays(3);
    try {
      await expectNothingWritten(voucher.id, 1_000_000n, () => redeem(provider.id, code, 100_000n), 'VOUCHER_NOT_USABLE');
    } finally {
      ctx.clock.set('2026-03-10T10:00:00+08:00');
    }
  });

  it('refuses every role but a provider (FORBIDDEN)', async () => {
    const { sut, ctx } = m;
    const { voucher, enterprise, code } = await voucherAndProvider();
    const holder = await ctx.actor('enterprise', enterprise.id);

    const work = () =>
      ctx
        .get(TransactionRunner)
        .run((manager) =>
          sut.redeem(manager, holder, { voucherCode: code, category: 'DESIGN', orderAmount: 100_000n, description: '工业设计' }),
        );
    await expectNothingWritten(voucher.id, 1_000_000n, work, 'FORBIDDEN');
  });
});
