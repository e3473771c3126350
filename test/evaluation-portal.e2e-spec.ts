import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  type Account,
  allocatedFund,
  consoleProblems,
  createAccount,
  downloadOf,
  goTo,
  launchBrowser,
  loginPage,
  type PortalService,
  screenshot,
  startPortalService,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';

/*
 * 考核评价 in the browser (the built API and worker, the real clock): two complexes, the NEV one
 * with two providers that serve two enterprises this year (confirmed and rated). The city admin
 * reads the ranking, opens the first complex (totals, charts by month and category, provider lines)
 * and exports it; a provider of the complex sees its complex's totals and only its own line.
 */

const NEV = '婺城区新能源汽车产业创新服务综合体';
const BIOMED = '金东区生物医药产业创新服务综合体';
const P1 = '金华婺城精密检测有限公司';
const P2 = '金华新能源研发服务有限公司';

describe('complex evaluation in the portal: ranking, detail with charts, export, the provider’s own view', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Account;
  let providerAccount: Account;
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const token = service.adminToken;
    const complex = async (name: string, sector: string, regionCode: string) =>
      (await service.api('POST', '/complexes', { token, body: { name, sector, level: 'county', regionCode } })).id as string;
    const nev = await complex(NEV, 'NEV', '330702');
    await complex(BIOMED, 'BIOMED', '330703');
    const provider = async (name: string) =>
      (
        await service.api('POST', '/providers', {
          token,
          body: {
            uscc: newUscc('91330702'),
            name,
            regionCode: '330702',
            complexId: nev,
            categories: ['TESTING', 'DESIGN', 'RND'],
            accreditations: [{ type: 'CMA', number: 'CMA-2025-018', validUntil: '2029-12-31' }],
            bankAccount: { bankName: '中国工商银行金华婺城支行', accountName: name, accountNo: '1208010009200555555' },
          },
        })
      ).id as string;
    const p1 = await provider(P1);
    const p2 = await provider(P2);
    const fundId = await allocatedFund(service, '330702', '婺城区创新券资金', 100_000_000, '婺财企〔2026〕30号');
    const program = await service.api('POST', '/programs', {
      token,
      body: {
        name: `${year}年婺城区科技创新券`,
        year,
        issuerRegionCode: '330702',
        funding: [{ fundId, shareBp: 10000 }],
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
    const providerAccounts = [
      await createAccount(service, 'provider', { providerId: p1 }),
      await createAccount(service, 'provider', { providerId: p2 }),
    ];
    providerAccount = providerAccounts[1];
    const providerTokens = await Promise.all(providerAccounts.map((a) => service.login(a.username, a.password)));
    const plan: Array<[number, string, number, number]> = [
      [0, 'TESTING', 400_000, 5],
      [0, 'DESIGN', 300_000, 4],
      [1, 'RND', 600_000, 3],
    ];
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
      for (const [p, category, orderAmount, stars] of plan) {
        const r = await service.api('POST', '/redemptions', {
          token: providerTokens[p],
          headers: { 'idempotency-key': randomUUID() },
          body: { voucherCode, orderAmount: orderAmount + i * 100_000, category, description: '创新服务' },
        });
        await service.api('POST', `/redemptions/${r.id}/confirm`, { token: smeToken, expect: 200 });
        await service.api('POST', `/redemptions/${r.id}/rating`, { token: smeToken, body: { stars }, expect: 201 });
      }
    }
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it('the city admin ranks the complexes, opens one with its charts and exports it in Chinese', async () => {
    const { context, page } = await loginPage(browser, service.baseUrl, admin, { home: 'page-dashboard' });
    contexts.push(context);
    await goTo(page, 'evaluation', 'page-evaluation');
    const ranking = page.getByTestId('eval-ranking');
    await ranking.locator('tbody tr.ant-table-row').nth(1).waitFor();
    const rows = await ranking.locator('tbody tr.ant-table-row').allTextContents();
    expect(rows[0]).toContain(NEV);
    expect(rows[0].startsWith('1')).toBe(true);
    expect(rows[1]).toContain(BIOMED);
    await expect(page.getByTestId('eval-order').textContent()).resolves.toContain('排序规则');

    await page.getByTestId('eval-open-1').click();
    const detail = page.getByTestId('eval-detail');
    await detail.waitFor();
    await page.locator('[data-testid="eval-chart-month"][data-rendered="true"]').waitFor();
    await page.locator('[data-testid="eval-chart-category"][data-rendered="true"]').waitFor();
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain(`${NEV} · ${year}年度`);
    expect(text).toContain('服务次数');
    expect(await page.getByTestId('eval-providers').locator('tbody tr.ant-table-row').count()).toBe(2);
    await screenshot(page, 'evaluation-city', { fullPage: true });

    const file = await downloadOf(page, () => page.getByTestId('eval-xlsx').click());
    expect(file.name).toMatch(/^evaluation-\d{4}-.+\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.byteLength) as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '按月', '按服务类别', '服务机构']);
    expect(book.getWorksheet('汇总')?.getRow(1).getCell(1).value).toBe(`${NEV} ${year}年度考核评价`);
    expect(consoleProblems).toEqual([]);
  });

  it("a provider of the complex sees the complex's totals and only its own line, and no ranking", async () => {
    const { context, page } = await loginPage(browser, service.baseUrl, providerAccount, { home: 'page-redeem' });
    contexts.push(context);
    await goTo(page, 'evaluation', 'page-evaluation');
    await page.getByTestId('eval-detail').waitFor();
    await page.locator('[data-testid="eval-chart-month"][data-rendered="true"]').waitFor();
    expect(await page.getByTestId('eval-ranking').count()).toBe(0);
    const lines = page.getByTestId('eval-providers').locator('tbody tr.ant-table-row');
    expect(await lines.count()).toBe(1);
    await expect(lines.first().textContent()).resolves.toContain(P2);
    await expect(page.getByTestId('eval-detail').textContent()).resolves.toContain('本机构');
    await screenshot(page, 'evaluation-provider', { fullPage: true });
    expect(consoleProblems).toEqual([]);
  });
});
