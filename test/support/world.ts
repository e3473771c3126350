import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Body } from './bodies.js';
import { pdf, upload } from './documents.js';
import { until } from './polling.js';
import { createEnterprise, createProvider, createUser, type TestApp } from './test-app.js';

/** Small builders of a voucher world through the public API, as its users would build it. */
export class World {
  private finance = new Map<string, string>();
  private officers = new Map<string, string>();

  constructor(readonly t: TestApp) {}

  async financeOf(regionCode: string): Promise<string> {
    if (!this.finance.has(regionCode)) this.finance.set(regionCode, (await createUser(this.t, 'finance', { regionCode })).token);
    return this.finance.get(regionCode)!;
  }

  async officerOf(regionCode: string): Promise<string> {
    if (!this.officers.has(regionCode)) this.officers.set(regionCode, (await createUser(this.t, 'county_officer', { regionCode })).token);
    return this.officers.get(regionCode)!;
  }

  /** A fund of a region with `amount` fen allocated by its finance bureau. */
  async fund(regionCode: string, amount: number, name = `fund-${randomUUID().slice(0, 8)}`): Promise<string> {
    const token = await this.financeOf(regionCode);
    const fund = await this.t.http().post('/funds').set('authorization', token).send({ regionCode, year: 2026, name }).expect(201);
    if (amount > 0) await this.allocate(fund.body.id, regionCode, amount);
    return fund.body.id;
  }

  async allocate(fundId: string, regionCode: string, amount: number): Promise<void> {
    await this.t
      .http()
      .post(`/funds/${fundId}/allocations`)
      .set('authorization', await this.financeOf(regionCode))
      .set('idempotency-key', randomUUID())
      .send({ amount, reference: `alloc-${amount}` })
      .expect(201);
  }

  async program(overrides: Record<string, unknown> & { funding: Array<{ fundId: string; shareBp: number }> }): Promise<Body> {
    const body = {
      name: '科技创新券',
      year: 2026,
      issuerRegionCode: '330702',
      categories: ['TESTING', 'DESIGN', 'RND'],
      ratioBp: 5000,
      perVoucherMax: 10_000_000,
      enterpriseAnnualCap: 50_000_000,
      validityDays: 180,
      claimWindowDays: 90,
      cityReviewRequired: false,
      ...overrides,
    };
    const response = await this.t.http().post('/programs').set('authorization', this.t.adminToken).send(body);
    expect(response.status).toBe(201);
    return response.body;
  }

  async enterprise(overrides: Record<string, unknown> = {}): Promise<{ id: string; token: string; uscc: string }> {
    const enterprise = await createEnterprise(this.t, overrides);
    const user = await createUser(this.t, 'enterprise', { enterpriseId: enterprise.id });
    return { id: enterprise.id, token: user.token, uscc: enterprise.uscc };
  }

  async provider(overrides: Record<string, unknown> = {}): Promise<{ id: string; token: string; uscc: string }> {
    const provider = await createProvider(this.t, overrides);
    const user = await createUser(this.t, 'provider', { providerId: provider.id });
    return { id: provider.id, token: user.token, uscc: provider.uscc };
  }

  async apply(enterpriseToken: string, programId: string, amount: number): Promise<string> {
    const response = await this.t
      .http()
      .post('/applications')
      .set('authorization', enterpriseToken)
      .send({ programId, amount, purpose: '检测' });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  /** Applies and approves (county, and city when needed): returns the issued voucher. */
  async voucher(enterpriseToken: string, program: Body, amount: number): Promise<Body> {
    const id = await this.apply(enterpriseToken, program.id, amount);
    const issuer = program.issuerRegionCode as string;
    const first = issuer === '330700' ? this.t.adminToken : await this.officerOf(issuer);
    let response = await this.t.http().post(`/applications/${id}/approve`).set('authorization', first).send({});
    expect(response.status).toBe(200);
    if (response.body.status === 'pending') {
      response = await this.t.http().post(`/applications/${id}/approve`).set('authorization', this.t.adminToken).send({});
      expect(response.status).toBe(200);
    }
    expect(response.body.voucher).toBeDefined();
    return response.body.voucher;
  }

  redeem(providerToken: string, body: Record<string, unknown>, key: string = randomUUID()) {
    return this.t
      .http()
      .post('/redemptions')
      .set('authorization', providerToken)
      .set('idempotency-key', key)
      .send({ category: 'DESIGN', description: '工业设计', ...body });
  }

  /** An invoice file (a one-page PDF of its own bytes) uploaded by `token`: the id a claim names in `documentIds`. */
  async invoiceFile(token: string, name = '发票.pdf'): Promise<string> {
    return (await upload(this.t, token, pdf(`invoice ${randomUUID()}`), name)).id as string;
  }

  /**
   * A redemption at `provider` on `voucherCode`, confirmed by the enterprise, claimed with its own
   * invoice and approved by the officer of the issuer region: payable, ready for a settlement run.
   */
  async approvedClaim(
    enterpriseToken: string,
    providerToken: string,
    voucherCode: string,
    orderAmount: number,
    issuerRegionCode = '330702',
  ): Promise<string> {
    const redemption = await this.redeem(providerToken, { voucherCode, orderAmount }).expect(201);
    await this.t.http().post(`/redemptions/${redemption.body.id}/confirm`).set('authorization', enterpriseToken).expect(200);
    const claim = await this.t
      .http()
      .post('/claims')
      .set('authorization', providerToken)
      .set('idempotency-key', randomUUID())
      .send({
        redemptionIds: [redemption.body.id],
        invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-06', amount: redemption.body.subsidy },
        documentIds: [await this.invoiceFile(providerToken)],
      })
      .expect(201);
    await this.t
      .http()
      .post(`/claims/${claim.body.id}/approve`)
      .set('authorization', await this.officerOf(issuerRegionCode))
      .expect(200);
    return claim.body.id;
  }

  /** Runs the settlement of a region and period through the worker (the app needs `worker: true`); answers the new batch ids. */
  async settle(regionCode: string, period: string): Promise<string[]> {
    const finance = await this.financeOf(regionCode);
    const run = await this.t.http().post('/settlements/runs').set('authorization', finance).send({ regionCode, period }).expect(202);
    const done = await until(
      () => this.t.http().get(`/settlements/runs/${run.body.jobId}`).set('authorization', finance),
      (r) => r.body.state === 'completed' || r.body.state === 'failed',
    );
    expect(done.body.state).toBe('completed');
    return done.body.batchIds;
  }

  async fundBalances(fundId: string): Promise<Record<string, number>> {
    const response = await this.t.http().get(`/funds/${fundId}`).set('authorization', this.t.adminToken).expect(200);
    return response.body.balances;
  }

  async expectLedgerBalanced(): Promise<void> {
    const response = await this.t.http().get('/ledger/verify').set('authorization', this.t.adminToken).expect(200);
    expect(response.body.problems).toEqual([]);
    expect(response.body.balanced).toBe(true);
  }

  /** The end of a suite: the ledger must still verify, and the app is closed whatever the verify says. */
  async finish(): Promise<void> {
    try {
      await this.expectLedgerBalanced();
    } finally {
      await this.t.close();
    }
  }
}
