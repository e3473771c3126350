import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  clickToSend,
  clickUntilGone,
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  loginPage,
  newContext,
  type PortalService,
  startPortalService,
} from '../support/portal.js';
import { newUscc } from '../support/uscc.js';

const NEW_PASSWORD = 'Wuyi-Hot-Spring-2026';

describe('accounts in the portal', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let target: { username: string; password: string; id: string };
  let officer: { username: string; password: string; id: string };

  const open = async (account: { username: string; password: string }, home: string): Promise<Page> => {
    const { context, page } = await loginPage(browser, service.baseUrl, account, { home });
    contexts.push(context);
    return page;
  };
  const userRow = (page: Page, id: string) => page.getByTestId('users-table').locator(`tr[data-row-key="${id}"]`);
  const popconfirmOk = (page: Page) => page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok');

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const enterprise = await service.api('POST', '/enterprises', {
      token: service.adminToken,
      body: { uscc: newUscc('91330702'), name: '婺城精密五金有限公司', regionCode: '330702' },
    });
    target = await createAccount(service, 'enterprise', { enterpriseId: enterprise.id });
    officer = await createAccount(service, 'county_officer', { regionCode: '330702' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await (browser as Browser | undefined)?.close(); // unset when beforeAll failed
    await (service as PortalService | undefined)?.stop();
  });

  it('the county officer disables and enables an enterprise user of its region, after a confirmation', async () => {
    const page = await open(officer, 'page-review-applications');
    await goTo(page, 'enterpriseUsers', 'page-users');
    const row = userRow(page, target.id);
    await row.locator('[data-status="active"]').waitFor();
    await row.getByTestId('user-disable').click();
    expect((await clickToSend(page, popconfirmOk(page), 'POST', /^\/users\/[^/]+\/disable$/)).status()).toBe(200);
    await row.locator('[data-status="disabled"]').waitFor();
    await service.api('POST', '/auth/login', { body: { username: target.username, password: target.password }, expect: 401 });
    await row.getByTestId('user-enable').click();
    expect((await clickToSend(page, popconfirmOk(page), 'POST', /^\/users\/[^/]+\/enable$/)).status()).toBe(200);
    await row.locator('[data-status="active"]').waitFor();
    // It has no reset and no create: those are the city admin's.
    expect(await row.getByTestId('user-reset').count()).toBe(0);
    expect(await page.getByTestId('user-create-open').count()).toBe(0);
  });

  it('the admin resets a password; the user logs in with it, must change it, then logs in with the new one', async () => {
    const admin = await open({ username: 'admin', password: 'admin' }, 'page-dashboard');
    await goTo(admin, 'users', 'page-users');
    const row = userRow(admin, target.id);
    await row.getByTestId('user-reset').click();
    expect((await clickToSend(admin, popconfirmOk(admin), 'POST', /^\/users\/[^/]+\/password-reset$/)).status()).toBe(200);
    const shown = admin.getByTestId('temporary-password');
    await shown.waitFor();
    const temporary = (await shown.textContent())!.trim();
    expect(temporary.length).toBeGreaterThanOrEqual(10);
    await admin.locator('.ant-modal .ant-typography-copy').waitFor(); // the copy button
    await clickUntilGone(admin.getByTestId('temporary-close'), admin.locator('.ant-modal'));

    // The user logs in with the temporary password: only the change-password page is there, in Chinese.
    const context = await newContext(browser, 'desktop');
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${service.baseUrl}/#/login`);
    await page.getByTestId('login-username').fill(target.username);
    await page.getByTestId('login-password').fill(temporary);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-forced').waitFor();
    expect(await page.getByTestId('password-forced').textContent()).toContain('临时密码');
    await page.goto(`${service.baseUrl}/#/vouchers`);
    await page.getByTestId('password-forced').waitFor();
    expect(await page.getByTestId('menu-vouchers').count()).toBe(0);

    await page.getByTestId('password-current').fill(temporary);
    await page.getByTestId('password-new').fill(NEW_PASSWORD);
    await page.getByTestId('password-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('login-password-changed').waitFor();
    expect(await page.getByTestId('login-password-changed').textContent()).toContain('请使用新密码重新登录');

    await open({ username: target.username, password: NEW_PASSWORD }, 'page-vouchers');
    await service.api('POST', '/auth/login', { body: { username: target.username, password: temporary }, expect: 401 });
  });

  it('every role reaches the change-password page from the user menu', async () => {
    const page = await open(officer, 'page-review-applications');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('user-password').click();
    await page.getByTestId('page-password').waitFor();
    expect(consoleProblems).toEqual([]);
  });
});
