import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatFen } from '@ivl/rules';
import type { Body as Json } from './support/bodies.js';
import {
  type Account,
  allocatedFund,
  consoleProblems,
  createAccount,
  expectFitsThePhone,
  expectNoEnglish,
  goTo,
  launchBrowser,
  loginPage,
  type PortalService,
  screenshot,
  startPortalService,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';

/*
 * 数据大屏 in the browser (the built API and worker, the real clock): 婺城's program funded 30% by
 * the city and 70% by 婺城, used this year at a 婺城 provider of the NEV complex and at a 义乌
 * provider of the HARDWARE complex (cross-region). The city admin opens the screen on a wall display
 * (1920×1080) and the auditor on a phone: the numbers are the API's, all in Chinese.
 */

const NEV = '婺城区新能源汽车产业创新服务综合体';
const HARDWARE = '义乌市现代五金产业创新服务综合体';

describe('the city screen (数据大屏) in the portal', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Account;
  let auditor: Account;
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const token = service.adminToken;
    const complex = async (name: string, sector: string, regionCode: string) =>
      (await service.api('POST', '/complexes', { token, body: { name, sector, level: 'county', regionCode } })).id as string;
    const provider = async (name: string, regionCode: string, complexId: string) =>
      (
        await service.api('POST', '/providers', {
          token,
          body: {
            uscc: newUscc(`91${regionCode}`),
            name,
            regionCode,
            complexId,
            categories: ['TESTING', 'DESIGN', 'RND'],
            accreditations: [{ type: 'CMA', number: 'CMA-2025-018', validUntil: '2029-12-31' }],
            bankAccount: { bankName: '中国工商银行金华分行', accountName: name, accountNo: '1208010009200555555' },
          },
        })
      ).id as string;
    const local = await provider('金华婺城精密检测有限公司', '330702', await complex(NEV, 'NEV', '330702'));
    const yiwu = await provider('义乌五金检测中心有限公司', '330782', await complex(HARDWARE, 'HARDWARE', '330782'));
    const cityFund = await allocatedFund(service, '330700', '市本级创新券资金', 100_000_000, '金财企〔2026〕12号');
    const wuchengFund = await allocatedFund(service, '330702', '婺城区创新券资金', 100_000_000, '婺财企〔2026〕30号');
    const program = await service.api('POST', '/programs', {
      token,
      body: {
        name: `${year}年婺城区科技创新券`,
        year,
        issuerRegionCode: '330702',
        funding: [
          { fundId: cityFund, shareBp: 3000 },
          { fundId: wuchengFund, shareBp: 7000 },
        ],
        categories: ['TESTING', 'DESIGN', 'RND'],
        ratioBp: 5000,
        perVoucherMax: 5_000_000,
        enterpriseAnnualCap: 10_000_000,
        validityDays: 180,
        claimWindowDays: 90,
        cityReviewRequired: false,
      },
    });
    const officer = await createAccount(service, 'county_officer', { regionCode: '330702' });
    const officerToken = await service.login(officer.username, officer.password);
    admin = await createAccount(service, 'city_admin');
    auditor = await createAccount(service, 'auditor');
    const providerTokens: string[] = [];
    for (const providerId of [local, yiwu]) {
      const account = await createAccount(service, 'provider', { providerId });
      providerTokens.push(await service.login(account.username, account.password));
    }
    for (const [i, smeName] of ['金华市婺城区精工五金有限公司', '金华市婺城区绿能电机有限公司'].entries()) {
      const enterprise = await service.api('POST', '/enterprises', {
        token,
        body: { uscc: newUscc('91330702'), name: smeName, regionCode: '330702' },
      });
      const sme = await createAccount(service, 'enterprise', { enterpriseId: enterprise.id });
      const smeToken = await service.login(sme.username, sme.password);
      const application = await service.api('POST', '/applications', {
        token: smeToken,
        body: { programId: program.id, amount: 2_000_000, purpose: '检测与设计' },
      });
      const voucherCode = (
        await service.api('POST', `/applications/${application.id}/approve`, { token: officerToken, body: {}, expect: 200 })
      ).voucher.code as string;
      for (const [p, orderAmount] of [
        [0, 400_000 + i * 100_000],
        [1, 300_000 + i * 50_000],
      ]) {
        const r = await service.api('POST', '/redemptions', {
          token: providerTokens[p],
          headers: { 'idempotency-key': randomUUID() },
          body: { voucherCode, orderAmount, category: 'TESTING', description: '检验检测' },
        });
        await service.api('POST', `/redemptions/${r.id}/confirm`, { token: smeToken, expect: 200 });
      }
    }
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  /** The screen drawn: every chart rendered. */
  async function drawn(page: Page): Promise<void> {
    for (const chart of ['screen-chart-region', 'screen-chart-month', 'screen-chart-sector'])
      await page.locator(`[data-testid="${chart}"][data-rendered="true"]`).waitFor();
  }

  it('the city admin opens the screen on a wall display: the numbers are the API’s, in Chinese', async () => {
    const { context, page } = await loginPage(browser, service.baseUrl, admin, { home: 'page-dashboard' });
    contexts.push(context);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await goTo(page, 'screen', 'page-screen');
    await drawn(page);
    const d = await service.api('GET', `/dashboard/city/${year}`, { token: service.adminToken });
    expect(d.totals.redemptions).toBe(4);
    expect(d.totals.crossRegionUsed).toBeGreaterThan(0);

    await expect(page.getByTestId('screen-title').textContent()).resolves.toContain(`金华市科技创新券数据大屏${year}年度`);
    for (const key of ['vouchersIssued', 'redemptions', 'enterprisesServed', 'providersPaid']) {
      const card = page.getByTestId(`screen-total-${key}`);
      expect(await card.getAttribute('data-value')).toBe(String(d.totals[key]));
      expect(await page.getByTestId(`screen-total-${key}-big`).textContent()).toBe((d.totals[key] as number).toLocaleString('zh-CN'));
    }
    for (const key of ['issued', 'used', 'paid', 'crossRegionUsed']) {
      const fen = d.totals[key] as number;
      expect(await page.getByTestId(`screen-total-${key}`).getAttribute('data-value')).toBe(String(fen));
      expect(await page.getByTestId(`screen-total-${key}-exact`).textContent()).toBe(formatFen(fen));
      const wan = (fen / 1_000_000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(await page.getByTestId(`screen-total-${key}-big`).textContent()).toBe(wan);
    }
    await expect(page.getByTestId('screen-total-used').textContent()).resolves.toContain('万元');

    // The complexes ranked by use, and the flow 婺城区 → 义乌市, as the API says.
    const complexes = page.getByTestId('screen-complex');
    expect(await complexes.count()).toBe((d.topComplexes as Json[]).length);
    for (const [i, c] of (d.topComplexes as Json[]).entries()) {
      const text = (await complexes.nth(i).textContent()) ?? '';
      expect(text).toContain(c.name);
      expect(text).toContain(formatFen(c.used));
      expect(text).toContain(`第 ${i + 1} 名`);
    }
    const cross = (d.flows as Json[]).filter((f) => f.crossRegion);
    const flows = page.getByTestId('screen-flow');
    expect(await flows.count()).toBe(cross.length);
    const wuchengToYiwu = page.locator('[data-testid="screen-flow"][data-from="330702"][data-to="330782"]');
    const flow = cross.find((f) => f.fromRegionCode === '330702' && f.toRegionCode === '330782');
    expect(flow).toBeDefined();
    await expect(wuchengToYiwu.textContent()).resolves.toContain(`婺城区→义乌市${formatFen(flow!.used)}`);
    await expect(page.getByTestId('screen-as-of').textContent()).resolves.toContain('每 60 秒自动刷新');

    await expectNoEnglish(page, [admin.username]);
    await screenshot(page, 'city-screen');
    expect(consoleProblems).toEqual([]);
  });

  it('the auditor reads it on a phone: stacked, nothing wider than the screen', async () => {
    const { context, page } = await loginPage(browser, service.baseUrl, auditor, { viewport: 'phone', home: 'page-dashboard' });
    contexts.push(context);
    await goTo(page, 'screen', 'page-screen');
    await drawn(page);
    await expectFitsThePhone(page);
    // Stacked: the county chart and the month chart one above the other, each as wide as the page's content.
    const region = await page.getByTestId('screen-chart-region').boundingBox();
    const month = await page.getByTestId('screen-chart-month').boundingBox();
    expect(region && month).toBeTruthy();
    expect(month!.y).toBeGreaterThan(region!.y + region!.height - 1);
    expect(Math.abs(month!.x - region!.x)).toBeLessThan(2);
    await expectNoEnglish(page, [auditor.username]);
    await screenshot(page, 'city-screen-phone', { fullPage: true });
    expect(consoleProblems).toEqual([]);
  });

  it("the city's finance bureau finds the screen in its menu; a county's does not", async () => {
    const cityFinance = await createAccount(service, 'finance', { regionCode: '330700' });
    const countyFinance = await createAccount(service, 'finance', { regionCode: '330702' });
    const city = await loginPage(browser, service.baseUrl, cityFinance, { home: 'page-funds' });
    contexts.push(city.context);
    await goTo(city.page, 'screen', 'page-screen');
    await drawn(city.page);
    const county = await loginPage(browser, service.baseUrl, countyFinance, { home: 'page-funds' });
    contexts.push(county.context);
    await county.page.getByTestId('menu-dashboard').waitFor();
    expect(await county.page.getByTestId('menu-screen').count()).toBe(0);
    // Typed in by hand, the address is not a route for it: back to its home screen.
    await county.page.goto(`${service.baseUrl}/#/screen`);
    await county.page.getByTestId('page-funds').waitFor();
    expect(consoleProblems).toEqual([]);
  });
});
