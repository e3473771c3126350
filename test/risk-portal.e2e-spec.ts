import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  type Account,
  answer,
  chooseOption,
  clickToSend,
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  loginPage,
  type PortalService,
  screenshot,
  startPortalService,
  typePeriod,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';

/*
 * The auditor's risk queue in the browser (Debian's Chromium, the built API and worker): an
 * enterprise splits one job into three bills just under the program's full-coverage amount at one
 * provider and confirms each at once; the auditor scans the month from the 风险线索 screen (立即扫描),
 * reads the evidence in Chinese with a link to the provider, dismisses the 秒确认 signal with a
 * reason, and draws a risk-weighted (按风险加权) audit sample that holds the three redemptions.
 */

const PROVIDER_NAME = '金华市婺城区拆分检测服务有限公司';

describe('the auditor risk queue in the portal: scan, evidence, dismiss, risk-weighted sample', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let auditor: Account;
  let providerId: string;
  const redemptionIds: string[] = [];
  const period = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const admin = service.adminToken;
    const finance = await createAccount(service, 'finance', { regionCode: '330702' });
    const fundId = (
      await service.api('POST', '/funds', { token: admin, body: { regionCode: '330702', year: 2026, name: '婺城区创新券资金' } })
    ).id as string;
    await service.api('POST', `/funds/${fundId}/allocations`, {
      token: await service.login(finance.username, finance.password),
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: 100_000_000, reference: '婺财企〔2026〕21号' },
    });
    const program = await service.api('POST', '/programs', {
      token: admin,
      body: {
        name: '2026年婺城区科技创新券（首五千元全额）',
        year: 2026,
        issuerRegionCode: '330702',
        funding: [{ fundId, shareBp: 10000 }],
        categories: ['TESTING', 'DESIGN'],
        ratioBp: 5000,
        fullCoverageUpTo: 500_000,
        perVoucherMax: 5_000_000,
        enterpriseAnnualCap: 10_000_000,
        validityDays: 180,
        claimWindowDays: 90,
        cityReviewRequired: false,
      },
    });
    const enterprise = await service.api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330702'), name: '金华市婺城区分单五金有限公司', regionCode: '330702' },
    });
    providerId = (
      await service.api('POST', '/providers', {
        token: admin,
        body: {
          uscc: newUscc('91330702'),
          name: PROVIDER_NAME,
          regionCode: '330702',
          categories: ['TESTING', 'DESIGN'],
          accreditations: [{ type: 'CNAS', number: 'L23456', validUntil: '2029-06-30' }],
          bankAccount: { bankName: '中国工商银行金华婺城支行', accountName: PROVIDER_NAME, accountNo: '1208010009200777777' },
        },
      })
    ).id as string;
    const [sme, provider, officer] = await Promise.all([
      createAccount(service, 'enterprise', { enterpriseId: enterprise.id }),
      createAccount(service, 'provider', { providerId }),
      createAccount(service, 'county_officer', { regionCode: '330702' }),
    ]);
    auditor = await createAccount(service, 'auditor');
    const smeToken = await service.login(sme.username, sme.password);
    const providerToken = await service.login(provider.username, provider.password);
    const application = await service.api('POST', '/applications', {
      token: smeToken,
      body: { programId: program.id, amount: 3_000_000, purpose: '产品检测' },
    });
    const voucherCode = (
      await service.api('POST', `/applications/${application.id}/approve`, {
        token: await service.login(officer.username, officer.password),
        body: {},
        expect: 200,
      })
    ).voucher.code as string;
    for (const orderAmount of [480_000, 495_000, 500_000]) {
      const r = await service.api('POST', '/redemptions', {
        token: providerToken,
        headers: { 'idempotency-key': randomUUID() },
        body: { voucherCode, orderAmount, category: 'DESIGN', description: '外观设计（分期）' },
      });
      await service.api('POST', `/redemptions/${r.id}/confirm`, { token: smeToken, expect: 200 });
      redemptionIds.push(r.id as string);
    }
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it('scans, shows the evidence, dismisses with a reason, and draws a risk-weighted sample', async () => {
    const { context, page } = await loginPage(browser, service.baseUrl, auditor, { home: 'page-dashboard' });
    contexts.push(context);
    await goTo(page, 'risk', 'page-risk');
    await chooseOption(page, 'risk-region', '330702');
    await typePeriod(page, 'risk-period', period);
    await page.getByTestId('risk-scan').click();

    const split = page.locator('tr[data-kind="SPLIT_ORDERS"]');
    const instant = page.locator('tr[data-kind="INSTANT_CONFIRMATION"]');
    await split.waitFor();
    await instant.waitFor();
    await expect(split.textContent()).resolves.toContain('拆单');
    await expect(split.textContent()).resolves.toContain('全额补贴上限 5,000 元');
    await expect(instant.textContent()).resolves.toContain('秒确认');
    await expect(split.getByTestId('risk-provider-link').first().getAttribute('href')).resolves.toBe(`#/directory/${providerId}`);

    await split.locator('.ant-table-row-expand-icon').click();
    const evidence = page.getByTestId('risk-evidence').first();
    await evidence.waitFor();
    expect(await evidence.getByTestId('risk-redemption-link').count()).toBe(3);
    await screenshot(page, 'risk-queue');

    await instant.getByTestId('risk-dismiss').click();
    await page.getByTestId('risk-decision-input').fill('同一项目分期验收，现场确认属实');
    const dismissed = await clickToSend(page, page.getByTestId('risk-decision-ok'), 'POST', /^\/risk\/signals\/[^/]+\/dismiss$/);
    expect(dismissed.status()).toBe(200);
    await instant.waitFor({ state: 'detached' });
    await split.waitFor();

    await goTo(page, 'samples', 'page-samples');
    await chooseOption(page, 'sample-region', '330702');
    await typePeriod(page, 'sample-period', period);
    await page.getByTestId('sample-risk-weighted').check();
    const drawn = answer(page, 'POST', /^\/audit\/samples$/);
    await page.getByTestId('sample-draw').click();
    const sample = await drawn;
    expect({ sent: sample.request().postDataJSON(), status: sample.status() }).toMatchObject({
      sent: { regionCode: '330702', period, riskWeighted: true },
      status: 201,
    });
    await page.getByTestId('sample-table').waitFor();
    const reasons = page.getByTestId('sample-reason');
    await expect(reasons.count()).resolves.toBe(3);
    expect(await page.locator('[data-testid="sample-reason"][data-reason="risk"]').count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('sample-table').textContent()).resolves.toContain('风险');
    await screenshot(page, 'risk-weighted-sample');
    expect(consoleProblems).toEqual([]);
  });
});
