import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import type { Body } from './support/bodies.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { newUscc } from './support/uscc.js';
import { World } from './support/world.js';

// ---------------------------------------------------------------------------------------------
// Helpers of this file: voucher codes written independently of the implementation (docs/domain.md
// "Voucher"), the largest-remainder split, and small builders on top of World.
// ---------------------------------------------------------------------------------------------

const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_SYMBOLS = `${SYMBOLS}*~$=U`;

function checkSymbolOf(body: string): string {
  let mod = 0;
  for (const symbol of body) mod = (mod * 32 + SYMBOLS.indexOf(symbol)) % 37;
  return CHECK_SYMBOLS[mod];
}

function formatCode(body: string): string {
  return `${body.match(/.{4}/g)!.join('-')}-${checkSymbolOf(body)}`;
}

/** A well-formed code (correct check symbol) that no voucher has. */
function unknownCode(): string {
  let body = '';
  for (let i = 0; i < 16; i++) body += SYMBOLS[Math.floor(Math.random() * 32)];
  return formatCode(body);
}

/** The same code with its first character replaced by another symbol: the check symbol no longer fits. */
function mistyped(code: string): string {
  const replacement = code.startsWith('7') ? '8' : '7';
  return replacement + code.slice(1);
}

/** docs/domain.md "Money": floor each share, the leftover fen to the largest remainders, ties to the earlier part. */
function largestRemainder(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, index) => ({ index, remainder: (total * w) % sum }))
    .filter((p) => weights[p.index] > 0)
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : b.remainder - a.remainder));
  for (const { index } of order) {
    if (left === 0) break;
    parts[index] += 1;
    left -= 1;
  }
  return parts;
}

interface Party {
  id: string;
  token: string;
  uscc: string;
}

interface Scenario {
  program: Body;
  sme: Party;
  provider: Party;
  voucher: Body;
  code: string;
}

describe('redemptions', () => {
  let t: TestApp;
  let w: World;
  let cityFund: string;
  let countyFund: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    cityFund = await w.fund('330700', 10_000_000_000);
    countyFund = await w.fund('330702', 10_000_000_000);
    auditor = (await createUser(t, 'auditor')).token;
  });
  afterAll(async () => {
    await (t as TestApp | undefined)?.close(); // unset when beforeAll failed
  });

  const admin = () => t.adminToken;

  /** A program (county fund only unless `funding` is given), an enterprise, a provider and a voucher of `amount`. */
  async function scenario(
    options: {
      amount?: number;
      program?: Record<string, unknown>;
      funding?: Array<{ fundId: string; shareBp: number }>;
      provider?: Record<string, unknown>;
      enterprise?: Record<string, unknown>;
    } = {},
  ): Promise<Scenario> {
    const program = await w.program({ funding: options.funding ?? [{ fundId: countyFund, shareBp: 10_000 }], ...options.program });
    const sme = await w.enterprise(options.enterprise);
    const provider = await w.provider(options.provider);
    const voucher = await w.voucher(sme.token, program, options.amount ?? 1_000_000);
    return { program, sme, provider, voucher, code: voucher.code };
  }

  async function getVoucher(code: string, token = admin()): Promise<Body> {
    const response = await t
      .http()
      .get(`/vouchers/${encodeURIComponent(code)}`)
      .set('authorization', token);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function listRedemptions(token: string, query: Record<string, string> = {}): Promise<Body[]> {
    const response = await t.http().get('/redemptions').query(query).set('authorization', token);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** What a refused request must leave untouched: the voucher, its redemptions and its funds' balances. */
  async function snapshot(code: string): Promise<Record<string, unknown>> {
    const voucher = await getVoucher(code);
    const redemptions = await listRedemptions(admin(), { voucherCode: code });
    const funds = await Promise.all((voucher.funding as Array<{ fundId: string }>).map((p) => w.fundBalances(p.fundId)));
    return { voucher, redemptions, funds };
  }

  /** Posts a redemption that must be refused with `status`/`code`, and checks that nothing was written. */
  async function expectRefused(
    s: Scenario,
    body: Record<string, unknown>,
    status: number,
    code: string,
    token: string = s.provider.token,
  ): Promise<request.Response> {
    const before = await snapshot(s.code);
    const response = await w.redeem(token, { voucherCode: s.code, orderAmount: 100_000, ...body });
    expectProblem(response, status, code);
    expect(await snapshot(s.code)).toEqual(before);
    return response;
  }

  const confirm = (id: string, token: string) => t.http().post(`/redemptions/${id}/confirm`).set('authorization', token).send();
  const cancel = (id: string, token: string) => t.http().post(`/redemptions/${id}/cancel`).set('authorization', token).send();

  async function redeemOk(token: string, body: Record<string, unknown>, key?: string): Promise<Body> {
    const response = await w.redeem(token, body, key);
    if (response.status !== 201) throw new Error(`redeem failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  // -------------------------------------------------------------------------------------------
  describe('redeeming a voucher', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('holds the subsidy and answers 201 with the redemption', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const response = await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 200_001, description: '外观设计' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        voucherCode: s.code,
        providerId: s.provider.id,
        enterpriseId: s.sme.id,
        category: 'DESIGN',
        orderAmount: 200_001,
        subsidy: 100_000,
        enterprisePays: 100_001,
        status: 'pending',
        parts: [{ fundId: countyFund, amount: 100_000 }],
      });
      expect(response.body.createdAt).toMatch(/^2026-03-10T10:00:00(\.000)?\+08:00$/);
      expect(new Date(response.body.createdAt).getTime()).toBe(t.clock.now().getTime());

      const read = await t.http().get(`/redemptions/${response.body.id}`).set('authorization', s.provider.token).expect(200);
      // Read back, it also names the enterprise (for the provider's list); the redemption's answer leaves that out of the hot path.
      expect(read.body).toEqual({ ...response.body, enterpriseName: expect.any(String) });

      const voucher = await getVoucher(s.code, s.sme.token);
      expect(voucher).toMatchObject({ faceValue: 1_000_000, balance: 900_000, held: 100_000, status: 'active' });
      expect(voucher.funding).toEqual([{ fundId: countyFund, faceValue: 1_000_000, balance: 900_000 }]);
    });

    it('reads the code case-insensitively, without hyphens, with I/L as 1 and O as 0', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const typed = s.code.replace(/-/g, '').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
      const body = await redeemOk(s.provider.token, { voucherCode: ` ${typed.slice(0, 8)} ${typed.slice(8)}`, orderAmount: 10_000 });
      expect(body.voucherCode).toBe(s.code);
      expect(body.subsidy).toBe(5_000);
    });

    it('covers the first fullCoverageUpTo fen fully and the ratio above it, rounding down', async () => {
      const s = await scenario({ amount: 5_000_000, program: { ratioBp: 5000, fullCoverageUpTo: 1_000_000 } });
      const cases: Array<[number, number]> = [
        [800_000, 800_000], // below the threshold: all of it
        [1_000_000, 1_000_000], // exactly the threshold
        [1_000_003, 1_000_001], // 1_000_000 + floor(3 × 0.5)
        [1_500_001, 1_250_000], // 1_000_000 + floor(500_001 × 0.5)
      ];
      let held = 0;
      for (const [orderAmount, subsidy] of cases) {
        const body = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount });
        expect({ orderAmount, subsidy: body.subsidy, enterprisePays: body.enterprisePays }).toEqual({
          orderAmount,
          subsidy,
          enterprisePays: orderAmount - subsidy,
        });
        held += subsidy;
      }
      expect(await getVoucher(s.code)).toMatchObject({ balance: 5_000_000 - held, held });
    });

    it('applies only the ratio, rounding down, when the program has no full coverage', async () => {
      const s = await scenario({ amount: 1_000_000, program: { ratioBp: 3333 } });
      const cases: Array<[number, number]> = [
        [999, 332], // floor(999 × 3333 / 10000) = floor(332.97)
        [7, 2], // floor(2.33)
        [1_000_000, 333_300],
      ];
      for (const [orderAmount, subsidy] of cases) {
        const body = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount });
        expect([orderAmount, body.subsidy, body.enterprisePays]).toEqual([orderAmount, subsidy, orderAmount - subsidy]);
      }
    });

    it('uses outOfRegionRatioBp for providers whose region differs from the issuer region', async () => {
      await t.http().post('/regions').set('authorization', admin()).send({ code: '330100', name: '杭州市', level: 'city' }).expect(201);
      const s = await scenario({ amount: 5_000_000, program: { ratioBp: 5000, outOfRegionRatioBp: 3000 } });
      const sameRegion = s.provider; // 330702, like the issuer
      const neighbour = await w.provider({ regionCode: '330703' });
      const hangzhou = await w.provider({ regionCode: '330100' });
      expect((await redeemOk(sameRegion.token, { voucherCode: s.code, orderAmount: 100_001 })).subsidy).toBe(50_000);
      expect((await redeemOk(neighbour.token, { voucherCode: s.code, orderAmount: 100_001 })).subsidy).toBe(30_000);
      expect((await redeemOk(hangzhou.token, { voucherCode: s.code, orderAmount: 100_001 })).subsidy).toBe(30_000);

      // With full coverage too: the threshold stays, the out-of-region ratio applies above it.
      const f = await scenario({ amount: 5_000_000, program: { ratioBp: 5000, fullCoverageUpTo: 200_000, outOfRegionRatioBp: 2000 } });
      const outside = await w.provider({ regionCode: '330703' });
      expect((await redeemOk(outside.token, { voucherCode: f.code, orderAmount: 300_001 })).subsidy).toBe(220_000);
      expect((await redeemOk(f.provider.token, { voucherCode: f.code, orderAmount: 300_001 })).subsidy).toBe(250_000);
    });

    it('uses the normal ratio outside the region when the program sets no out-of-region ratio', async () => {
      const s = await scenario({ amount: 1_000_000, program: { ratioBp: 5000 } });
      const outside = await w.provider({ regionCode: '330703' });
      expect((await redeemOk(outside.token, { voucherCode: s.code, orderAmount: 100_001 })).subsidy).toBe(50_000);
    });

    it('caps the subsidy at the balance; the enterprise pays the rest', async () => {
      const s = await scenario({ amount: 100_000, program: { ratioBp: 5000 } });
      const body = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 1_000_000 });
      expect(body).toMatchObject({
        orderAmount: 1_000_000,
        subsidy: 100_000,
        enterprisePays: 900_000,
        parts: [{ fundId: countyFund, amount: 100_000 }],
      });
      // Everything left is held: the balance is 0 but the voucher stays active while the hold is pending.
      expect(await getVoucher(s.code)).toMatchObject({ balance: 0, held: 100_000, status: 'active' });
    });

    it('draws a co-funded voucher from its parts in proportion to what is left, so both parts reach zero together', async () => {
      const s = await scenario({
        amount: 1_000_001,
        program: { ratioBp: 10_000 },
        funding: [
          { fundId: cityFund, shareBp: 3000 },
          { fundId: countyFund, shareBp: 7000 },
        ],
      });
      const cityBefore = await w.fundBalances(cityFund);
      const countyBefore = await w.fundBalances(countyFund);
      let voucher = await getVoucher(s.code, s.sme.token);
      expect(voucher.funding.map((p: { balance: number }) => p.balance)).toEqual([300_000, 700_001]);

      const orders = [333_333, 123_457, 99_999, 1, 2, 77_777, 5_000];
      const ids: string[] = [];
      for (const orderAmount of orders.concat([10_000_000])) {
        const left: number[] = voucher.funding.map((p: { balance: number }) => p.balance);
        const balance = left[0] + left[1];
        const subsidy = Math.min(orderAmount, balance);
        const body = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount });
        ids.push(body.id);
        const expected = largestRemainder(subsidy, left);
        expect(body.subsidy).toBe(subsidy);
        expect(body.parts).toEqual([
          { fundId: cityFund, amount: expected[0] },
          { fundId: countyFund, amount: expected[1] },
        ]);
        voucher = await getVoucher(s.code, s.sme.token);
        expect(voucher.funding.map((p: { balance: number }) => p.balance)).toEqual([left[0] - expected[0], left[1] - expected[1]]);
        expect(voucher.balance).toBe(balance - subsidy);
        // Neither part runs dry before the other.
        if (voucher.balance > 0) expect(voucher.funding.every((p: { balance: number }) => p.balance > 0)).toBe(true);
      }
      expect(voucher).toMatchObject({ balance: 0, held: 1_000_001, status: 'active' });
      expect(voucher.funding).toEqual([
        { fundId: cityFund, faceValue: 300_000, balance: 0 },
        { fundId: countyFund, faceValue: 700_001, balance: 0 },
      ]);
      // The whole balance is held: nothing more can be redeemed.
      expectProblem(await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 100 }), 422, 'VOUCHER_NOT_USABLE');

      for (const id of ids) expect((await confirm(id, s.sme.token)).status).toBe(200);
      expect(await getVoucher(s.code, s.sme.token)).toMatchObject({ balance: 0, held: 0, status: 'exhausted' });
      const cityAfter = await w.fundBalances(cityFund);
      const countyAfter = await w.fundBalances(countyFund);
      expect(cityAfter).toMatchObject({
        vouchers: cityBefore.vouchers - 300_000,
        held: cityBefore.held,
        payable: cityBefore.payable + 300_000,
      });
      expect(countyAfter).toMatchObject({
        vouchers: countyBefore.vouchers - 700_001,
        held: countyBefore.held,
        payable: countyBefore.payable + 700_001,
      });
    });

    it('moves fund money vouchers→held on redeem, held→payable on confirm, held→vouchers on cancel', async () => {
      const s = await scenario({
        amount: 1_000_000,
        program: { ratioBp: 5000 },
        funding: [
          { fundId: cityFund, shareBp: 3000 },
          { fundId: countyFund, shareBp: 7000 },
        ],
      });
      const city0 = await w.fundBalances(cityFund);
      const county0 = await w.fundBalances(countyFund);
      const delta = async (fundId: string, base: Record<string, number>) => {
        const now = await w.fundBalances(fundId);
        return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - base[k]]));
      };
      const zero = { allocated: 0, available: 0, vouchers: 0, held: 0, payable: 0, inSettlement: 0, paid: 0, recoverable: 0 };

      const first = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 100_000 });
      expect(first.parts).toEqual([
        { fundId: cityFund, amount: 15_000 },
        { fundId: countyFund, amount: 35_000 },
      ]);
      expect(await delta(cityFund, city0)).toEqual({ ...zero, vouchers: -15_000, held: 15_000 });
      expect(await delta(countyFund, county0)).toEqual({ ...zero, vouchers: -35_000, held: 35_000 });

      const second = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 200_000 });
      expect(second.parts).toEqual([
        { fundId: cityFund, amount: 30_000 },
        { fundId: countyFund, amount: 70_000 },
      ]);
      expect(await delta(cityFund, city0)).toEqual({ ...zero, vouchers: -45_000, held: 45_000 });

      expect((await confirm(first.id, s.sme.token)).status).toBe(200);
      expect(await delta(cityFund, city0)).toEqual({ ...zero, vouchers: -45_000, held: 30_000, payable: 15_000 });
      expect(await delta(countyFund, county0)).toEqual({ ...zero, vouchers: -105_000, held: 70_000, payable: 35_000 });

      expect((await cancel(second.id, s.provider.token)).status).toBe(200);
      expect(await delta(cityFund, city0)).toEqual({ ...zero, vouchers: -15_000, payable: 15_000 });
      expect(await delta(countyFund, county0)).toEqual({ ...zero, vouchers: -35_000, payable: 35_000 });
      expect(await getVoucher(s.code)).toMatchObject({ balance: 950_000, held: 0, status: 'active' });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('refusals', () => {
    let notUsable: Record<string, unknown>;

    beforeAll(async () => {
      // The one answer for every unusable code; each case below must answer exactly the same.
      const provider = await w.provider();
      const response = await w.redeem(provider.token, { voucherCode: unknownCode(), orderAmount: 100_000 });
      expectProblem(response, 422, 'VOUCHER_NOT_USABLE');
      notUsable = response.body;
    });
    afterAll(() => w.expectLedgerBalanced());

    async function expectNotUsable(s: Scenario, voucherCode = s.code): Promise<void> {
      const response = await expectRefused(s, { voucherCode }, 422, 'VOUCHER_NOT_USABLE');
      expect(response.body).toEqual(notUsable);
    }

    it('refuses an unknown but well-formed code with VOUCHER_NOT_USABLE', async () => {
      const s = await scenario();
      await expectNotUsable(s, unknownCode());
    });

    it('refuses a code with one wrong character with VOUCHER_NOT_USABLE', async () => {
      const s = await scenario();
      await expectNotUsable(s, mistyped(s.code));
      await expectNotUsable(s, s.code.slice(0, -2)); // and one too short
    });

    it('refuses an expired voucher with VOUCHER_NOT_USABLE', async () => {
      const s = await scenario();
      const saved = t.clock.now();
      try {
        t.clock.advanceDays(200);
        await expectNotUsable(s);
      } finally {
        t.clock.set(saved);
      }
    });

    it('still redeems on the last day of validity', async () => {
      const s = await scenario();
      expect(s.voucher.validUntil).toBe('2026-09-06T23:59:59.999+08:00');
      const saved = t.clock.now();
      try {
        t.clock.set('2026-09-06T23:59:00+08:00');
        expect((await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 1_000 })).status).toBe(201);
      } finally {
        t.clock.set(saved);
      }
    });

    it('refuses a revoked voucher with VOUCHER_NOT_USABLE', async () => {
      const s = await scenario();
      const revoked = await t.http().post(`/vouchers/${s.code}/revoke`).set('authorization', admin()).send({ reason: '企业虚报材料' });
      expect(revoked.status).toBe(200);
      expect(revoked.body.status).toBe('revoked');
      await expectNotUsable(s);
    });

    it('refuses an exhausted voucher with VOUCHER_NOT_USABLE', async () => {
      const s = await scenario({ amount: 100_000 });
      const all = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 200_000 });
      expect(all.subsidy).toBe(100_000);
      await confirm(all.id, s.sme.token).expect(200);
      expect(await getVoucher(s.code)).toMatchObject({ balance: 0, held: 0, status: 'exhausted' });
      await expectNotUsable(s);
    });

    it('refuses a voucher whose whole balance is held by pending redemptions with VOUCHER_NOT_USABLE', async () => {
      const s = await scenario({ amount: 100_000 });
      await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 120_000 }); // subsidy 60_000
      await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 80_000 }); // subsidy 40_000
      expect(await getVoucher(s.code)).toMatchObject({ balance: 0, held: 100_000, status: 'active' });
      await expectNotUsable(s);
    });

    it('refuses a category the program does not cover, or the provider does not offer, with CATEGORY_NOT_ELIGIBLE', async () => {
      // The program covers TESTING, DESIGN, RND; this provider offers CERTIFICATION and DESIGN.
      const s = await scenario({ provider: { categories: ['CERTIFICATION', 'DESIGN'], accreditations: [] } });
      await expectRefused(s, { category: 'CERTIFICATION' }, 422, 'CATEGORY_NOT_ELIGIBLE');
      await expectRefused(s, { category: 'RND' }, 422, 'CATEGORY_NOT_ELIGIBLE');
      await expectRefused(s, { category: 'INSTRUMENT_SHARING' }, 422, 'CATEGORY_NOT_ELIGIBLE');
    });

    it('refuses TESTING by a provider without CMA/CNAS or with only an expired one', async () => {
      const none = await scenario({ provider: { accreditations: [] } });
      await expectRefused(none, { category: 'TESTING' }, 422, 'CATEGORY_NOT_ELIGIBLE');
      // The same provider may still redeem a category that needs no accreditation.
      expect((await w.redeem(none.provider.token, { voucherCode: none.code, orderAmount: 1_000, category: 'DESIGN' })).status).toBe(201);

      const expired = await scenario({ provider: { accreditations: [{ type: 'CMA', number: 'CMA-2019-007', validUntil: '2025-12-31' }] } });
      await expectRefused(expired, { category: 'TESTING' }, 422, 'CATEGORY_NOT_ELIGIBLE');
    });

    it('accepts TESTING with an unexpired CNAS, and with a CMA valid through today', async () => {
      const cnas = await scenario({
        provider: {
          accreditations: [
            { type: 'CMA', number: 'CMA-2019-007', validUntil: '2025-12-31' },
            { type: 'CNAS', number: 'CNAS-L1234', validUntil: '2027-06-30' },
          ],
        },
      });
      expect((await w.redeem(cnas.provider.token, { voucherCode: cnas.code, orderAmount: 1_000, category: 'TESTING' })).status).toBe(201);
      const today = await scenario({ provider: { accreditations: [{ type: 'CMA', number: 'CMA-2020-001', validUntil: '2026-03-10' }] } });
      expect((await w.redeem(today.provider.token, { voucherCode: today.code, orderAmount: 1_000, category: 'TESTING' })).status).toBe(201);
    });

    it('refuses a provider with the same USCC as the enterprise with RELATED_PARTY', async () => {
      const uscc = newUscc('91330702');
      const s = await scenario({ enterprise: { uscc }, provider: { uscc } });
      await expectRefused(s, {}, 422, 'RELATED_PARTY');
    });

    it('refuses a provider with the same controller as the enterprise with RELATED_PARTY', async () => {
      const s = await scenario({ enterprise: { controllerKey: 'ctrl-wang-330702' }, provider: { controllerKey: 'ctrl-wang-330702' } });
      await expectRefused(s, {}, 422, 'RELATED_PARTY');
      // Another controller is not related.
      const other = await w.provider({ controllerKey: 'ctrl-li-330702' });
      expect((await w.redeem(other.token, { voucherCode: s.code, orderAmount: 1_000 })).status).toBe(201);
    });

    it('refuses a suspended or blacklisted provider with 409 INVALID_STATE', async () => {
      for (const status of ['suspended', 'blacklisted']) {
        const s = await scenario();
        await t
          .http()
          .post(`/providers/${s.provider.id}/status`)
          .set('authorization', admin())
          .send({ status, reason: '资质复核' })
          .expect(200);
        await expectRefused(s, {}, 409, 'INVALID_STATE');
      }
    });

    it('refuses every role but provider with 403', async () => {
      const s = await scenario();
      const officer = await w.officerOf('330702');
      const finance = await w.financeOf('330702');
      for (const token of [s.sme.token, auditor, admin(), officer, finance]) await expectRefused(s, {}, 403, 'FORBIDDEN', token);
    });

    it('answers 401 without a token', async () => {
      const s = await scenario();
      const before = await snapshot(s.code);
      const response = await t
        .http()
        .post('/redemptions')
        .set('idempotency-key', randomUUID())
        .send({ voucherCode: s.code, category: 'DESIGN', orderAmount: 1_000, description: 'x' });
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(await snapshot(s.code)).toEqual(before);
    });

    it('requires an Idempotency-Key of 1 to 128 printable characters', async () => {
      const s = await scenario();
      const body = { voucherCode: s.code, category: 'DESIGN', orderAmount: 1_000, description: '工业设计' };
      const post = () => t.http().post('/redemptions').set('authorization', s.provider.token);
      const before = await snapshot(s.code);
      expectProblem(await post().send(body), 400, 'VALIDATION_FAILED');
      expectProblem(await post().set('idempotency-key', '').send(body), 400, 'VALIDATION_FAILED');
      expectProblem(await post().set('idempotency-key', 'k'.repeat(129)).send(body), 400, 'VALIDATION_FAILED');
      expect(await snapshot(s.code)).toEqual(before);
      expect((await post().set('idempotency-key', 'k'.repeat(128)).send(body)).status).toBe(201);
      expect((await post().set('idempotency-key', 'x').send(body)).status).toBe(201);
    });

    it('answers bad bodies with 400 problem+json naming the field', async () => {
      const s = await scenario();
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ orderAmount: 0 }, 'orderAmount'],
        [{ orderAmount: -5 }, 'orderAmount'],
        [{ orderAmount: 1.5 }, 'orderAmount'],
        [{ orderAmount: '100' }, 'orderAmount'],
        [{ orderAmount: null }, 'orderAmount'],
        [{ orderAmount: 10_000_000_000_001 }, 'orderAmount'],
        [{ category: 'PAINTING' }, 'category'],
        [{ voucherCode: 42 }, 'voucherCode'],
        [{ description: '' }, 'description'],
        [{ discount: 100 }, 'discount'],
      ];
      for (const [override, field] of bad) {
        const response = await expectRefused(s, override, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      const malformed = await t
        .http()
        .post('/redemptions')
        .set('authorization', s.provider.token)
        .set('idempotency-key', randomUUID())
        .set('content-type', 'application/json')
        .send('{"voucherCode": ');
      expectProblem(malformed, 400, 'VALIDATION_FAILED');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('confirming and cancelling', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('lets the enterprise confirm a pending redemption once; again is 409', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const r = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 100_000 });
      const confirmed = await confirm(r.id, s.sme.token);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ id: r.id, status: 'confirmed', subsidy: 50_000 });
      expect(await getVoucher(s.code)).toMatchObject({ balance: 950_000, held: 0, status: 'active' });
      const before = await snapshot(s.code);
      expectProblem(await confirm(r.id, s.sme.token), 409, 'INVALID_STATE');
      expect(await snapshot(s.code)).toEqual(before);
      expect((await t.http().get(`/redemptions/${r.id}`).set('authorization', s.provider.token)).body.status).toBe('confirmed');
    });

    it('lets only the voucher enterprise confirm: provider 403, auditor 403, another enterprise 404', async () => {
      const s = await scenario();
      const r = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 100_000 });
      const other = await w.enterprise();
      const before = await snapshot(s.code);
      expectProblem(await confirm(r.id, s.provider.token), 403, 'FORBIDDEN');
      expectProblem(await confirm(r.id, auditor), 403, 'FORBIDDEN');
      expectProblem(await confirm(r.id, other.token), 404, 'NOT_FOUND');
      expectProblem(await confirm(randomUUID(), s.sme.token), 404, 'NOT_FOUND');
      expect(await snapshot(s.code)).toEqual(before);
      expect(before.redemptions).toEqual([expect.objectContaining({ id: r.id, status: 'pending' })]);
    });

    it('lets the provider cancel a pending redemption and restores the balance', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const r = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 300_000 });
      expect(await getVoucher(s.code)).toMatchObject({ balance: 850_000, held: 150_000 });
      const cancelled = await cancel(r.id, s.provider.token);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ id: r.id, status: 'cancelled' });
      expect(await getVoucher(s.code)).toMatchObject({ balance: 1_000_000, held: 0, status: 'active' });
      expect(((await getVoucher(s.code)).funding as Array<{ balance: number }>)[0].balance).toBe(1_000_000);
    });

    it('lets the enterprise cancel a pending redemption, and a fully held voucher becomes usable again', async () => {
      const s = await scenario({ amount: 100_000 });
      const r = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 500_000 });
      expect(await getVoucher(s.code)).toMatchObject({ balance: 0, held: 100_000, status: 'active' });
      const cancelled = await cancel(r.id, s.sme.token);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(await getVoucher(s.code)).toMatchObject({ balance: 100_000, held: 0, status: 'active' });
      expect((await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 2_000 })).status).toBe(201);
    });

    it('refuses to cancel a confirmed or cancelled redemption, or confirm a cancelled one, with 409', async () => {
      const s = await scenario();
      const confirmedOne = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 10_000 });
      await confirm(confirmedOne.id, s.sme.token).expect(200);
      const cancelledOne = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 20_000 });
      await cancel(cancelledOne.id, s.provider.token).expect(200);
      const before = await snapshot(s.code);
      expectProblem(await cancel(confirmedOne.id, s.provider.token), 409, 'INVALID_STATE');
      expectProblem(await cancel(confirmedOne.id, s.sme.token), 409, 'INVALID_STATE');
      expectProblem(await cancel(cancelledOne.id, s.sme.token), 409, 'INVALID_STATE');
      expectProblem(await confirm(cancelledOne.id, s.sme.token), 409, 'INVALID_STATE');
      expect(await snapshot(s.code)).toEqual(before);
    });

    it('cancels the pending redemptions of a revoked voucher; confirmed ones stay confirmed', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const done = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 100_000 }); // subsidy 50_000
      await confirm(done.id, s.sme.token).expect(200);
      const pending = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 200_000 }); // subsidy 100_000
      const before = await w.fundBalances(countyFund);
      const revoked = await t.http().post(`/vouchers/${s.code}/revoke`).set('authorization', admin()).send({ reason: '企业虚报材料' });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ status: 'revoked', balance: 0, held: 0 });
      const read = (id: string) => t.http().get(`/redemptions/${id}`).set('authorization', s.sme.token).expect(200);
      expect((await read(pending.id)).body.status).toBe('cancelled');
      expect((await read(done.id)).body.status).toBe('confirmed');
      expectProblem(await confirm(pending.id, s.sme.token), 409, 'INVALID_STATE');
      expectProblem(await cancel(pending.id, s.provider.token), 409, 'INVALID_STATE');
      const after = await w.fundBalances(countyFund);
      expect({
        available: after.available - before.available,
        vouchers: after.vouchers - before.vouchers,
        held: after.held - before.held,
        payable: after.payable - before.payable,
      }).toEqual({ available: 950_000, vouchers: -850_000, held: -100_000, payable: 0 });
    });

    it('answers 404 to another provider or enterprise cancelling, and 403 to an auditor', async () => {
      const s = await scenario();
      const r = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 100_000 });
      const otherProvider = await w.provider();
      const otherEnterprise = await w.enterprise();
      const before = await snapshot(s.code);
      expectProblem(await cancel(r.id, otherProvider.token), 404, 'NOT_FOUND');
      expectProblem(await cancel(r.id, otherEnterprise.token), 404, 'NOT_FOUND');
      expectProblem(await cancel(r.id, auditor), 403, 'FORBIDDEN');
      expect(await snapshot(s.code)).toEqual(before);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('reading redemptions', () => {
    let a: Scenario;
    let providerB: Party;
    let smeB: Party;
    let voucherB: string;
    let ids: { aOnA: string; aOnB: string; bOnA: string };

    beforeAll(async () => {
      a = await scenario({ amount: 1_000_000 });
      providerB = await w.provider();
      smeB = await w.enterprise();
      voucherB = (await w.voucher(smeB.token, a.program, 1_000_000)).code;
      const aOnA = await redeemOk(a.provider.token, { voucherCode: a.code, orderAmount: 10_000 });
      const aOnB = await redeemOk(a.provider.token, { voucherCode: voucherB, orderAmount: 20_000 });
      const bOnA = await redeemOk(providerB.token, { voucherCode: a.code, orderAmount: 30_000 });
      ids = { aOnA: aOnA.id, aOnB: aOnB.id, bOnA: bOnA.id };
      await confirm(aOnA.id, a.sme.token).expect(200);
    });
    afterAll(() => w.expectLedgerBalanced());

    const idsOf = (list: Body[]) => list.map((r) => r.id as string).sort();

    it('shows a provider its own redemptions only, and an enterprise those on its vouchers only', async () => {
      expect(idsOf(await listRedemptions(a.provider.token))).toEqual([ids.aOnA, ids.aOnB].sort());
      expect(idsOf(await listRedemptions(providerB.token))).toEqual([ids.bOnA]);
      expect(idsOf(await listRedemptions(a.sme.token))).toEqual([ids.aOnA, ids.bOnA].sort());
      expect(idsOf(await listRedemptions(smeB.token))).toEqual([ids.aOnB]);
      expect(idsOf(await listRedemptions(await w.enterprise().then((e) => e.token)))).toEqual([]);
    });

    it('answers 404 to a party reading another party’s redemption by id', async () => {
      expectProblem(await t.http().get(`/redemptions/${ids.aOnA}`).set('authorization', providerB.token), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/redemptions/${ids.aOnA}`).set('authorization', smeB.token), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/redemptions/${randomUUID()}`).set('authorization', admin()), 404, 'NOT_FOUND');
      const own = await t.http().get(`/redemptions/${ids.aOnA}`).set('authorization', a.sme.token).expect(200);
      expect(own.body).toMatchObject({ id: ids.aOnA, status: 'confirmed', voucherCode: a.code });
      await t.http().get(`/redemptions/${ids.bOnA}`).set('authorization', auditor).expect(200);
    });

    it('filters by status and by voucher code (as typed in any accepted form)', async () => {
      expect(idsOf(await listRedemptions(a.provider.token, { status: 'pending' }))).toEqual([ids.aOnB]);
      expect(idsOf(await listRedemptions(a.provider.token, { status: 'confirmed' }))).toEqual([ids.aOnA]);
      expect(idsOf(await listRedemptions(a.provider.token, { status: 'cancelled' }))).toEqual([]);
      expect(idsOf(await listRedemptions(a.provider.token, { voucherCode: voucherB }))).toEqual([ids.aOnB]);
      expect(idsOf(await listRedemptions(admin(), { voucherCode: a.code }))).toEqual([ids.aOnA, ids.bOnA].sort());
      expect(idsOf(await listRedemptions(admin(), { voucherCode: a.code.replace(/-/g, '').toLowerCase() }))).toEqual(
        [ids.aOnA, ids.bOnA].sort(),
      );
      expect(idsOf(await listRedemptions(admin(), { voucherCode: a.code, status: 'pending' }))).toEqual([ids.bOnA]);
      expect(idsOf(await listRedemptions(a.sme.token, { voucherCode: voucherB }))).toEqual([]);
      expectProblem(await t.http().get('/redemptions').query({ status: 'paid' }).set('authorization', admin()), 400, 'VALIDATION_FAILED');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('idempotency', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('replays the same key and body with the same status and body, writing one redemption', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const key = randomUUID();
      const body = { voucherCode: s.code, orderAmount: 100_000 };
      const first = await w.redeem(s.provider.token, body, key);
      expect(first.status).toBe(201);
      const again = await w.redeem(s.provider.token, body, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      // The same body with its fields in another order is the same request.
      const reordered = await t
        .http()
        .post('/redemptions')
        .set('authorization', s.provider.token)
        .set('idempotency-key', key)
        .send({ orderAmount: 100_000, description: '工业设计', voucherCode: s.code, category: 'DESIGN' });
      expect(reordered.status).toBe(201);
      expect(reordered.body).toEqual(first.body);
      expect(await listRedemptions(admin(), { voucherCode: s.code })).toHaveLength(1);
      expect(await getVoucher(s.code)).toMatchObject({ balance: 950_000, held: 50_000 });
    });

    it('refuses the same key with another body with IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const key = randomUUID();
      await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 100_000 }, key);
      const before = await snapshot(s.code);
      expectProblem(await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 100_001 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
      expectProblem(
        await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 100_000, category: 'TESTING' }, key),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await snapshot(s.code)).toEqual(before);
    });

    it('stores a 4xx answer and replays it even after the condition changed', async () => {
      const s = await scenario({ amount: 100_000 });
      const hold = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 1_000_000 }); // holds everything
      const key = randomUUID();
      const body = { voucherCode: s.code, orderAmount: 10_000 };
      const refused = await w.redeem(s.provider.token, body, key);
      expectProblem(refused, 422, 'VOUCHER_NOT_USABLE');

      await cancel(hold.id, s.provider.token).expect(200);
      expect(await getVoucher(s.code)).toMatchObject({ balance: 100_000, held: 0 });

      const replayed = await w.redeem(s.provider.token, body, key);
      expectProblem(replayed, 422, 'VOUCHER_NOT_USABLE');
      expect(replayed.body).toEqual(refused.body);
      expect(await getVoucher(s.code)).toMatchObject({ balance: 100_000, held: 0 });
      // A new key is a new request, and now succeeds.
      expect((await w.redeem(s.provider.token, body)).status).toBe(201);
    });

    it('keeps keys per user: another provider user may use the same key string', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const other = await w.provider();
      const key = `order-${randomUUID()}`;
      const body = { voucherCode: s.code, orderAmount: 100_000 };
      const mine = await redeemOk(s.provider.token, body, key);
      const theirs = await redeemOk(other.token, body, key);
      expect(theirs.id).not.toBe(mine.id);
      expect(theirs.providerId).toBe(other.id);
      expect(await listRedemptions(admin(), { voucherCode: s.code })).toHaveLength(2);
      expect(await getVoucher(s.code)).toMatchObject({ balance: 900_000, held: 100_000 });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('concurrency', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('lets 50 parallel redemptions hold exactly the face value, never more', async () => {
      const fund = await w.fund('330702', 10_000_000);
      const s = await scenario({ amount: 1_000_000, program: { ratioBp: 10_000 }, funding: [{ fundId: fund, shareBp: 10_000 }] });
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 30_000 }, randomUUID())),
      );
      const successes = responses.filter((r) => r.status === 201);
      const failures = responses.filter((r) => r.status !== 201);
      const subsidies = successes.map((r) => r.body.subsidy as number);

      expect(subsidies.reduce((a, b) => a + b, 0)).toBe(1_000_000);
      expect(subsidies.every((x) => x > 0 && x <= 30_000)).toBe(true);
      expect(subsidies.filter((x) => x < 30_000).length).toBeLessThanOrEqual(1);
      expect(subsidies.filter((x) => x === 30_000)).toHaveLength(33);
      expect(subsidies.filter((x) => x < 30_000)).toEqual([10_000]);
      for (const failure of failures) expectProblem(failure, 422, 'VOUCHER_NOT_USABLE');
      expect(failures).toHaveLength(16);

      const voucher = await getVoucher(s.code);
      expect(voucher).toMatchObject({ balance: 0, held: 1_000_000, status: 'active' });
      expect(voucher.funding).toEqual([{ fundId: fund, faceValue: 1_000_000, balance: 0 }]);
      expect(await listRedemptions(admin(), { voucherCode: s.code, status: 'pending' })).toHaveLength(34);
      expect(await w.fundBalances(fund)).toMatchObject({ allocated: 10_000_000, available: 9_000_000, vouchers: 0, held: 1_000_000 });
    });

    it('answers 20 parallel requests with one key and one body with one redemption', async () => {
      const s = await scenario({ amount: 1_000_000 });
      const key = randomUUID();
      const body = { voucherCode: s.code, orderAmount: 100_000 };
      const responses = await Promise.all(Array.from({ length: 20 }, () => w.redeem(s.provider.token, body, key)));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const first = responses[0].body;
      for (const response of responses) expect(response.body).toEqual(first);
      const stored = await listRedemptions(admin(), { voucherCode: s.code });
      expect(stored.map((r) => r.id)).toEqual([first.id]);
      expect(await getVoucher(s.code)).toMatchObject({ balance: 950_000, held: 50_000 });
    });

    it('lets exactly one of parallel confirms and cancels of one redemption succeed', async () => {
      const fund = await w.fund('330702', 10_000_000);
      const s = await scenario({ amount: 1_000_000, funding: [{ fundId: fund, shareBp: 10_000 }] });
      const r = await redeemOk(s.provider.token, { voucherCode: s.code, orderAmount: 200_000 }); // subsidy 100_000
      const attempts = Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? confirm(r.id, s.sme.token).then((res) => ({ kind: 'confirm', res }))
          : cancel(r.id, i % 4 === 1 ? s.provider.token : s.sme.token).then((res) => ({ kind: 'cancel', res })),
      );
      const results = await Promise.all(attempts);
      const won = results.filter((x) => x.res.status === 200);
      expect(won).toHaveLength(1);
      for (const lost of results.filter((x) => x.res.status !== 200)) expectProblem(lost.res, 409, 'INVALID_STATE');

      const winner = won[0];
      const read = await t.http().get(`/redemptions/${r.id}`).set('authorization', admin()).expect(200);
      const voucher = await getVoucher(s.code);
      const balances = await w.fundBalances(fund);
      if (winner.kind === 'confirm') {
        expect(read.body.status).toBe('confirmed');
        expect(voucher).toMatchObject({ balance: 900_000, held: 0, status: 'active' });
        expect(balances).toMatchObject({ vouchers: 900_000, held: 0, payable: 100_000 });
      } else {
        expect(read.body.status).toBe('cancelled');
        expect(voucher).toMatchObject({ balance: 1_000_000, held: 0, status: 'active' });
        expect(balances).toMatchObject({ vouchers: 1_000_000, held: 0, payable: 0 });
      }
    });
  });
});
