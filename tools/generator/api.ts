/**
 * The generator's building blocks: one typed call of the public API each, as the service's users
 * make them (the benches' world builder uses them too).
 */
import { randomUUID } from 'node:crypto';
import type { AccreditationType, Category, ComplexLevel, Sector } from '@ivl/core';
import type { NewUser } from '@ivl/identity';
import { onePagePdf } from './files.js';
import type { Http } from './http.js';

export interface Created {
  id: string;
}

export interface VoucherBody {
  code: string;
  programId: string;
  enterpriseId: string;
  faceValue: number;
  balance: number;
  held: number;
  status: 'active' | 'exhausted' | 'expired' | 'revoked';
  validUntil: string;
}

export interface ApplicationBody {
  id: string;
  status: 'pending' | 'approved' | 'rejected';
  stage: 'county' | 'city' | 'done';
  voucher?: VoucherBody;
}

export interface RedemptionBody {
  id: string;
  voucherCode: string;
  providerId: string;
  programId: string;
  category: Category;
  orderAmount: number;
  subsidy: number;
  status: 'pending' | 'confirmed' | 'cancelled';
}

export interface ClaimBody {
  id: string;
  programId: string;
  amount: number;
  status: 'submitted' | 'approved' | 'rejected';
  redemptionIds: string[];
}

export interface DocumentBody {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Uploads a one-page PDF of `lines` as `name` (its uploader then attaches it to a write): returns its id. */
export async function uploadPdf(http: Http, token: string, name: string, lines: readonly string[]): Promise<string> {
  return (await http.upload<DocumentBody>('/documents', token, { content: onePagePdf(lines), name, type: 'application/pdf' })).id;
}

/** Creates a user (as the city admin) and logs it in: returns its bearer header. */
export async function createUser(http: Http, adminToken: string, spec: NewUser): Promise<string> {
  await http.request<Created>('POST', '/users', { token: adminToken, body: spec, expect: 201 });
  return http.login(spec.username, spec.password);
}

export async function createRegion(
  http: Http,
  adminToken: string,
  body: { code: string; name: string; level: 'city' | 'county'; parentCode?: string },
  expect: number[] = [201],
): Promise<void> {
  await http.request('POST', '/regions', { token: adminToken, body, expect });
}

export async function createComplex(
  http: Http,
  adminToken: string,
  body: { name: string; sector: Sector; level: ComplexLevel; regionCode: string },
): Promise<string> {
  return (await http.request<Created>('POST', '/complexes', { token: adminToken, body, expect: 201 })).body.id;
}

/** A fund of a region and year (created by its finance bureau, or the city admin). */
export async function createFund(http: Http, token: string, body: { regionCode: string; year: number; name: string }): Promise<string> {
  return (await http.request<Created>('POST', '/funds', { token, body, expect: 201 })).body.id;
}

/** An allocation, by the finance bureau of the fund's region. */
export async function allocate(http: Http, financeToken: string, fundId: string, amount: number, reference: string): Promise<void> {
  await http.request('POST', `/funds/${fundId}/allocations`, {
    token: financeToken,
    headers: { 'idempotency-key': randomUUID() },
    body: { amount, reference },
    expect: 201,
  });
}

export interface ProgramRequest {
  name: string;
  year: number;
  issuerRegionCode: string;
  funding: Array<{ fundId: string; shareBp: number }>;
  categories: Category[];
  ratioBp: number;
  fullCoverageUpTo?: number;
  outOfRegionRatioBp?: number;
  perVoucherMax: number;
  enterpriseAnnualCap: number;
  controllerAnnualCap?: number;
  validityDays: number;
  claimWindowDays: number;
  cityReviewRequired: boolean;
}

export async function createProgram(http: Http, token: string, body: ProgramRequest): Promise<string> {
  return (await http.request<Created>('POST', '/programs', { token, body, expect: 201 })).body.id;
}

/** A funding region agrees to pay its share of a proposed program (docs/domain.md "Who may commit a fund's money"). */
export async function approveFunding(http: Http, token: string, programId: string, fundId: string): Promise<void> {
  await http.request('POST', `/programs/${programId}/funding/${fundId}/approve`, { token, expect: 200 });
}

export interface ProviderRequest {
  uscc: string;
  name: string;
  regionCode: string;
  complexId?: string;
  categories: Category[];
  accreditations: Array<{ type: AccreditationType; number: string; validUntil: string }>;
  controllerKey?: string;
  bankAccount: { bankName: string; accountName: string; accountNo: string };
}

export async function createProvider(http: Http, adminToken: string, body: ProviderRequest): Promise<string> {
  return (await http.request<Created>('POST', '/providers', { token: adminToken, body, expect: 201 })).body.id;
}

/** An enterprise, registered by the city admin or the county officer of its region. */
export async function createEnterprise(
  http: Http,
  token: string,
  body: { uscc: string; name: string; regionCode: string; controllerKey?: string },
): Promise<string> {
  return (await http.request<Created>('POST', '/enterprises', { token, body, expect: 201 })).body.id;
}

export async function apply(
  http: Http,
  enterpriseToken: string,
  body: { programId: string; amount: number; purpose: string; documentIds?: string[] },
): Promise<string> {
  return (await http.request<Created>('POST', '/applications', { token: enterpriseToken, body, expect: 201 })).body.id;
}

/** One review step's approval; the final one answers the issued voucher. */
export async function approveApplication(http: Http, reviewerToken: string, applicationId: string): Promise<ApplicationBody> {
  return (
    await http.request<ApplicationBody>('POST', `/applications/${applicationId}/approve`, { token: reviewerToken, body: {}, expect: 200 })
  ).body;
}

export async function rejectApplication(http: Http, reviewerToken: string, applicationId: string, reason: string): Promise<void> {
  await http.request('POST', `/applications/${applicationId}/reject`, { token: reviewerToken, body: { reason }, expect: 200 });
}

export async function revokeVoucher(http: Http, officerToken: string, code: string, reason: string): Promise<void> {
  await http.request('POST', `/vouchers/${encodeURIComponent(code)}/revoke`, { token: officerToken, body: { reason }, expect: 200 });
}

export async function redeem(
  http: Http,
  providerToken: string,
  body: { voucherCode: string; category: Category; orderAmount: number; description: string },
): Promise<RedemptionBody> {
  return (
    await http.request<RedemptionBody>('POST', '/redemptions', {
      token: providerToken,
      headers: { 'idempotency-key': randomUUID() },
      body,
      expect: 201,
    })
  ).body;
}

export async function confirmRedemption(http: Http, enterpriseToken: string, id: string): Promise<void> {
  await http.request('POST', `/redemptions/${id}/confirm`, { token: enterpriseToken, expect: 200 });
}

/** Cancelled by its provider or by the enterprise, while pending. */
export async function cancelRedemption(http: Http, token: string, id: string): Promise<void> {
  await http.request('POST', `/redemptions/${id}/cancel`, { token, expect: 200 });
}

export async function submitClaim(
  http: Http,
  providerToken: string,
  body: { redemptionIds: string[]; invoice: { number: string; date: string; amount: number }; documentIds: string[] },
): Promise<ClaimBody> {
  return (
    await http.request<ClaimBody>('POST', '/claims', {
      token: providerToken,
      headers: { 'idempotency-key': randomUUID() },
      body,
      expect: 201,
    })
  ).body;
}

export async function approveClaim(http: Http, reviewerToken: string, id: string): Promise<void> {
  await http.request('POST', `/claims/${id}/approve`, { token: reviewerToken, body: {}, expect: 200 });
}

export async function rejectClaim(http: Http, reviewerToken: string, id: string, reason: string): Promise<void> {
  await http.request('POST', `/claims/${id}/reject`, { token: reviewerToken, body: { reason }, expect: 200 });
}
