import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '@ivl/core';
import { type NewProgram, ProgramsService } from '@ivl/funding';
import { newMediumService, type MediumService, PROGRAM_DEFAULTS } from './medium.js';

let m: MediumService<ProgramsService>;
beforeAll(async () => {
  m = await newMediumService(ProgramsService);
});
afterAll(() => (m as MediumService<ProgramsService> | undefined)?.close()); // unset when beforeAll failed

function create(actor: Actor, input: NewProgram) {
  return m.tx((manager) => m.sut.create(manager, actor, input));
}

function approve(actor: Actor, programId: string, fundId: string) {
  return m.tx((manager) => m.sut.approveFunding(manager, actor, { programId, fundId }));
}

/** 婺城 issues; 义乌 co-funds. */
async function coFunded() {
  const { ctx } = m;
  const own = await ctx.newFund('330702');
  const other = await ctx.newFund('330782');
  const funding = [
    { fundId: own.id, shareBp: 6000 },
    { fundId: other.id, shareBp: 4000 },
  ];
  return { own, other, funding };
}

describe('ProgramsService.create', () => {
  it('approves at once the share of the officer’s own region and proposes another region’s', async () => {
    const { ctx } = m;
    const { own, other, funding } = await coFunded();

    const program = await create(await ctx.actor('county_officer', '330702'), { ...PROGRAM_DEFAULTS, funding });

    expect(program.status).toBe('proposed');
    expect(program.funding.find((f) => f.fundId === own.id)!.approvedAt).not.toBeNull();
    expect(program.funding.find((f) => f.fundId === other.id)!.approvedAt).toBeNull();
  });

  it('makes a program the city admin creates active, whatever regions pay', async () => {
    const { ctx } = m;
    const { funding } = await coFunded();

    const program = await create(await ctx.actor('city_admin'), { ...PROGRAM_DEFAULTS, funding });

    expect(program.status).toBe('active');
  });

  it('refuses an officer issuing for another region (FORBIDDEN), and writes nothing', async () => {
    const { ctx } = m;
    const { funding } = await coFunded();
    const before = await ctx.count('programs');

    await expect(create(await ctx.actor('county_officer', '330782'), { ...PROGRAM_DEFAULTS, funding })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await ctx.count('programs')).toBe(before);
  });

  it('refuses a year other than that of every fund it names', async () => {
    const { ctx } = m;
    const fund = await ctx.newFund('330702', 0n, 2025);

    await expect(
      create(await ctx.actor('city_admin'), { ...PROGRAM_DEFAULTS, funding: [{ fundId: fund.id, shareBp: 10_000 }] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'year' }],
    });
  });

  it('refuses a per-voucher maximum above the enterprise’s annual cap', async () => {
    const { ctx } = m;
    const fund = await ctx.newFund('330702');

    const rules = { ...PROGRAM_DEFAULTS, perVoucherMax: 50_000_001n, enterpriseAnnualCap: 50_000_000n };
    await expect(
      create(await ctx.actor('city_admin'), { ...rules, funding: [{ fundId: fund.id, shareBp: 10_000 }] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'perVoucherMax' }],
    });
  });

  it('refuses a per-voucher maximum above the controller’s annual cap', async () => {
    const { ctx } = m;
    const fund = await ctx.newFund('330702');

    const rules = { ...PROGRAM_DEFAULTS, perVoucherMax: 2_000_000n, controllerAnnualCap: 1_000_000n };
    await expect(
      create(await ctx.actor('city_admin'), { ...rules, funding: [{ fundId: fund.id, shareBp: 10_000 }] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'perVoucherMax' }],
    });
  });
});

describe('ProgramsService.approveFunding', () => {
  it('keeps the program proposed while another share still waits', async () => {
    const { ctx } = m;
    const a = await ctx.newFund('330702');
    const b = await ctx.newFund('330782');
    const c = await ctx.newFund('330781');
    const proposed = await create(await ctx.actor('county_officer', '330702'), {
      ...PROGRAM_DEFAULTS,
      funding: [
        { fundId: a.id, shareBp: 5000 },
        { fundId: b.id, shareBp: 3000 },
        { fundId: c.id, shareBp: 2000 },
      ],
    });

    const program = await approve(await ctx.actor('finance', '330782'), proposed.id, b.id);

    expect(program.status).toBe('proposed');
  });

  it('makes the program active with the last share approved by finance of the fund’s region', async () => {
    const { ctx } = m;
    const { other, funding } = await coFunded();
    const proposed = await create(await ctx.actor('county_officer', '330702'), { ...PROGRAM_DEFAULTS, funding });

    const program = await approve(await ctx.actor('finance', '330782'), proposed.id, other.id);

    expect(program.status).toBe('active');
    expect(program.funding.every((f) => f.approvedAt !== null)).toBe(true);
  });

  it('answers NOT_FOUND to finance of a region that does not pay the share', async () => {
    const { sut, ctx } = m;
    const { other, funding } = await coFunded();
    const proposed = await create(await ctx.actor('county_officer', '330702'), { ...PROGRAM_DEFAULTS, funding });

    await expect(approve(await ctx.actor('finance', '330702'), proposed.id, other.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await sut.get(await ctx.actor('city_admin'), proposed.id)).status).toBe('proposed');
  });

  it('refuses approving a share twice (INVALID_STATE)', async () => {
    const { ctx } = m;
    const { other, funding } = await coFunded();
    const proposed = await create(await ctx.actor('county_officer', '330702'), { ...PROGRAM_DEFAULTS, funding });
    await approve(await ctx.actor('finance', '330782'), proposed.id, other.id);

    await expect(approve(await ctx.actor('finance', '330782'), proposed.id, other.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('refuses the officer of the paying region: only finance commits its money (FORBIDDEN)', async () => {
    const { ctx } = m;
    const { other, funding } = await coFunded();
    const proposed = await create(await ctx.actor('county_officer', '330702'), { ...PROGRAM_DEFAULTS, funding });

    await expect(approve(await ctx.actor('county_officer', '330782'), proposed.id, other.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
