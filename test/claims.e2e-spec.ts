import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import type { Body } from './support/bodies.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

// ---------------------------------------------------------------------------------------------
// Claims (docs/domain.md Lifecycle 4, docs/api.md "Claims" and "Errors"): a provider claims confirmed
// redemptions of one program with its invoice; the issuing region's officer (or the city admin)
// approves or rejects. Everything below goes through the public API, as its users would.
// ---------------------------------------------------------------------------------------------

interface Party {
  id: string;
  token: string;
  uscc: string;
}

interface Setup {
  program: Body;
  sme: Party;
  provider: Party;
  code: string;
}

interface Confirmed {
  id: string;
  subsidy: number;
}

const ISO_SHANGHAI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/;
const START = '2026-03-10T10:00:00+08:00';

let invoiceCounter = 0;
/** A fresh invoice number: letters, digits and hyphens. */
function invoiceNo(): string {
  invoiceCounter += 1;
  return `INV-${invoiceCounter}-${randomUUID().slice(0, 8)}`;
}

const sorted = (ids: string[]) => [...ids].sort();
const sum = (rs: Confirmed[]) => rs.reduce((a, r) => a + r.subsidy, 0);

describe('claims', () => {
  let t: TestApp;
  let w: World;
  let wuchengFund: string;
  let jindongFund: string;
  let auditor: string;
  let wuchengFinance: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    wuchengFund = await w.fund('330702', 10_000_000_000);
    jindongFund = await w.fund('330703', 10_000_000_000);
    auditor = (await createUser(t, 'auditor')).token;
    wuchengFinance = await w.financeOf('330702');
  });
  afterAll(async () => {
    await (t as TestApp | undefined)?.close(); // unset when beforeAll failed
  });

  const admin = () => t.adminToken;

  /** A program of `issuer` (funded by that region's fund), an enterprise of that region, a provider and a voucher. */
  async function setup(options: { issuer?: '330702' | '330703'; program?: Record<string, unknown>; amount?: number } = {}): Promise<Setup> {
    const issuer = options.issuer ?? '330702';
    const fundId = issuer === '330702' ? wuchengFund : jindongFund;
    const program = await w.program({ issuerRegionCode: issuer, funding: [{ fundId, shareBp: 10_000 }], ...options.program });
    const sme = await w.enterprise({ regionCode: issuer });
    const provider = await w.provider();
    const voucher = await w.voucher(sme.token, program, options.amount ?? 10_000_000);
    return { program, sme, provider, code: voucher.code };
  }

  async function pendingRedemption(s: Setup, orderAmount = 200_000, provider: Party = s.provider): Promise<Confirmed> {
    const response = await w.redeem(provider.token, { voucherCode: s.code, orderAmount });
    if (response.status !== 201) throw new Error(`redeem failed: ${response.status} ${JSON.stringify(response.body)}`);
    return { id: response.body.id, subsidy: response.body.subsidy };
  }

  const confirm = (id: string, token: string) => t.http().post(`/redemptions/${id}/confirm`).set('authorization', token).send();

  /** Redeems (as `provider`) and confirms (as the voucher's enterprise). */
  async function confirmedRedemption(s: Setup, orderAmount = 200_000, provider: Party = s.provider): Promise<Confirmed> {
    const r = await pendingRedemption(s, orderAmount, provider);
    const confirmed = await confirm(r.id, s.sme.token);
    if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    return r;
  }

  function claimBody(redemptionIds: string[], amount: number, invoice: Record<string, unknown> = {}) {
    return { redemptionIds, invoice: { number: invoiceNo(), date: '2026-03-10', amount, ...invoice } };
  }

  /** One invoice file per caller, uploaded on its first claim and named by each of its claims after. */
  const invoiceFiles = new Map<string, Promise<string>>();
  function invoiceFileOf(token: string): Promise<string> {
    if (!invoiceFiles.has(token)) invoiceFiles.set(token, w.invoiceFile(token));
    return invoiceFiles.get(token)!;
  }

  /**
   * POST /claims; `key: null` sends no Idempotency-Key. A body object without `documentIds` gets the
   * caller's invoice file (a claim needs one; test/evidence.e2e-spec.ts covers the documents).
   */
  async function submit(token: string, body: unknown, key: string | null = randomUUID()): Promise<request.Response> {
    const withInvoice =
      typeof body === 'object' && body !== null && !Array.isArray(body) && !('documentIds' in body)
        ? { ...body, documentIds: [await invoiceFileOf(token)] }
        : body;
    const req = t.http().post('/claims').set('authorization', token);
    if (key !== null) req.set('idempotency-key', key);
    return req.send(withInvoice as object);
  }

  async function submitOk(token: string, body: Record<string, unknown>, key?: string): Promise<Body> {
    const response = await submit(token, body, key);
    if (response.status !== 201) throw new Error(`claim failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Claims `rs` (confirmed redemptions of `provider`) with a fresh invoice number. */
  async function claimOf(provider: Party, rs: Confirmed[]): Promise<Body> {
    return submitOk(
      provider.token,
      claimBody(
        rs.map((r) => r.id),
        sum(rs),
      ),
    );
  }

  async function listClaims(token: string, query: Record<string, string> = {}): Promise<Body[]> {
    const response = await t.http().get('/claims').query(query).set('authorization', token);
    if (response.status !== 200) throw new Error(`list claims failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  const idsOf = (claims: Body[]): string[] => claims.map((c) => c.id as string).sort();

  async function allClaimIds(): Promise<string[]> {
    const all = await listClaims(admin(), { limit: '1000' });
    expect(all.length).toBeLessThan(1000);
    return idsOf(all);
  }

  /**
   * Sends a request that must be refused with `status`/`code` and checks that nothing was written:
   * the provider's claims and all claims are unchanged, and (when given) the redemptions can still be claimed.
   */
  async function expectRefused(
    provider: Party,
    send: () => PromiseLike<request.Response>,
    status: number,
    code: string,
    stillClaimable?: Confirmed[],
  ): Promise<request.Response> {
    const mine = await listClaims(provider.token);
    const all = await allClaimIds();
    const response = await send();
    expectProblem(response, status, code);
    expect(await listClaims(provider.token)).toEqual(mine);
    expect(await allClaimIds()).toEqual(all);
    if (stillClaimable) {
      const claim = await claimOf(provider, stillClaimable);
      expect(sorted(claim.redemptionIds)).toEqual(sorted(stillClaimable.map((r) => r.id)));
    }
    return response;
  }

  const decide = (
    id: string,
    action: 'approve' | 'reject',
    token: string,
    body: unknown = action === 'reject' ? { reason: '发票抬头不符' } : {},
  ) =>
    t
      .http()
      .post(`/claims/${id}/${action}`)
      .set('authorization', token)
      .send(body as object);

  async function getClaim(id: string, token = admin()): Promise<Body> {
    const response = await t.http().get(`/claims/${id}`).set('authorization', token);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** Runs `body` at another instant and sets the clock back afterwards. */
  async function at<T>(instant: string, body: () => Promise<T>): Promise<T> {
    const saved = t.clock.now();
    try {
      t.clock.set(instant);
      return await body();
    } finally {
      t.clock.set(saved);
    }
  }

  // -------------------------------------------------------------------------------------------
  describe('submitting', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('answers 201 with the claim of one confirmed redemption; GET /claims/:id shows the same', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 200_001); // subsidy floor(200_001 × 0.5) = 100_000
      expect(r.subsidy).toBe(100_000);
      const body = claimBody([r.id], 100_000, { number: 'FP-33002612345678', date: '2026-03-09' });
      const response = await submit(s.provider.token, body);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        programId: s.program.id,
        providerId: s.provider.id,
        amount: 100_000,
        status: 'submitted',
        redemptionIds: [r.id],
        invoice: { number: 'FP-33002612345678', date: '2026-03-09', amount: 100_000 },
      });
      expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body.createdAt).toMatch(ISO_SHANGHAI);
      expect(new Date(response.body.createdAt).getTime()).toBe(new Date(START).getTime());
      expect(response.body.rejectReason ?? null).toBeNull();

      expect(await getClaim(response.body.id, s.provider.token)).toEqual(response.body);
      expect(idsOf(await listClaims(s.provider.token))).toEqual([response.body.id]);
    });

    it('claims several redemptions of one program, over several vouchers, for the sum of their subsidies', async () => {
      const s = await setup();
      const rs = [await confirmedRedemption(s, 200_001), await confirmedRedemption(s, 33_333), await confirmedRedemption(s, 7)];
      expect(rs.map((r) => r.subsidy)).toEqual([100_000, 16_666, 3]);
      // A second enterprise's voucher of the same program, redeemed at the same provider.
      const sme2 = await w.enterprise({ regionCode: '330702' });
      const voucher2 = await w.voucher(sme2.token, s.program, 1_000_000);
      const other = await confirmedRedemption({ ...s, sme: sme2, code: voucher2.code }, 50_000);
      const all = [...rs, other];

      expect(other.subsidy).toBe(25_000);
      expect(sum(all)).toBe(141_669);

      const claim = await submitOk(
        s.provider.token,
        claimBody(
          all.map((r) => r.id),
          141_669,
        ),
      );
      expect(claim).toMatchObject({ programId: s.program.id, providerId: s.provider.id, amount: 141_669, status: 'submitted' });
      expect(claim.invoice.amount).toBe(141_669);
      expect(sorted(claim.redemptionIds)).toEqual(sorted(all.map((r) => r.id)));
      expect((await getClaim(claim.id)).amount).toBe(141_669);
    });

    it('moves no money: fund balances are the same before and after submitting', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const before = await w.fundBalances(wuchengFund);
      await claimOf(s.provider, [r]);
      expect(await w.fundBalances(wuchengFund)).toEqual(before);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('refusals', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('refuses an invoice amount other than the sum of the subsidies with 400 VALIDATION_FAILED', async () => {
      const s = await setup();
      const rs = [await confirmedRedemption(s, 200_000), await confirmedRedemption(s, 100_000)]; // 100_000 + 50_000
      const ids = rs.map((r) => r.id);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody(ids, 150_001)), 400, 'VALIDATION_FAILED');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody(ids, 149_999)), 400, 'VALIDATION_FAILED');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody(ids, 100_000)), 400, 'VALIDATION_FAILED', rs);
    });

    it('refuses redemptions of two programs in one claim with 400 VALIDATION_FAILED', async () => {
      const s = await setup();
      const p2 = await w.program({ funding: [{ fundId: wuchengFund, shareBp: 10_000 }] });
      const v2 = await w.voucher(s.sme.token, p2, 1_000_000);
      const a = await confirmedRedemption(s, 100_000);
      const b = await confirmedRedemption({ ...s, program: p2, code: v2.code }, 100_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([a.id, b.id], 100_000)), 400, 'VALIDATION_FAILED', [a]);
      expect((await claimOf(s.provider, [b])).programId).toBe(p2.id);
    });

    it('refuses the same redemption twice in the list with 400 VALIDATION_FAILED', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([r.id, r.id], 100_000)), 400, 'VALIDATION_FAILED');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([r.id, r.id], 50_000)), 400, 'VALIDATION_FAILED', [r]);
    });

    it('refuses a pending redemption with 409 INVALID_STATE; once confirmed it can be claimed', async () => {
      const s = await setup();
      const r = await pendingRedemption(s, 100_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([r.id], 50_000)), 409, 'INVALID_STATE');
      await confirm(r.id, s.sme.token).expect(200);
      await claimOf(s.provider, [r]);
    });

    it('refuses a cancelled redemption with 409 INVALID_STATE, alone or next to a confirmed one', async () => {
      const s = await setup();
      const cancelled = await pendingRedemption(s, 100_000);
      await t.http().post(`/redemptions/${cancelled.id}/cancel`).set('authorization', s.provider.token).send().expect(200);
      const ok = await confirmedRedemption(s, 60_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([cancelled.id], 50_000)), 409, 'INVALID_STATE');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([ok.id, cancelled.id], 80_000)), 409, 'INVALID_STATE', [ok]);
    });

    it('refuses a redemption already in a submitted claim with 409 INVALID_STATE', async () => {
      const s = await setup();
      const claimed = await confirmedRedemption(s, 100_000);
      const fresh = await confirmedRedemption(s, 40_000);
      await claimOf(s.provider, [claimed]);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([claimed.id], 50_000)), 409, 'INVALID_STATE');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([fresh.id, claimed.id], 70_000)), 409, 'INVALID_STATE', [
        fresh,
      ]);
    });

    it('refuses a redemption already in an approved claim with 409 INVALID_STATE', async () => {
      const s = await setup();
      const claimed = await confirmedRedemption(s, 100_000);
      const claim = await claimOf(s.provider, [claimed]);
      await decide(claim.id, 'approve', await w.officerOf('330702')).expect(200);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([claimed.id], 50_000)), 409, 'INVALID_STATE');
    });

    it("refuses another provider's redemption with 404, alone or next to its own", async () => {
      const s = await setup();
      const other = await w.provider();
      const theirs = await confirmedRedemption(s, 100_000, other);
      const mine = await confirmedRedemption(s, 40_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([theirs.id], 50_000)), 404, 'NOT_FOUND');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([mine.id, theirs.id], 70_000)), 404, 'NOT_FOUND', [mine]);
      // The other provider can still claim its own.
      await claimOf(other, [theirs]);
    });

    it('refuses an unknown redemption id with 404', async () => {
      const s = await setup();
      const mine = await confirmedRedemption(s, 40_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([randomUUID()], 50_000)), 404, 'NOT_FOUND');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([mine.id, randomUUID()], 20_000)), 404, 'NOT_FOUND', [mine]);
    });

    it('refuses a claim past claimWindowDays with 422 CLAIM_WINDOW_CLOSED; 10 days later is still accepted', async () => {
      const s = await setup({ program: { claimWindowDays: 10 } });
      const r = await confirmedRedemption(s, 100_000); // confirmed 2026-03-10T10:00+08:00
      const saved = t.clock.now();
      try {
        t.clock.advanceDays(11);
        await expectRefused(s.provider, () => submit(s.provider.token, claimBody([r.id], 50_000)), 422, 'CLAIM_WINDOW_CLOSED');
      } finally {
        t.clock.set(saved);
      }
      try {
        t.clock.advanceDays(10);
        const claim = await claimOf(s.provider, [r]);
        expect(new Date(claim.createdAt).getTime()).toBe(new Date('2026-03-20T10:00:00+08:00').getTime());
      } finally {
        t.clock.set(saved);
      }
      expect(t.clock.now().toISOString()).toBe(new Date(START).toISOString());
    });

    it('closes the window at the end of the Asia/Shanghai day claimWindowDays after confirmation', async () => {
      const s = await setup({ program: { claimWindowDays: 10 } });
      const [a, b, c] = [await confirmedRedemption(s, 10_000), await confirmedRedemption(s, 20_000), await confirmedRedemption(s, 30_000)];
      // Confirmed 2026-03-10 (Shanghai): the window ends 2026-03-20T23:59:59.999+08:00.
      await at('2026-03-20T23:59:59.999+08:00', () => claimOf(s.provider, [a]));
      await at('2026-03-21T00:00:00.000+08:00', () =>
        expectRefused(s.provider, () => submit(s.provider.token, claimBody([b.id, c.id], 25_000)), 422, 'CLAIM_WINDOW_CLOSED'),
      );
      await at('2026-03-21T00:00:00.000+08:00', () =>
        expectRefused(s.provider, () => submit(s.provider.token, claimBody([c.id], 15_000)), 422, 'CLAIM_WINDOW_CLOSED'),
      );
    });

    it('counts the window in Shanghai days, not UTC days', async () => {
      const s = await setup({ program: { claimWindowDays: 10 } });
      // 2026-03-11T07:00+08:00 is still 2026-03-10 in UTC; in Shanghai it is 2026-03-11, so the
      // window ends 2026-03-21T23:59:59.999+08:00 (and not at 2026-03-21T07:59:59.999+08:00).
      const [early, late] = await at('2026-03-11T07:00:00+08:00', async () => [
        await confirmedRedemption(s, 10_000),
        await confirmedRedemption(s, 20_000),
      ]);
      await at('2026-03-21T12:00:00+08:00', () => claimOf(s.provider, [early]));
      await at('2026-03-22T00:00:00+08:00', () =>
        expectRefused(s.provider, () => submit(s.provider.token, claimBody([late.id], 10_000)), 422, 'CLAIM_WINDOW_CLOSED'),
      );
    });

    it('refuses an invoice number the provider used before with 409 DUPLICATE; another provider may use it', async () => {
      const s = await setup();
      const number = `FP-${randomUUID().slice(0, 12)}`;
      const first = await confirmedRedemption(s, 100_000);
      const second = await confirmedRedemption(s, 60_000);
      await submitOk(s.provider.token, claimBody([first.id], 50_000, { number }));
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([second.id], 30_000, { number })), 409, 'DUPLICATE', [
        second,
      ]);

      // Also under another program of the same provider.
      const p2 = await w.program({ funding: [{ fundId: wuchengFund, shareBp: 10_000 }] });
      const v2 = await w.voucher(s.sme.token, p2, 1_000_000);
      const third = await confirmedRedemption({ ...s, program: p2, code: v2.code }, 20_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([third.id], 10_000, { number })), 409, 'DUPLICATE', [third]);

      const other = await w.provider();
      const theirs = await confirmedRedemption(s, 40_000, other);
      const claim = await submitOk(other.token, claimBody([theirs.id], 20_000, { number }));
      expect(claim.invoice.number).toBe(number);
    });

    it('refuses a suspended provider with 409 INVALID_STATE; once active again it may claim', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const status = (to: string) =>
        t
          .http()
          .post(`/providers/${s.provider.id}/status`)
          .set('authorization', admin())
          .send({ status: to, reason: '年度检查' })
          .expect(200);
      await status('suspended');
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([r.id], 50_000)), 409, 'INVALID_STATE');
      await status('active');
      await claimOf(s.provider, [r]);
    });

    it('refuses every role but provider with 403', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const tokens: Array<[string, string]> = [
        ['city_admin', admin()],
        ['county_officer', await w.officerOf('330702')],
        ['finance', wuchengFinance],
        ['enterprise', s.sme.token],
        ['auditor', auditor],
      ];
      for (const [role, token] of tokens) {
        const response = await expectRefused(s.provider, () => submit(token, claimBody([r.id], 50_000)), 403, 'FORBIDDEN');
        expect([role, response.status]).toEqual([role, 403]);
      }
      await claimOf(s.provider, [r]);
    });

    it('refuses a missing or malformed Idempotency-Key with 400', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([r.id], 50_000), null), 400, 'VALIDATION_FAILED');
      await expectRefused(
        s.provider,
        () => submit(s.provider.token, claimBody([r.id], 50_000), 'k'.repeat(129)),
        400,
        'VALIDATION_FAILED',
        [r],
      );
    });

    it('refuses malformed bodies with 400 VALIDATION_FAILED problem+json and writes nothing', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000); // subsidy 50_000
      const good = () => claimBody([r.id], 50_000);
      const withInvoice = (invoice: Record<string, unknown>) => {
        const body = good();
        return { ...body, invoice: { ...body.invoice, ...invoice } };
      };
      const { redemptionIds: _ids, ...noIds } = good();
      const { date: _date, ...invoiceNoDate } = good().invoice;
      const cases: Array<[string, unknown]> = [
        ['empty redemptionIds', claimBody([], 50_000)],
        ['a non-uuid redemption id', claimBody(['not-a-uuid'], 50_000)],
        ['a non-uuid next to a good id', claimBody([r.id, '12345'], 50_000)],
        ['redemptionIds missing', noIds],
        ['redemptionIds a string', { ...good(), redemptionIds: r.id }],
        ['redemptionIds with a number', { ...good(), redemptionIds: [42] }],
        ['invoice.date 2026-02-30', withInvoice({ date: '2026-02-30' })],
        ['invoice.date 20260301', withInvoice({ date: '20260301' })],
        ['invoice.date 2026-3-1', withInvoice({ date: '2026-3-1' })],
        ['invoice.date with a time', withInvoice({ date: '2026-03-01T10:00:00+08:00' })],
        ['invoice.date missing', { ...good(), invoice: invoiceNoDate }],
        ['invoice.amount 0', withInvoice({ amount: 0 })],
        ['invoice.amount 1.5', withInvoice({ amount: 1.5 })],
        ['invoice.amount "100"', withInvoice({ amount: '100' })],
        ['invoice.amount "50000"', withInvoice({ amount: '50000' })],
        ['invoice.amount -50000', withInvoice({ amount: -50_000 })],
        ['invoice.amount null', withInvoice({ amount: null })],
        ['invoice.amount above 10^13', withInvoice({ amount: 10_000_000_000_001 })],
        ['invoice.number with spaces', withInvoice({ number: 'INV 2026 001' })],
        ['invoice.number of 65 characters', withInvoice({ number: 'A'.repeat(65) })],
        ['invoice.number empty', withInvoice({ number: '' })],
        ['invoice.number a number', withInvoice({ number: 12345 })],
        ['an unknown top-level field', { ...good(), note: 'x' }],
        ['an unknown invoice field', withInvoice({ taxRate: 6 })],
        ['a providerId in the body', { ...good(), providerId: s.provider.id }],
        ['invoice null', { ...good(), invoice: null }],
        ['invoice a string', { ...good(), invoice: 'FP-1' }],
        ['invoice an empty object', { ...good(), invoice: {} }],
        ['an empty body', {}],
        ['an array body', [good()]],
      ];
      const mine = await listClaims(s.provider.token);
      const all = await allClaimIds();
      const failures: string[] = [];
      for (const [name, body] of cases) {
        const response = await submit(s.provider.token, body);
        const okStatus = response.status === 400 && response.body?.code === 'VALIDATION_FAILED';
        const type = response.headers['content-type'] as string | undefined; // absent on an empty answer
        const okType = type?.startsWith('application/problem+json') ?? false;
        if (!okStatus || !okType)
          failures.push(`${name}: ${response.status} ${response.headers['content-type']} ${JSON.stringify(response.body)}`);
      }
      // Malformed JSON.
      const broken = await t
        .http()
        .post('/claims')
        .set('authorization', s.provider.token)
        .set('idempotency-key', randomUUID())
        .set('content-type', 'application/json')
        .send('{"redemptionIds": [');
      if (broken.status !== 400 || broken.body?.code !== 'VALIDATION_FAILED')
        failures.push(`malformed JSON: ${broken.status} ${JSON.stringify(broken.body)}`);
      expect(failures).toEqual([]);
      expect(await listClaims(s.provider.token)).toEqual(mine);
      expect(await allClaimIds()).toEqual(all);
      await claimOf(s.provider, [r]);
    });

    // Kept apart from the list above so that each failure is reported on its own (see the report).
    it('refuses a body without an invoice with 400 VALIDATION_FAILED, never a 500', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000); // subsidy 50_000
      const { invoice: _dropped, ...noInvoice } = claimBody([r.id], 50_000);
      await expectRefused(s.provider, () => submit(s.provider.token, noInvoice), 400, 'VALIDATION_FAILED', [r]);
    });

    it('refuses a body whose invoice is an array with 400 VALIDATION_FAILED, never a 500', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000); // subsidy 50_000
      const good = claimBody([r.id], 50_000);
      await expectRefused(s.provider, () => submit(s.provider.token, { ...good, invoice: [good.invoice] }), 400, 'VALIDATION_FAILED', [r]);
    });

    it('answers 401 without a token, before anything else', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      await expectRefused(
        s.provider,
        () =>
          t
            .http()
            .post('/claims')
            .set('idempotency-key', randomUUID())
            .send(claimBody([r.id], 50_000)),
        401,
        'UNAUTHENTICATED',
      );
      await expectRefused(s.provider, () => t.http().post('/claims').send({}), 401, 'UNAUTHENTICATED', [r]);
    });

    it('refuses a blacklisted provider with 409 INVALID_STATE', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      await t
        .http()
        .post(`/providers/${s.provider.id}/status`)
        .set('authorization', admin())
        .send({ status: 'blacklisted', reason: '虚假发票' })
        .expect(200);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([r.id], 50_000)), 409, 'INVALID_STATE');
    });

    it('still claims a confirmed redemption of a voucher revoked later; its cancelled pending hold is refused', async () => {
      const s = await setup();
      const confirmed = await confirmedRedemption(s, 100_000);
      const pending = await pendingRedemption(s, 40_000);
      const revoked = await t.http().post(`/vouchers/${s.code}/revoke`).set('authorization', admin()).send({ reason: '企业虚报材料' });
      expect(revoked.status).toBe(200);
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([pending.id], pending.subsidy)), 409, 'INVALID_STATE');
      expect((await claimOf(s.provider, [confirmed])).amount).toBe(50_000);
    });

    it('names the offending field in errors', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const body = claimBody([r.id], 50_000, { date: '2026-02-30' });
      const response = await submit(s.provider.token, body);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'invoice.date' })]));
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('review', () => {
    afterAll(() => w.expectLedgerBalanced());

    async function submitted(options: { issuer?: '330702' | '330703' } = {}): Promise<{ s: Setup; rs: Confirmed[]; claim: Body }> {
      const s = await setup(options);
      const rs = [await confirmedRedemption(s, 100_000), await confirmedRedemption(s, 30_001)];
      const claim = await claimOf(s.provider, rs);
      return { s, rs, claim };
    }

    it("lets the issuer region's county officer approve: 200 approved, and nothing moves in the funds", async () => {
      const { s, claim } = await submitted();
      const before = await w.fundBalances(wuchengFund);
      const response = await decide(claim.id, 'approve', await w.officerOf('330702'));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: claim.id,
        status: 'approved',
        amount: claim.amount,
        programId: s.program.id,
        providerId: s.provider.id,
      });
      expect(sorted(response.body.redemptionIds)).toEqual(sorted(claim.redemptionIds));
      expect(response.body.rejectReason ?? null).toBeNull();
      expect(response.body.decidedAt).toMatch(ISO_SHANGHAI);
      expect((await getClaim(claim.id, s.provider.token)).status).toBe('approved');
      expect(await w.fundBalances(wuchengFund)).toEqual(before);
    });

    it("lets the issuer region's county officer reject with a reason: 200 rejected with rejectReason", async () => {
      const { s, claim } = await submitted();
      const response = await decide(claim.id, 'reject', await w.officerOf('330702'), { reason: '发票金额与服务合同不符' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: claim.id, status: 'rejected', rejectReason: '发票金额与服务合同不符' });
      expect(await getClaim(claim.id, s.provider.token)).toMatchObject({ status: 'rejected', rejectReason: '发票金额与服务合同不符' });
    });

    it('lets the city admin approve and reject claims of a county program', async () => {
      const a = await submitted();
      const b = await submitted();
      expect((await decide(a.claim.id, 'approve', admin())).body).toMatchObject({ status: 'approved' });
      const rejected = await decide(b.claim.id, 'reject', admin(), { reason: '材料不全' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '材料不全' });
    });

    it('makes the redemptions claimable again after a rejection, under a new invoice number', async () => {
      const { s, rs, claim } = await submitted();
      const claimable = async (value: string) =>
        (await t.http().get(`/redemptions?claimable=${value}`).set('authorization', s.provider.token).expect(200)).body.map(
          (r: { id: string }) => r.id,
        );
      const inClaim = (await t.http().get(`/redemptions/${rs[0].id}`).set('authorization', s.provider.token).expect(200)).body;
      expect(inClaim.claimId).toBe(claim.id);
      expect(await claimable('true')).toEqual([]);
      expect(sorted(await claimable('false'))).toEqual(sorted(rs.map((r) => r.id)));
      await decide(claim.id, 'reject', await w.officerOf('330702')).expect(200);
      // Rejected: claimable again, and listed so.
      expect(sorted(await claimable('true'))).toEqual(sorted(rs.map((r) => r.id)));
      expect(
        (await t.http().get(`/redemptions/${rs[0].id}`).set('authorization', s.provider.token).expect(200)).body.claimId,
      ).toBeUndefined();
      expectProblem(await t.http().get('/redemptions?claimable=maybe').set('authorization', s.provider.token), 400, 'VALIDATION_FAILED');
      const again = await claimOf(s.provider, rs);
      expect(again.id).not.toBe(claim.id);
      expect(again).toMatchObject({ status: 'submitted', amount: sum(rs) });
      expect(sorted(again.redemptionIds)).toEqual(sorted(rs.map((r) => r.id)));
      // A part of them, too, after the second claim is rejected.
      await decide(again.id, 'reject', admin()).expect(200);
      const part = await claimOf(s.provider, [rs[1]]);
      expect(part.amount).toBe(rs[1].subsidy);
      expect((await decide(part.id, 'approve', await w.officerOf('330702'))).body.status).toBe('approved');
      // The rejected claims keep their redemptions for the record.
      expect(sorted((await getClaim(claim.id)).redemptionIds)).toEqual(sorted(rs.map((r) => r.id)));
    });

    it('keeps the redemptions of an approved claim out of any new claim (409 INVALID_STATE)', async () => {
      const { s, rs, claim } = await submitted();
      await decide(claim.id, 'approve', await w.officerOf('330702')).expect(200);
      for (const ids of [[rs[0].id], [rs[1].id], rs.map((r) => r.id)]) {
        const amount = sum(rs.filter((r) => ids.includes(r.id)));
        await expectRefused(s.provider, () => submit(s.provider.token, claimBody(ids, amount)), 409, 'INVALID_STATE');
      }
    });

    it('refuses to decide a claim twice with 409 INVALID_STATE', async () => {
      const officer = await w.officerOf('330702');
      const approved = await submitted();
      await decide(approved.claim.id, 'approve', officer).expect(200);
      expectProblem(await decide(approved.claim.id, 'approve', officer), 409, 'INVALID_STATE');
      expectProblem(await decide(approved.claim.id, 'reject', admin()), 409, 'INVALID_STATE');
      expect((await getClaim(approved.claim.id)).status).toBe('approved');

      const rejected = await submitted();
      await decide(rejected.claim.id, 'reject', officer, { reason: '重复申报' }).expect(200);
      expectProblem(await decide(rejected.claim.id, 'reject', officer, { reason: '再次驳回' }), 409, 'INVALID_STATE');
      expectProblem(await decide(rejected.claim.id, 'approve', admin()), 409, 'INVALID_STATE');
      expect(await getClaim(rejected.claim.id)).toMatchObject({ status: 'rejected', rejectReason: '重复申报' });
    });

    it('answers 404 to a county officer of another region, and the claim stays submitted', async () => {
      const wucheng = await submitted(); // issued by 330702
      const jindong = await submitted({ issuer: '330703' }); // issued by 330703
      const officer02 = await w.officerOf('330702');
      const officer03 = await w.officerOf('330703');
      expectProblem(await decide(wucheng.claim.id, 'approve', officer03), 404, 'NOT_FOUND');
      expectProblem(await decide(wucheng.claim.id, 'reject', officer03), 404, 'NOT_FOUND');
      expectProblem(await decide(jindong.claim.id, 'approve', officer02), 404, 'NOT_FOUND');
      expectProblem(await decide(jindong.claim.id, 'reject', officer02), 404, 'NOT_FOUND');
      expect((await getClaim(wucheng.claim.id)).status).toBe('submitted');
      expect((await getClaim(jindong.claim.id)).status).toBe('submitted');
      // Its own region's officer decides it.
      expect((await decide(jindong.claim.id, 'approve', officer03)).body.status).toBe('approved');
    });

    it('answers 403 to finance, provider (even its own claim), enterprise and auditor', async () => {
      const { s, claim } = await submitted();
      const tokens: Array<[string, string]> = [
        ['finance', wuchengFinance],
        ['provider', s.provider.token],
        ['enterprise', s.sme.token],
        ['auditor', auditor],
      ];
      const failures: string[] = [];
      for (const [role, token] of tokens) {
        for (const action of ['approve', 'reject'] as const) {
          const response = await decide(claim.id, action, token);
          if (response.status !== 403 || response.body?.code !== 'FORBIDDEN')
            failures.push(`${role} ${action}: ${response.status} ${JSON.stringify(response.body)}`);
        }
      }
      expect(failures).toEqual([]);
      expect((await getClaim(claim.id)).status).toBe('submitted');
    });

    it('refuses a rejection without a proper reason with 400, and the claim stays submitted', async () => {
      const { claim } = await submitted();
      const officer = await w.officerOf('330702');
      for (const body of [
        {},
        { reason: '' },
        { reason: null },
        { reason: 42 },
        { reason: 'x'.repeat(2001) },
        { reason: '不符', extra: 1 },
      ]) {
        const response = await decide(claim.id, 'reject', officer, body);
        expect([JSON.stringify(body).slice(0, 40), response.status, response.body?.code]).toEqual([
          JSON.stringify(body).slice(0, 40),
          400,
          'VALIDATION_FAILED',
        ]);
      }
      expect((await getClaim(claim.id)).status).toBe('submitted');
      expect((await decide(claim.id, 'reject', officer, { reason: 'x'.repeat(2000) })).status).toBe(200);
    });

    it('answers 404 for an unknown claim and 400 for a malformed id', async () => {
      expectProblem(await decide(randomUUID(), 'approve', admin()), 404, 'NOT_FOUND');
      expectProblem(await decide(randomUUID(), 'reject', await w.officerOf('330702')), 404, 'NOT_FOUND');
      expectProblem(await decide('not-a-uuid', 'approve', admin()), 400, 'VALIDATION_FAILED');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('reading', () => {
    afterAll(() => w.expectLedgerBalanced());

    let p1: Setup;
    let p2: Setup;
    let providerB: Party;
    let claims: { a1: Body; a2: Body; b1: Body; c1: Body };

    beforeAll(async () => {
      // Program 1 (issued by 330702): provider A with a submitted and an approved claim, provider B with a rejected one.
      p1 = await setup();
      providerB = await w.provider();
      const a1 = await claimOf(p1.provider, [await confirmedRedemption(p1, 100_000)]);
      const a2 = await claimOf(p1.provider, [await confirmedRedemption(p1, 80_000)]);
      const b1 = await claimOf(providerB, [await confirmedRedemption(p1, 60_000, providerB)]);
      await decide(a2.id, 'approve', await w.officerOf('330702')).expect(200);
      await decide(b1.id, 'reject', await w.officerOf('330702')).expect(200);
      // Program 2 (issued by 330703): provider C with a submitted claim.
      p2 = await setup({ issuer: '330703' });
      const c1 = await claimOf(p2.provider, [await confirmedRedemption(p2, 40_000)]);
      claims = { a1, a2, b1, c1 };
    });

    it('shows a provider its own claims only', async () => {
      expect(idsOf(await listClaims(p1.provider.token))).toEqual(idsOf([claims.a1, claims.a2]));
      expect(idsOf(await listClaims(providerB.token))).toEqual([claims.b1.id]);
      expect(idsOf(await listClaims(p2.provider.token))).toEqual([claims.c1.id]);
      // With the current state of each claim.
      const mine = await listClaims(p1.provider.token);
      expect(mine.find((c) => c.id === claims.a2.id)).toMatchObject({ status: 'approved', amount: 40_000, programId: p1.program.id });
      expect(mine.find((c) => c.id === claims.a1.id)).toMatchObject({ status: 'submitted', amount: 50_000 });
    });

    it("shows a county officer the claims of its issuer region's programs", async () => {
      const officer02 = await listClaims(await w.officerOf('330702'), { limit: '1000' });
      expect(officer02.map((c) => c.id)).toEqual(expect.arrayContaining([claims.a1.id, claims.a2.id, claims.b1.id]));
      expect(officer02.map((c) => c.id)).not.toContain(claims.c1.id);
      expect(officer02.every((c) => c.programId !== p2.program.id)).toBe(true);
      expect(idsOf(await listClaims(await w.officerOf('330702'), { programId: p1.program.id }))).toEqual(
        idsOf([claims.a1, claims.a2, claims.b1]),
      );

      const officer03 = await listClaims(await w.officerOf('330703'), { limit: '1000' });
      expect(officer03.map((c) => c.id)).toContain(claims.c1.id);
      expect(officer03.map((c) => c.id)).not.toEqual(expect.arrayContaining([claims.a1.id]));
      expect(await listClaims(await w.officerOf('330703'), { programId: p1.program.id })).toEqual([]);
    });

    it('shows the city admin and the auditor all claims', async () => {
      for (const token of [admin(), auditor]) {
        const all = await listClaims(token, { limit: '1000' });
        expect(all.map((c) => c.id)).toEqual(expect.arrayContaining(Object.values(claims).map((c) => c.id)));
        expect(idsOf(await listClaims(token, { programId: p1.program.id }))).toEqual(idsOf([claims.a1, claims.a2, claims.b1]));
        expect(idsOf(await listClaims(token, { programId: p2.program.id }))).toEqual([claims.c1.id]);
      }
    });

    it('refuses the list to an enterprise with 403', async () => {
      expectProblem(await t.http().get('/claims').set('authorization', p1.sme.token), 403, 'FORBIDDEN');
    });

    it('filters by status and programId', async () => {
      expect(idsOf(await listClaims(admin(), { programId: p1.program.id, status: 'submitted' }))).toEqual([claims.a1.id]);
      expect(idsOf(await listClaims(admin(), { programId: p1.program.id, status: 'approved' }))).toEqual([claims.a2.id]);
      expect(idsOf(await listClaims(admin(), { programId: p1.program.id, status: 'rejected' }))).toEqual([claims.b1.id]);
      expect(idsOf(await listClaims(p1.provider.token, { status: 'approved' }))).toEqual([claims.a2.id]);
      expect(idsOf(await listClaims(p1.provider.token, { status: 'rejected' }))).toEqual([]);
      expect(idsOf(await listClaims(p1.provider.token, { programId: p2.program.id }))).toEqual([]);
      const rejected = await listClaims(await w.officerOf('330702'), { status: 'rejected', limit: '1000' });
      expect(rejected.every((c) => c.status === 'rejected')).toBe(true);
      expect(rejected.map((c) => c.id)).toContain(claims.b1.id);
      expect(await listClaims(admin(), { programId: randomUUID() })).toEqual([]);
      expectProblem(await t.http().get('/claims').query({ status: 'paid' }).set('authorization', admin()), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().get('/claims').query({ programId: 'nope' }).set('authorization', admin()), 400, 'VALIDATION_FAILED');
    });

    it('reads one claim within scope; outside it answers 404', async () => {
      expect(await getClaim(claims.a1.id, p1.provider.token)).toEqual(claims.a1);
      expect((await getClaim(claims.a1.id, await w.officerOf('330702'))).id).toBe(claims.a1.id);
      expect((await getClaim(claims.a1.id, auditor)).id).toBe(claims.a1.id);
      expect((await getClaim(claims.c1.id, admin())).id).toBe(claims.c1.id);
      expectProblem(await t.http().get(`/claims/${claims.a1.id}`).set('authorization', providerB.token), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/claims/${claims.b1.id}`).set('authorization', p1.provider.token), 404, 'NOT_FOUND');
      expectProblem(
        await t
          .http()
          .get(`/claims/${claims.a1.id}`)
          .set('authorization', await w.officerOf('330703')),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t
          .http()
          .get(`/claims/${claims.c1.id}`)
          .set('authorization', await w.officerOf('330702')),
        404,
        'NOT_FOUND',
      );
      expectProblem(await t.http().get(`/claims/${randomUUID()}`).set('authorization', admin()), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/claims/${claims.a1.id}`).set('authorization', p1.sme.token), 403, 'FORBIDDEN');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('idempotency', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('replays the same key and body with the same 201 body, writing one claim', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const key = randomUUID();
      const body = claimBody([r.id], 50_000);
      const first = await submit(s.provider.token, body, key);
      expect(first.status).toBe(201);
      const again = await submit(s.provider.token, body, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      // Fields in another order are the same request.
      const reordered = await submit(
        s.provider.token,
        {
          invoice: { amount: body.invoice.amount, date: body.invoice.date, number: body.invoice.number },
          redemptionIds: body.redemptionIds,
        },
        key,
      );
      expect(reordered.status).toBe(201);
      expect(reordered.body).toEqual(first.body);
      expect(idsOf(await listClaims(s.provider.token))).toEqual([first.body.id]);
    });

    it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const other = await confirmedRedemption(s, 40_000);
      const key = randomUUID();
      const body = claimBody([r.id], 50_000);
      await submitOk(s.provider.token, body, key);
      await expectRefused(
        s.provider,
        () => submit(s.provider.token, { ...body, invoice: { ...body.invoice, number: invoiceNo() } }, key),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      await expectRefused(s.provider, () => submit(s.provider.token, claimBody([other.id], 20_000), key), 422, 'IDEMPOTENCY_KEY_REUSED', [
        other,
      ]);
    });

    it('stores a refusal and replays it for the same key, even after the condition changed', async () => {
      const s = await setup();
      const r = await pendingRedemption(s, 100_000);
      const key = randomUUID();
      const body = claimBody([r.id], 50_000);
      const refused = await submit(s.provider.token, body, key);
      expectProblem(refused, 409, 'INVALID_STATE');
      await confirm(r.id, s.sme.token).expect(200);
      const replayed = await submit(s.provider.token, body, key);
      expectProblem(replayed, 409, 'INVALID_STATE');
      expect(replayed.body).toEqual(refused.body);
      expect(await listClaims(s.provider.token)).toEqual([]);
      // A new key is a new request.
      expect((await submit(s.provider.token, body)).status).toBe(201);
    });

    it('keeps keys per user: another provider may use the same key string', async () => {
      const s = await setup();
      const other = await w.provider();
      const mine = await confirmedRedemption(s, 100_000);
      const theirs = await confirmedRedemption(s, 100_000, other);
      const key = `claim-${randomUUID()}`;
      const a = await submitOk(s.provider.token, claimBody([mine.id], 50_000), key);
      const b = await submitOk(other.token, claimBody([theirs.id], 50_000), key);
      expect(b.id).not.toBe(a.id);
      expect(b.providerId).toBe(other.id);
    });

    it('answers 10 parallel requests with one key and one body with one claim', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const key = randomUUID();
      const body = claimBody([r.id], 50_000);
      const responses = await Promise.all(Array.from({ length: 10 }, () => submit(s.provider.token, body, key)));
      expect(responses.map((x) => x.status)).toEqual(Array(10).fill(201));
      for (const response of responses) expect(response.body).toEqual(responses[0].body);
      expect(idsOf(await listClaims(s.provider.token))).toEqual([responses[0].body.id]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('races', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('lets exactly one of 10 parallel claims of the same redemption succeed; the others get 409 INVALID_STATE', async () => {
      const s = await setup();
      const r = await confirmedRedemption(s, 100_000);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => submit(s.provider.token, claimBody([r.id], 50_000), randomUUID())),
      );
      const won = responses.filter((x) => x.status === 201);
      expect(won).toHaveLength(1);
      const lost = responses.filter((x) => x.status !== 201);
      expect(lost).toHaveLength(9);
      for (const response of lost) expectProblem(response, 409, 'INVALID_STATE');
      const mine = await listClaims(s.provider.token);
      expect(mine.map((c) => c.id)).toEqual([won[0].body.id]);
      expect(mine[0].redemptionIds).toEqual([r.id]);
    });

    it('lets exactly one of 5 parallel claims with one invoice number succeed; the others get 409 DUPLICATE', async () => {
      const s = await setup();
      const rs: Confirmed[] = [];
      for (let i = 0; i < 5; i++) rs.push(await confirmedRedemption(s, 10_000 * (i + 1)));
      const number = `FP-RACE-${randomUUID().slice(0, 8)}`;
      const responses = await Promise.all(rs.map((r) => submit(s.provider.token, claimBody([r.id], r.subsidy, { number }), randomUUID())));
      const won = responses.filter((x) => x.status === 201);
      expect(won).toHaveLength(1);
      const lost = responses.filter((x) => x.status !== 201);
      expect(lost).toHaveLength(4);
      for (const response of lost) expectProblem(response, 409, 'DUPLICATE');
      expect(idsOf(await listClaims(s.provider.token))).toEqual([won[0].body.id]);
      // The losers' redemptions were not taken: they can be claimed under new numbers.
      const winner = won[0].body.redemptionIds[0];
      const losers = rs.filter((r) => r.id !== winner);
      expect(losers).toHaveLength(4);
      const claim = await claimOf(s.provider, losers);
      expect(claim.amount).toBe(sum(losers));
    });

    it('lets exactly one of parallel approvals and rejections of one claim succeed', async () => {
      const s = await setup();
      const rs = [await confirmedRedemption(s, 100_000), await confirmedRedemption(s, 20_000)];
      const claim = await claimOf(s.provider, rs);
      const officer = await w.officerOf('330702');
      const attempts = Array.from({ length: 10 }, (_, i) => {
        const token = i % 4 < 2 ? officer : admin();
        const action = i % 2 === 0 ? ('approve' as const) : ('reject' as const);
        return decide(claim.id, action, token).then((res) => ({ action, res }));
      });
      const results = await Promise.all(attempts);
      const won = results.filter((x) => x.res.status === 200);
      expect(won).toHaveLength(1);
      for (const lost of results.filter((x) => x.res.status !== 200)) expectProblem(lost.res, 409, 'INVALID_STATE');
      const winner = won[0];
      const read = await getClaim(claim.id);
      expect(read.status).toBe(winner.action === 'approve' ? 'approved' : 'rejected');
      expect(winner.res.body.status).toBe(read.status);
      if (winner.action === 'approve') {
        await expectRefused(
          s.provider,
          () =>
            submit(
              s.provider.token,
              claimBody(
                rs.map((r) => r.id),
                sum(rs),
              ),
            ),
          409,
          'INVALID_STATE',
        );
      } else {
        expect((await claimOf(s.provider, rs)).status).toBe('submitted');
      }
    });

    it('serialises two overlapping claims of different redemption sets: one wins, the other 409', async () => {
      const s = await setup();
      const [a, b, c] = [await confirmedRedemption(s, 10_000), await confirmedRedemption(s, 20_000), await confirmedRedemption(s, 30_000)];
      const responses = await Promise.all([
        submit(s.provider.token, claimBody([a.id, b.id], a.subsidy + b.subsidy)),
        submit(s.provider.token, claimBody([c.id, b.id], c.subsidy + b.subsidy)),
        submit(s.provider.token, claimBody([b.id], b.subsidy)),
      ]);
      expect(responses.filter((x) => x.status === 201)).toHaveLength(1);
      for (const response of responses.filter((x) => x.status !== 201)) expectProblem(response, 409, 'INVALID_STATE');
      const claimed = (await listClaims(s.provider.token)).flatMap((x) => x.redemptionIds as string[]);
      expect(claimed.filter((id) => id === b.id)).toHaveLength(1);
    });
  });
});
