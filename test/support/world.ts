import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
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

  async program(overrides: Record<string, unknown> & { funding: Array<{ fundId: string; shareBp: number }> }): Promise<Record<string, any>> {
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
    const response = await this.t.http().post('/applications').set('authorization', enterpriseToken).send({ programId, amount, purpose: '检测' });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  /** Applies and approves (county, and city when needed): returns the issued voucher. */
  async voucher(enterpriseToken: string, program: Record<string, any>, amount: number): Promise<Record<string, any>> {
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
