import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  allocatedFund,
  answer,
  chooseOption,
  clickToSend,
  consoleProblems,
  createAccount,
  expectFitsThePhone,
  goTo,
  launchBrowser,
  loginPage,
  newContext,
  type Account,
  type PortalService,
  screenshot,
  startPortalService,
  watchConsole,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';

/*
 * Public notice in the browser (the built API and worker, Postgres, Redis, Chromium): a member of
 * the public, not logged in, opens 公示 from the login page on a phone, finds today's voucher notice
 * and files an objection (异议) against one voucher; the county officer of the issuing region
 * upholds it in 异议处理 with a reason: the voucher is revoked and the outcome is public.
 */

const SME_NAME = '金华市婺城区公示五金有限公司';
const PROGRAM = '2026年婺城区科技创新券（公示测试）';

describe('public notice and objections in the portal', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let officer: Account;
  let officerToken: string;
  let voucherCode: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const admin = service.adminToken;
    const fundId = await allocatedFund(service, '330702', '婺城区创新券资金', 100_000_000, '婺财企〔2026〕20号');
    const program = await service.api('POST', '/programs', {
      token: admin,
      body: {
        name: PROGRAM,
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
      body: { uscc: newUscc('91330702'), name: SME_NAME, regionCode: '330702' },
    });
    const sme = await createAccount(service, 'enterprise', { enterpriseId: enterprise.id });
    officer = await createAccount(service, 'county_officer', { regionCode: '330702' });
    officerToken = await service.login(officer.username, officer.password);
    const application = await service.api('POST', '/applications', {
      token: await service.login(sme.username, sme.password),
      body: { programId: program.id, amount: 2_000_000, purpose: '产品检测' },
    });
    const approved = await service.api('POST', `/applications/${application.id}/approve`, { token: officerToken, body: {}, expect: 200 });
    voucherCode = approved.voucher.code as string;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it('a member of the public objects on a phone; the officer upholds it and the voucher is revoked', async () => {
    const context = await newContext(browser, 'phone');
    contexts.push(context);
    const page = await context.newPage();
    watchConsole(page);
    await page.goto(`${service.baseUrl}/#/login`);
    await page.getByTestId('login-notices').click();
    await page.getByTestId('page-notices').waitFor();
    const listed = answer(page, 'GET', /^\/public\/notices$/);
    await page.getByTestId('notice-tab-voucher').click();
    await listed;
    const notice = page.getByTestId('notice').filter({ hasText: PROGRAM });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(SME_NAME);
    await expect(notice.textContent()).resolves.not.toContain(voucherCode);
    await expectFitsThePhone(page);

    await notice.getByTestId('notice-object').click();
    await chooseOption(page, 'objection-item', SME_NAME);
    await page.getByTestId('objection-name').fill('李四');
    await page.getByTestId('objection-contact').fill('13700001111');
    await page.getByTestId('objection-text').fill('该企业已于去年注销，不应获得创新券');
    await expectFitsThePhone(page);
    await screenshot(page, 'notices-objection-phone');
    const filed = await clickToSend(page, page.getByTestId('objection-ok'), 'POST', /^\/public\/notices\/[^/]+\/objections$/);
    expect(filed.status()).toBe(201);
    const open = notice.getByTestId('public-objection');
    await open.waitFor();
    expect(await open.getAttribute('data-status')).toBe('open');
    await expect(notice.textContent()).resolves.not.toContain('13700001111');
    await screenshot(page, 'notices-phone', { fullPage: true });

    const desk = await loginPage(browser, service.baseUrl, officer);
    contexts.push(desk.context);
    await goTo(desk.page, 'objections', 'page-objections');
    const card = desk.page.getByTestId('objection').filter({ hasText: '该企业已于去年注销' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('13700001111');
    await card.getByTestId('objection-uphold').click();
    await desk.page.getByTestId('decision-input').fill('经核查，该企业已注销，撤销其创新券');
    await screenshot(desk.page, 'objections-uphold');
    const upheld = await clickToSend(desk.page, desk.page.getByTestId('decision-ok'), 'POST', /^\/objections\/[^/]+\/uphold$/);
    expect(upheld.status()).toBe(200);

    const voucher = await service.api('GET', `/vouchers/${voucherCode}`, { token: officerToken });
    expect(voucher.status).toBe('revoked');
    // The outcome is public.
    await page.reload();
    await page.getByTestId('notice-tab-voucher').click();
    const decided = page.getByTestId('notice').filter({ hasText: PROGRAM }).getByTestId('public-objection');
    await decided.filter({ hasText: '经核查，该企业已注销' }).waitFor();
    expect(await decided.getAttribute('data-status')).toBe('upheld');
    expect(consoleProblems).toEqual([]);
  });
});
