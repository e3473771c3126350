import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatFen } from '@ivl/rules';
import { POLICY } from '@ivl/core';
import { mayTake, type Action } from '../apps/portal/src/lib/may.js';
import {
  type Account,
  allocatedFund,
  clickToSend,
  clickUntilGone,
  consoleProblems,
  createAccount,
  expectFitsThePhone,
  goTo,
  launchBrowser,
  loginPage,
  type PortalService,
  screenshot,
  startPortalService,
  typePeriod,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';
import { pdf } from './support/documents.js';

/*
 * Detail views, confirmations before money moves, actions only when allowed, phone cards (issue 16),
 * in the browser against the built API and worker: an officer, a finance bureau, the city admin and
 * a provider, on data set up through the API (a fund, a program reviewed by county then city, two
 * enterprises' applications, redemptions and claims).
 */

const PROVIDER_NAME = '金华市正衡检测技术有限公司';
const ENTERPRISE_NAME = '金华市婺城区精工电机有限公司';

describe('detail views, confirmations and allowed actions in the portal', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let officer: Account;
  let finance: Account;
  let provider: Account;
  let financeToken: string;
  let officerToken: string;
  let atCounty: string;
  let atCity: string;
  let submittedClaim: { id: string; amount: number };
  let approvedClaimId: string;
  let providerId: string;
  let enterpriseId: string;
  const period = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

  const open = async (account: Account, options: { viewport?: 'desktop' | 'phone'; home?: string } = {}): Promise<Page> => {
    const { context, page } = await loginPage(browser, service.baseUrl, account, options);
    contexts.push(context);
    return page;
  };

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const admin = service.adminToken;
    const fundId = await allocatedFund(service, '330702', '婺城区科技创新券资金', 100_000_000, '婺财企〔2026〕21号');
    const program = await service.api('POST', '/programs', {
      token: admin,
      body: {
        name: '2026年婺城区科技创新券（详情视图）',
        year: 2026,
        issuerRegionCode: '330702',
        funding: [{ fundId, shareBp: 10000 }],
        categories: ['TESTING'],
        ratioBp: 5000,
        perVoucherMax: 5_000_000,
        enterpriseAnnualCap: 10_000_000,
        validityDays: 180,
        claimWindowDays: 90,
        cityReviewRequired: true,
      },
    });
    const enterprise = await service.api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330702'), name: ENTERPRISE_NAME, regionCode: '330702' },
    });
    enterpriseId = enterprise.id as string;
    const other = await service.api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330702'), name: '金华市婺城区新锐纺织有限公司', regionCode: '330702' },
    });
    const p = await service.api('POST', '/providers', {
      token: admin,
      body: {
        uscc: newUscc('91330702'),
        name: PROVIDER_NAME,
        regionCode: '330702',
        categories: ['TESTING'],
        accreditations: [{ type: 'CNAS', number: 'L60321', validUntil: '2029-06-30' }],
        bankAccount: { bankName: '中国银行金华分行', accountName: PROVIDER_NAME, accountNo: '3581234567890012' },
      },
    });
    providerId = p.id as string;
    [officer, finance, provider] = await Promise.all([
      createAccount(service, 'county_officer', { regionCode: '330702' }),
      createAccount(service, 'finance', { regionCode: '330702' }),
      createAccount(service, 'provider', { providerId }),
    ]);
    const [sme, sme2] = await Promise.all([
      createAccount(service, 'enterprise', { enterpriseId }),
      createAccount(service, 'enterprise', { enterpriseId: other.id }),
    ]);
    const [smeToken, sme2Token, providerToken] = await Promise.all([
      service.login(sme.username, sme.password),
      service.login(sme2.username, sme2.password),
      service.login(provider.username, provider.password),
    ]);
    officerToken = await service.login(officer.username, officer.password);
    financeToken = await service.login(finance.username, finance.password);

    // The voucher: county then city approve; a second application waits for the city, a third for the county.
    const apply = async (token: string, amount: number, purpose: string) =>
      (await service.api('POST', '/applications', { token, body: { programId: program.id, amount, purpose } })).id as string;
    const first = await apply(smeToken, 4_000_000, '电机能效检测');
    await service.api('POST', `/applications/${first}/approve`, { token: officerToken, body: {}, expect: 200 });
    const voucherCode = (await service.api('POST', `/applications/${first}/approve`, { token: admin, body: {}, expect: 200 })).voucher
      .code as string;
    atCity = await apply(sme2Token, 1_000_000, '面料检测');
    await service.api('POST', `/applications/${atCity}/approve`, { token: officerToken, body: {}, expect: 200 });
    atCounty = await apply(sme2Token, 500_000, '色牢度检测');

    const invoiceFile = async () =>
      (
        await fetch(`${service.baseUrl}/documents`, {
          method: 'POST',
          headers: { authorization: providerToken },
          body: (() => {
            const form = new FormData();
            form.append('file', new Blob([pdf(`invoice ${randomUUID()}`)], { type: 'application/pdf' }), '发票.pdf');
            return form;
          })(),
        }).then((r) => r.json() as Promise<{ id: string }>)
      ).id;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const claimOf = async (orderAmount: number) => {
      const redemption = await service.api('POST', '/redemptions', {
        token: providerToken,
        headers: { 'idempotency-key': randomUUID() },
        body: { voucherCode, orderAmount, category: 'TESTING', description: '电机能效检测' },
      });
      await service.api('POST', `/redemptions/${redemption.id as string}/confirm`, { token: smeToken, expect: 200 });
      const claim = await service.api('POST', '/claims', {
        token: providerToken,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          redemptionIds: [redemption.id],
          invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: today, amount: redemption.subsidy },
          documentIds: [await invoiceFile()],
        },
      });
      return { id: claim.id as string, amount: claim.amount as number };
    };
    const approved = await claimOf(600_000);
    await service.api('POST', `/claims/${approved.id}/approve`, { token: officerToken, expect: 200 });
    approvedClaimId = approved.id;
    submittedClaim = await claimOf(400_000);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it("the portal's rules (lib/may.ts) have the server policy's roles for every action they offer", () => {
    const roles = ['city_admin', 'auditor', 'county_officer', 'finance', 'provider', 'enterprise', 'applicant'];
    const actions: Action[] = [
      'application.review',
      'claim.review',
      'voucher.revoke',
      'settlement.run',
      'batch.decide',
      'batch.payment-file',
      'enterprise.create',
      'provider.change-status',
      'dashboard.city.read',
    ];
    for (const action of actions)
      for (const role of roles) expect([action, role, mayTake({ role }, action)]).toEqual([action, role, role in POLICY[action].who]);
  });

  it('the officer: no 通过/驳回 on an application waiting for the city; details open from the lists with a URL; claim approval states the amount, cancel changes nothing', async () => {
    const page = await open(officer, { home: 'page-review-applications' });
    const table = page.getByTestId('applications-table');
    // Waiting for the city: a 详情 button, and the drawer offers no decision.
    await table.locator(`tr[data-row-key="${atCity}"]`).waitFor();
    await table.locator(`tr[data-row-key="${atCity}"]`).getByTestId('application-open').click();
    const drawer = page.getByTestId('application-drawer');
    await drawer.getByTestId('status-history-entry').first().waitFor();
    expect(page.url()).toContain(`open=${atCity}`);
    expect(await page.getByTestId('application-drawer-approve').count()).toBe(0);
    expect(await page.getByTestId('application-drawer-reject').count()).toBe(0);
    await clickUntilGone(page.locator('.application-drawer-root .ant-drawer-close'), drawer);
    // Its own stage: it decides.
    await table.locator(`tr[data-row-key="${atCounty}"]`).getByTestId('application-open').click();
    await page.getByTestId('application-drawer-approve').waitFor();
    await screenshot(page, 'views-application-drawer');
    // The URL is the detail view: reloaded, it opens again.
    await page.reload();
    await page.getByTestId('application-drawer-approve').waitFor();
    await clickUntilGone(page.locator('.application-drawer-root .ant-drawer-close'), page.getByTestId('application-drawer'));

    // Claims: approving says to whom and how much; cancel leaves the claim submitted.
    await goTo(page, 'reviewClaims', 'page-review-claims');
    await page.getByTestId('claims-table').locator(`tr[data-row-key="${submittedClaim.id}"]`).getByTestId('claim-open').click();
    await page.getByTestId('claim-drawer-approve').click();
    const question = page.locator('.ant-modal-title').filter({ hasText: PROVIDER_NAME });
    await question.waitFor();
    expect(await question.textContent()).toContain(formatFen(submittedClaim.amount));
    await clickUntilGone(page.getByTestId('approve-cancel'), page.getByTestId('approve-cancel'));
    expect((await service.api('GET', `/claims/${submittedClaim.id}`, { token: officerToken })).status).toBe('submitted');
    await clickUntilGone(page.locator('.claim-drawer-root .ant-drawer-close'), page.getByTestId('claim-drawer'));

    // Enterprises: the detail opens from the list.
    await goTo(page, 'enterprises', 'page-enterprises');
    await page.getByTestId('enterprises-table').locator(`tr[data-row-key="${enterpriseId}"]`).getByTestId('enterprise-open').click();
    await page.getByTestId('enterprise-drawer').getByText(ENTERPRISE_NAME).first().waitFor();
    expect(page.url()).toContain(`open=${enterpriseId}`);
  });

  it('finance: a run, approving and paying a batch each confirm with the amount; cancel changes nothing; the batch opens in a drawer', async () => {
    const page = await open(finance, { home: 'page-funds' });
    await goTo(page, 'settlements', 'page-settlements');
    // Start a run: the confirmation names the region and month; cancelled, no run.
    await typePeriod(page, 'settle-period', period);
    await page.getByTestId('settle-run').click();
    const popover = page.locator('.ant-popover:not(.ant-popover-hidden)');
    await popover.getByText(period).first().waitFor();
    await clickUntilGone(popover.getByTestId('confirm-cancel'), popover);
    expect(await service.api('GET', '/settlements', { token: financeToken })).toEqual([]);
    await page.getByTestId('settle-run').click();
    await clickToSend(
      page,
      page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /^\/settlements\/runs$/,
    );
    await page.locator('[data-testid="settle-run-state"][data-state="completed"]').waitFor({ timeout: 60_000 });
    const [batch] = await service.api<Array<{ id: string; total: number; lines: Array<{ providerName: string }> }>>('GET', '/settlements', {
      token: financeToken,
    });
    const row = page.getByTestId('batches-table').locator(`tr[data-row-key="${batch.id}"]`);

    // Search by payee: a name nobody has finds no batch (共 0 条); part of the provider's name finds it.
    const search = page.getByTestId('batches-search').locator('input');
    await search.fill('查无此机构');
    await search.press('Enter');
    await page.getByTestId('batches-total').getByText('共 0 条').waitFor();
    await search.fill(batch.lines[0].providerName.slice(0, 3));
    await search.press('Enter');
    await row.waitFor();
    await page.getByTestId('batches-total').getByText('共 1 条').waitFor();

    // Approve: the confirmation states the amount; cancel leaves a draft.
    await row.getByTestId('batch-approve').click();
    const approveQ = page.locator('.ant-popover:not(.ant-popover-hidden)');
    await approveQ.getByText(formatFen(batch.total)).first().waitFor();
    await screenshot(page, 'views-batch-approve-confirm');
    await clickUntilGone(approveQ.getByTestId('confirm-cancel'), approveQ);
    expect((await service.api('GET', `/settlements/${batch.id}`, { token: financeToken })).status).toBe('draft');
    await row.getByTestId('batch-approve').click();
    await clickToSend(page, page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'), 'POST', /\/approve$/);

    // Pay: the dialog states the amount and the providers paid; cancel leaves it approved.
    await row.getByTestId('batch-pay').click();
    await page.getByTestId('pay-amount').getByText(formatFen(batch.total)).waitFor();
    await clickUntilGone(page.getByTestId('pay-reference-cancel'), page.getByTestId('pay-amount'));
    expect((await service.api('GET', `/settlements/${batch.id}`, { token: financeToken })).status).toBe('approved');

    // The batch's detail view, by its URL too.
    await row.getByTestId('batch-open').click();
    await page.locator('[data-testid="batch-detail"][data-status="approved"]').waitFor();
    await page.getByTestId('batch-drawer').getByText(PROVIDER_NAME).first().waitFor();
    expect(page.url()).toContain(`open=${batch.id}`);
    await screenshot(page, 'views-batch-drawer');
  });

  it('the city admin sees no approve or pay on a region’s batch, and opens a provider from the list', async () => {
    const admin = await open({ username: 'admin', password: 'admin' }, { home: 'page-dashboard' });
    await goTo(admin, 'settlements', 'page-settlements');
    await admin.getByTestId('batches-table').locator('tr[data-row-key]').first().waitFor();
    expect(await admin.getByTestId('batch-approve').count()).toBe(0);
    expect(await admin.getByTestId('batch-pay').count()).toBe(0);
    expect(await admin.getByTestId('batch-payment-file').count()).toBe(0);
    await goTo(admin, 'providers', 'page-providers');
    await admin.getByTestId('providers-table').locator(`tr[data-row-key="${providerId}"]`).getByTestId('provider-open').click();
    await admin.getByTestId('provider-drawer').getByText('L60321').first().waitFor();
    await admin.getByTestId('provider-drawer').getByTestId('status-history-entry').first().waitFor();
    await screenshot(admin, 'views-provider-drawer');
  });

  it('the provider: its redemptions name the enterprise; a claim shows its payment per funding region', async () => {
    const page = await open(provider, { home: 'page-redeem' });
    await goTo(page, 'redemptions', 'page-history');
    await page.getByTestId('redemptions-table').getByText(ENTERPRISE_NAME).first().waitFor();
    await goTo(page, 'claims', 'page-claims');
    await page.getByTestId('claims-table').locator(`tr[data-row-key="${approvedClaimId}"]`).getByTestId('claim-open').click();
    await page.locator('[data-testid="claim-payment"][data-region="330702"][data-status="in_batch"]').waitFor();
    await screenshot(page, 'views-claim-payments');
  });

  it('officer and finance screens fit a 390 px phone: cards, not sideways tables', async () => {
    const phone = await open(officer, { viewport: 'phone', home: 'page-review-applications' });
    await phone.getByTestId('applications-table').getByTestId('row-card').first().waitFor();
    await expectFitsThePhone(phone);
    await screenshot(phone, 'views-officer-applications-phone');
    await phone.locator(`[data-testid="row-card"][data-row-key="${atCounty}"]`).getByTestId('application-open').click();
    await phone.getByTestId('application-drawer-approve').waitFor();
    await expectFitsThePhone(phone);
    await clickUntilGone(phone.locator('.application-drawer-root .ant-drawer-close'), phone.getByTestId('application-drawer'));
    await goTo(phone, 'reviewClaims', 'page-review-claims');
    await phone.getByTestId('claims-table').getByTestId('row-card').first().waitFor();
    await expectFitsThePhone(phone);

    const financePhone = await open(finance, { viewport: 'phone', home: 'page-funds' });
    await goTo(financePhone, 'settlements', 'page-settlements');
    await financePhone.getByTestId('batches-table').getByTestId('row-card').first().waitFor();
    await expectFitsThePhone(financePhone);
    await screenshot(financePhone, 'views-finance-settlements-phone');
    await financePhone.getByTestId('batch-open').first().click();
    await financePhone.getByTestId('batch-detail').waitFor();
    await expectFitsThePhone(financePhone);
    expect(consoleProblems).toEqual([]);
  });
});
