import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  type Account,
  clickToSend,
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  loginPage,
  type PortalService,
  screenshot,
  startPortalService,
  uploadIn,
} from './support/portal.js';
import { formatFen } from '@ivl/rules';
import { newUscc } from './support/uscc.js';
import { pdf } from './support/documents.js';

/*
 * Clawback in the browser (the built API and worker, Postgres, Redis, Debian's Chromium): a paid
 * redemption (set up through the API: fund, program, voucher, redemption, claim, settlement paid);
 * the auditor claws it back on 追回款 with the audit finding as evidence; the provider sees 待退回 and
 * why it cannot claim; the finance bureau records the repayment (登记收回) and the fund shows 可追回 back at 0.
 */

const PROVIDER_NAME = '金华市鼎诚检测技术有限公司';

describe('clawback and recovery in the portal', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let auditor: Account;
  let finance: Account;
  let provider: Account;
  let redemptionId: string;
  let subsidy: number;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const admin = service.adminToken;
    finance = await createAccount(service, 'finance', { regionCode: '330702' });
    auditor = await createAccount(service, 'auditor');
    const financeToken = await service.login(finance.username, finance.password);
    const fundId = (
      await service.api('POST', '/funds', { token: admin, body: { regionCode: '330702', year: 2026, name: '婺城区科技创新券资金' } })
    ).id as string;
    await service.api('POST', `/funds/${fundId}/allocations`, {
      token: financeToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: 100_000_000, reference: '婺财企〔2026〕18号' },
    });
    const program = await service.api('POST', '/programs', {
      token: admin,
      body: {
        name: '2026年婺城区科技创新券',
        year: 2026,
        issuerRegionCode: '330702',
        funding: [{ fundId, shareBp: 10000 }],
        categories: ['TESTING'],
        ratioBp: 5000,
        perVoucherMax: 5_000_000,
        enterpriseAnnualCap: 10_000_000,
        validityDays: 180,
        claimWindowDays: 90,
        cityReviewRequired: false,
      },
    });
    const enterprise = await service.api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330702'), name: '金华市婺城区恒达五金工具有限公司', regionCode: '330702' },
    });
    const p = await service.api('POST', '/providers', {
      token: admin,
      body: {
        uscc: newUscc('91330702'),
        name: PROVIDER_NAME,
        regionCode: '330702',
        categories: ['TESTING'],
        accreditations: [{ type: 'CNAS', number: 'L54321', validUntil: '2029-06-30' }],
        bankAccount: { bankName: '中国工商银行金华婺城支行', accountName: PROVIDER_NAME, accountNo: '1208010009200123456' },
      },
    });
    const [sme, officer] = await Promise.all([
      createAccount(service, 'enterprise', { enterpriseId: enterprise.id }),
      createAccount(service, 'county_officer', { regionCode: '330702' }),
    ]);
    provider = await createAccount(service, 'provider', { providerId: p.id });
    const [smeToken, officerToken, providerToken] = await Promise.all([
      service.login(sme.username, sme.password),
      service.login(officer.username, officer.password),
      service.login(provider.username, provider.password),
    ]);
    const application = await service.api('POST', '/applications', {
      token: smeToken,
      body: { programId: program.id, amount: 2_000_000, purpose: '出口前的安规检测' },
    });
    const voucherCode = (
      await service.api('POST', `/applications/${application.id}/approve`, { token: officerToken, body: {}, expect: 200 })
    ).voucher.code as string;
    const redemption = await service.api('POST', '/redemptions', {
      token: providerToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { voucherCode, orderAmount: 600_000, category: 'TESTING', description: '安规检测' },
    });
    redemptionId = redemption.id as string;
    subsidy = redemption.subsidy as number;
    await service.api('POST', `/redemptions/${redemptionId}/confirm`, { token: smeToken, expect: 200 });
    const invoiceFile = await fetch(`${service.baseUrl}/documents`, {
      method: 'POST',
      headers: { authorization: providerToken },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([pdf('invoice')], { type: 'application/pdf' }), '发票.pdf');
        return form;
      })(),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const claim = await service.api('POST', '/claims', {
      token: providerToken,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        redemptionIds: [redemptionId],
        invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: today, amount: subsidy },
        documentIds: [invoiceFile.id],
      },
    });
    await service.api('POST', `/claims/${claim.id}/approve`, { token: officerToken, expect: 200 });
    const period = today.slice(0, 7);
    const run = await service.api('POST', '/settlements/runs', {
      token: financeToken,
      body: { regionCode: '330702', period },
      expect: 202,
    });
    let batchIds: string[] = [];
    for (let i = 0; i < 150 && batchIds.length === 0; i++) {
      const state = await service.api('GET', `/settlements/runs/${run.jobId as string}`, { token: financeToken });
      if (state.state === 'failed') throw new Error(`settlement run failed: ${JSON.stringify(state)}`);
      if (state.state === 'completed') batchIds = state.batchIds as string[];
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(batchIds).toHaveLength(1);
    await service.api('POST', `/settlements/${batchIds[0]}/approve`, { token: financeToken, expect: 200 });
    await service.api('POST', `/settlements/${batchIds[0]}/pay`, {
      token: financeToken,
      body: { paymentReference: 'ICBC-PAY-1' },
      expect: 200,
    });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it('the auditor claws back, the provider sees why it cannot claim, finance records the repayment', async () => {
    // 1. The auditor: 追回款 → 按核销编号追回, with the audit finding as evidence.
    const { context: ac, page: ap } = await loginPage(browser, service.baseUrl, auditor);
    contexts.push(ac);
    await goTo(ap, 'clawbacks', 'page-clawbacks');
    await ap.getByTestId('clawback-open').click();
    await ap.getByTestId('clawback-redemption').fill(redemptionId);
    await ap.getByTestId('clawback-reason').fill('审计抽查：检测报告与样品不符，审计意见维持，追回补贴');
    await uploadIn(ap, 'clawback-evidence', { name: '审计意见书.pdf', mimeType: 'application/pdf', buffer: pdf('audit finding') });
    const clawedBack = await clickToSend(ap, ap.getByTestId('clawback-submit'), 'POST', /^\/redemptions\/[^/]+\/clawback$/);
    expect(clawedBack.status()).toBe(201);
    const clawbackId = (await clawedBack.json()).id as string;
    const row = ap.getByTestId('clawbacks-table').locator(`tr[data-row-key="${clawbackId}"]`);
    await row.locator('[data-status="recoverable"]').waitFor();
    await screenshot(ap, 'clawbacks-auditor');

    // 2. The provider: what it must repay, and why a claim is refused.
    const { context: pc, page: pp } = await loginPage(browser, service.baseUrl, provider, { home: 'page-redeem' });
    contexts.push(pc);
    await goTo(pp, 'clawbacks', 'page-clawbacks');
    await pp.getByTestId('clawback-blocked').waitFor();
    await pp.locator(`tr[data-row-key="${clawbackId}"] [data-status="recoverable"]`).waitFor();
    expect(await pp.getByTestId('clawback-owed').textContent()).toBe(formatFen(subsidy));
    await screenshot(pp, 'clawbacks-provider');
    await goTo(pp, 'newClaim', 'page-new-claim');
    await pp.getByTestId('claim-blocked').waitFor();

    // 3. Finance of the funding region: the fund shows 可追回; 登记收回 with the bank reference.
    const { context: fc, page: fp } = await loginPage(browser, service.baseUrl, finance);
    contexts.push(fc);
    await goTo(fp, 'funds', 'page-funds');
    await fp.getByText('可追回').first().waitFor();
    await goTo(fp, 'clawbacks', 'page-clawbacks');
    const financeRow = fp.getByTestId('clawbacks-table').locator(`tr[data-row-key="${clawbackId}"]`);
    await financeRow.getByTestId('clawback-recover').click();
    await fp.getByTestId('recover-reference-input').fill('ICBC-RET-20260402');
    const recovered = await clickToSend(
      fp,
      fp.getByTestId('recover-reference-ok'),
      'POST',
      new RegExp(`^/clawbacks/${clawbackId}/recover$`),
    );
    expect(recovered.status()).toBe(200);
    await financeRow.locator('[data-status="recovered"]').first().waitFor();
    expect(await financeRow.getByTestId('clawback-recover').count()).toBe(0);
    await screenshot(fp, 'clawbacks-finance');

    // 4. The provider may claim again: the warning is gone.
    await goTo(pp, 'clawbacks', 'page-clawbacks');
    await pp.getByTestId('clawbacks-table').locator(`tr[data-row-key="${clawbackId}"] [data-status="recovered"]`).waitFor();
    expect(await pp.getByTestId('clawback-blocked').count()).toBe(0);
    expect(consoleProblems).toEqual([]);
  });
});
