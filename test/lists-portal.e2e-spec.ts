import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext } from 'playwright-core';
import { createAccount, goTo, launchBrowser, loginPage, type PortalService, startPortalService } from './support/portal.js';
import { newUscc } from './support/uscc.js';

/*
 * Lists in the browser (issue 16): a county officer opens its enterprises, reads the total
 * (「共 N 条」) under the table, searches by part of a name and by part of a USCC, and never finds
 * another county's enterprise; the city admin finds it.
 */
describe('lists in the portal: totals and search', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const jindongUscc = newUscc('91330703');

  beforeAll(async () => {
    service = await startPortalService();
    browser = await launchBrowser();
    for (const [name, regionCode, uscc] of [
      ['婺城恒达五金工具有限公司', '330702', newUscc('91330702')],
      ['婺城精工五金制品有限公司', '330702', newUscc('91330702')],
      ['婺城云创设计有限公司', '330702', newUscc('91330702')],
      ['金东远航五金机械有限公司', '330703', jindongUscc],
    ]) {
      await service.api('POST', '/enterprises', { token: service.adminToken, body: { name, regionCode, uscc } });
    }
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await service.stop();
  });

  it('a county officer reads the total and searches its own enterprises only', async () => {
    const officer = await createAccount(service, 'county_officer', { regionCode: '330702' });
    const { context, page } = await loginPage(browser, service.baseUrl, officer);
    contexts.push(context);
    await goTo(page, 'enterprises', 'page-enterprises');
    const table = page.getByTestId('enterprises-table');
    await expect(table.getByTestId('page-total').textContent()).resolves.toBe('共 3 条');

    const search = page.getByTestId('enterprises-table-search').locator('input');
    await search.fill('五金');
    await search.press('Enter');
    await table.getByTestId('page-total').filter({ hasText: '共 2 条' }).waitFor();
    const names = await table.locator('tbody tr.ant-table-row td:first-child').allTextContents();
    expect(names.sort()).toEqual(['婺城恒达五金工具有限公司', '婺城精工五金制品有限公司']);

    await search.fill(jindongUscc.slice(4, 14));
    await search.press('Enter');
    await table.getByTestId('page-total').filter({ hasText: '共 0 条' }).waitFor();
  });

  it('the city admin finds the other county’s enterprise by part of its USCC', async () => {
    const admin = await createAccount(service, 'city_admin');
    const { context, page } = await loginPage(browser, service.baseUrl, admin);
    contexts.push(context);
    await goTo(page, 'enterprises', 'page-enterprises');
    const table = page.getByTestId('enterprises-table');
    await table.getByTestId('page-total').filter({ hasText: '共 4 条' }).waitFor();
    const search = page.getByTestId('enterprises-table-search').locator('input');
    await search.fill(jindongUscc.slice(4, 14));
    await search.press('Enter');
    await table.getByTestId('page-total').filter({ hasText: '共 1 条' }).waitFor();
    await expect(table.locator('tbody tr.ant-table-row td:first-child').allTextContents()).resolves.toEqual(['金东远航五金机械有限公司']);
  });
});
