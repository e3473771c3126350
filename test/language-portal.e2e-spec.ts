import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type Account,
  clickToSend,
  consoleProblems,
  createAccount,
  englishWords,
  expectNoEnglish,
  goTo,
  launchBrowser,
  loginPage,
  menuKeys,
  newContext,
  type PortalService,
  screenshot,
  settled,
  startPortalService,
  visibleWords,
  watchConsole,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';
import { pdf } from './support/documents.js';
import type { Body as Json } from './support/bodies.js';

/*
 * One language at a time (issue 16), in Debian's Chromium against the built API and worker: a world
 * with data in every list (fund, program, enterprise, provider and its service, an approved and a
 * pending application, a voucher, a confirmed redemption, an approved claim, an approved settlement
 * batch, an order), then each role — city admin, county officer, finance, provider, enterprise,
 * auditor, and the public (directory, sign-up, anchors) — walks every screen of its menu in zh-CN,
 * and no page may show an English word outside the short allow-list (test/support/portal.ts). Also:
 * an error in zh-CN has no English second line; the mark-paid dialog asks for 银行流水号; the audit
 * log reads in words (office and user, a Chinese verb, the object by name, states in words, no UUID).
 */

const REGION = '330702';
const PROGRAM = '2026年婺城区科技创新券';
const SME_NAME = '金华市婺城区恒达五金工具有限公司';
const PROVIDER_NAME = '金华市鼎诚检测技术有限公司';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('a portal that reads as one language (zh-CN)', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const api = <T = Json>(...args: Parameters<PortalService['api']>) => service.api<T>(...args);
  const accounts: Record<string, Account> = {};
  let batchId: string;
  let period: string;

  async function open(account: Account): Promise<Page> {
    const { context, page } = await loginPage(browser, service.baseUrl, account);
    contexts.push(context);
    return page;
  }

  /** Every screen of the role's menu, in order: the English words each shows (none expected). */
  async function walk(page: Page, allow: string[]): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    await settled(page);
    const home = englishWords(await visibleWords(page), allow);
    if (home.length) found.home = home;
    for (const key of await menuKeys(page)) {
      await page.getByTestId(`menu-${key}`).click();
      await page.locator('[data-testid^="page-"]').first().waitFor();
      await settled(page);
      const words = englishWords(await visibleWords(page), allow);
      if (words.length) found[key] = words;
    }
    return found;
  }

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const admin = service.adminToken;
    accounts.finance = await createAccount(service, 'finance', { regionCode: REGION });
    accounts.auditor = await createAccount(service, 'auditor');
    accounts.officer = await createAccount(service, 'county_officer', { regionCode: REGION });
    const financeToken = await service.login(accounts.finance.username, accounts.finance.password);
    const fundId = (await api('POST', '/funds', { token: admin, body: { regionCode: REGION, year: 2026, name: '婺城区科技创新券资金' } }))
      .id as string;
    await api('POST', `/funds/${fundId}/allocations`, {
      token: financeToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: 100_000_000, reference: '婺财企〔2026〕18号' },
    });
    const program = await api('POST', '/programs', {
      token: admin,
      body: {
        name: PROGRAM,
        year: 2026,
        issuerRegionCode: REGION,
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
    await api('POST', '/complexes', {
      token: admin,
      body: { name: '金华市五金产业创新服务综合体', sector: 'HARDWARE', level: 'city', regionCode: REGION },
    });
    const enterprise = await api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330702'), name: SME_NAME, regionCode: REGION },
    });
    const enterprise2 = await api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330702'), name: '金华市婺城区永盛机械有限公司', regionCode: REGION },
    });
    const provider = await api('POST', '/providers', {
      token: admin,
      body: {
        uscc: newUscc('91330702'),
        name: PROVIDER_NAME,
        regionCode: REGION,
        categories: ['TESTING'],
        accreditations: [{ type: 'CNAS', number: 'L54321', validUntil: '2029-06-30' }],
        bankAccount: { bankName: '中国工商银行金华婺城支行', accountName: PROVIDER_NAME, accountNo: '1208010009200123456' },
      },
    });
    accounts.enterprise = await createAccount(service, 'enterprise', { enterpriseId: enterprise.id });
    accounts.enterprise2 = await createAccount(service, 'enterprise', { enterpriseId: enterprise2.id });
    accounts.provider = await createAccount(service, 'provider', { providerId: provider.id });
    const [smeToken, sme2Token, officerToken, providerToken] = await Promise.all([
      service.login(accounts.enterprise.username, accounts.enterprise.password),
      service.login(accounts.enterprise2.username, accounts.enterprise2.password),
      service.login(accounts.officer.username, accounts.officer.password),
      service.login(accounts.provider.username, accounts.provider.password),
    ]);
    // The provider's service in the directory, and an order for it.
    const serviceItem = await api('POST', '/services', {
      token: providerToken,
      body: { name: '电器安规检测', category: 'TESTING', description: '出口电器的安规检测与报告', priceFrom: 300_000, unit: '项' },
    });
    const application = await api('POST', '/applications', {
      token: smeToken,
      body: { programId: program.id, amount: 2_000_000, purpose: '出口前的安规检测' },
    });
    // A second application stays pending: the officer's review list is not empty.
    await api('POST', '/applications', { token: sme2Token, body: { programId: program.id, amount: 1_000_000, purpose: '新产品检测' } });
    const approved = await api('POST', `/applications/${application.id}/approve`, { token: officerToken, body: {}, expect: 200 });
    const voucher = approved.voucher as { code: string };
    await api('POST', '/orders', {
      token: smeToken,
      body: { serviceId: serviceItem.id, voucherCode: voucher.code, description: '两款电器的安规检测' },
    });
    const redemption = await api('POST', '/redemptions', {
      token: providerToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { voucherCode: voucher.code, orderAmount: 600_000, category: 'TESTING', description: '安规检测' },
    });
    await api('POST', `/redemptions/${redemption.id as string}/confirm`, { token: smeToken, expect: 200 });
    // A second redemption stays pending: the enterprise has something to confirm.
    await api('POST', '/redemptions', {
      token: providerToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { voucherCode: voucher.code, orderAmount: 100_000, category: 'TESTING', description: '复检' },
    });
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
    period = today.slice(0, 7);
    const claim = await api('POST', '/claims', {
      token: providerToken,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        redemptionIds: [redemption.id],
        invoice: { number: `33${Date.now()}`, date: today, amount: redemption.subsidy },
        documentIds: [invoiceFile.id],
      },
    });
    await api('POST', `/claims/${claim.id as string}/approve`, { token: officerToken, expect: 200 });
    const run = await api('POST', '/settlements/runs', { token: financeToken, body: { regionCode: REGION, period }, expect: 202 });
    let batchIds: string[] = [];
    for (let i = 0; i < 150 && batchIds.length === 0; i++) {
      const state = await api('GET', `/settlements/runs/${run.jobId as string}`, { token: financeToken });
      if (state.state === 'failed') throw new Error(`settlement run failed: ${JSON.stringify(state)}`);
      if (state.state === 'completed') batchIds = state.batchIds as string[];
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(batchIds).toHaveLength(1);
    batchId = batchIds[0];
    await api('POST', `/settlements/${batchId}/approve`, { token: financeToken, expect: 200 });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it('the audit log names who, what and which object (API): office, user, batch 「YYYY-MM 第1批」, no raw ids', async () => {
    const entries = await api<Json[]>('GET', '/audit-log?limit=200', { token: service.adminToken });
    const batch = entries.find((e) => e.entityType === 'settlement_batch' && e.action === 'approve');
    expect(batch).toMatchObject({
      entityName: `婺城区 ${period} 第1批`,
      actorName: accounts.finance.username,
      actorRegionName: '婺城区',
      fromState: 'draft',
      toState: 'approved',
    });
    const application = entries.find((e) => e.entityType === 'application' && e.action === 'approve:county');
    expect(application).toMatchObject({ entityName: `${SME_NAME} · ${PROGRAM}`, actorName: accounts.officer.username });
    const redemption = entries.find((e) => e.entityType === 'redemption' && e.action === 'redeem');
    expect(redemption?.entityName).toMatch(new RegExp(`^[A-Z0-9]{16} · ${SME_NAME} · ${PROVIDER_NAME}$`));
    expect(redemption).toMatchObject({ actorOrgName: PROVIDER_NAME });
    // Every entry of this world has a name for its object (the object types the world made).
    const nameless = entries.filter((e) => e.entityName === null && !['risk_scan', 'audit_sample'].includes(e.entityType as string));
    expect(nameless).toEqual([]);
    // A county officer reads only its region's entries, still by name.
    const officerToken = await service.login(accounts.officer.username, accounts.officer.password);
    const own = await api<Json[]>('GET', '/audit-log', { token: officerToken });
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.entityName !== null)).toBe(true);
  });

  it('the auditor reads the audit log in words, the object linked to its page', async () => {
    const page = await open(accounts.auditor);
    await goTo(page, 'auditLog', 'page-audit-log');
    await page.getByTestId('audit-object').first().waitFor();
    await settled(page);
    const table = page.getByTestId('audit-table');
    const text = (await table.innerText()).replace(/\s+/g, ' ');
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/[{}]/); // no JSON
    expect(text).toContain(`婺城区财政局 ${accounts.finance.username}`);
    expect(text).toContain(`婺城区科技局 ${accounts.officer.username}`);
    expect(text).toContain(`婺城区 ${period} 第1批`);
    expect(text).toContain('草稿 → 已审核'); // the glossary's word for an approved batch
    expect(text).toContain('县级审核通过');
    await expectNoEnglish(page, usernames());
    await screenshot(page, 'audit-log-in-words');
    // The batch links to the settlements screen (the auditor's menu has none: plain text there; the admin's has).
    const adminPage = await open({ username: 'admin', password: 'admin' });
    await goTo(adminPage, 'auditLog', 'page-audit-log');
    const batchLink = adminPage.locator('[data-testid="audit-object"][data-entity-type="program"] a').first();
    await batchLink.waitFor();
    expect(await batchLink.getAttribute('href')).toMatch(/#\/programs\?open=/);
  });

  it('an error in zh-CN has no English line; the mark-paid dialog asks for 银行流水号', async () => {
    // A wrong password: the login page's error is Chinese only.
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    watchConsole(page);
    await page.goto(`${service.baseUrl}/#/login`);
    await page.getByTestId('login-username').fill(accounts.finance.username);
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-submit').click();
    await page.locator('.ant-alert-error, .ant-notification-notice, .ant-message-error').first().waitFor();
    await expectNoEnglish(page, usernames());

    const fp = await open(accounts.finance);
    await goTo(fp, 'settlements', 'page-settlements');
    await fp.locator(`tr[data-row-key="${batchId}"] [data-testid="batch-pay"]`).click();
    const dialog = fp.locator('.ant-modal').filter({ has: fp.getByTestId('pay-reference-input') });
    await dialog.waitFor();
    expect(await dialog.locator('label').first().innerText()).toBe('银行流水号');
    await dialog.getByTestId('pay-reference-ok').click();
    await dialog.getByText('请填写银行流水号').waitFor();
    expect(await dialog.innerText()).not.toContain('请填写理由');
    await expectNoEnglish(fp, usernames());
    await screenshot(fp, 'mark-paid-bank-reference');
    await dialog.getByTestId('pay-reference-input').fill('婺财付〔2026〕0001号');
    const paid = await clickToSend(fp, dialog.getByTestId('pay-reference-ok'), 'POST', /^\/settlements\/[^/]+\/pay$/);
    expect(paid.status()).toBe(200);
  });

  const usernames = () => [...Object.values(accounts).map((a) => a.username), 'admin'];

  for (const [role, key] of [
    ['city admin', 'admin'],
    ['county officer', 'officer'],
    ['finance', 'finance'],
    ['provider', 'provider'],
    ['enterprise', 'enterprise'],
    ['auditor', 'auditor'],
  ] as const) {
    it(`the ${role} sees no English word on any screen of its menu`, async () => {
      const account = key === 'admin' ? { username: 'admin', password: 'admin' } : accounts[key];
      const page = await open(account);
      const found = await walk(page, usernames());
      expect(found).toEqual({});
      await screenshot(page, `zh-${key}-last-screen`);
    }, 180_000);
  }

  it('the public (directory, a provider, sign-up, anchors, login) sees no English word', async () => {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    watchConsole(page);
    const found: Record<string, string[]> = {};
    for (const route of ['/directory', '/signup', '/anchors', '/login']) {
      await page.goto(`${service.baseUrl}/#${route}`);
      await page
        .locator('body')
        .filter({ hasText: /\p{Script=Han}/u })
        .waitFor();
      await settled(page);
      const words = englishWords(await visibleWords(page), usernames());
      if (words.length) found[route] = words;
    }
    await page.goto(`${service.baseUrl}/#/directory`);
    await settled(page);
    const providerLink = page.locator('a[href*="#/directory/"]').first();
    if (await providerLink.count()) {
      await providerLink.click();
      await settled(page);
      const words = englishWords(await visibleWords(page), usernames());
      if (words.length) found['/directory/:id'] = words;
    }
    expect(found).toEqual({});
    expect(consoleProblems).toEqual([]);
  });
});
