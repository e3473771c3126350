import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type Account,
  clickToSend,
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  loginPage,
  type PortalService,
  startPortalService,
} from '../support/portal.js';

const DONGYANG = '330783';
const YIWU = '330782';
const PROGRAM = '东阳市科技创新券（义乌共同出资）';

/*
 * The co-funding approval in the browser: the Dongyang officer's program naming Yiwu's fund shows as
 * awaiting approval; Yiwu's finance bureau approves its share on the programs screen (with a
 * confirmation naming the fund and the share); the program then shows in force to the officer too.
 */
describe('the portal: approving a co-funding share', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let officer: Account;
  let yiwuFinance: Account;
  let programId: string;
  let yiwuFund: string;
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

  async function open(account: Account, home: string): Promise<Page> {
    const { context, page } = await loginPage(browser, service.baseUrl, account, { home });
    contexts.push(context);
    return page;
  }

  const programRow = (page: Page) => page.getByTestId('programs-table').locator(`tr[data-row-key="${programId}"]`);
  const statusOf = (page: Page, status: string) => programRow(page).locator(`[data-testid="program-status"][data-status="${status}"]`);

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const api = service.api;
    officer = await createAccount(service, 'county_officer', { regionCode: DONGYANG });
    const dongyangFinance = await createAccount(service, 'finance', { regionCode: DONGYANG });
    yiwuFinance = await createAccount(service, 'finance', { regionCode: YIWU });
    const fundOf = async (account: Account, regionCode: string, name: string) =>
      (await api('POST', '/funds', { token: await service.login(account.username, account.password), body: { regionCode, year, name } }))
        .id as string;
    const dongyangFund = await fundOf(dongyangFinance, DONGYANG, '东阳市科技创新券专项资金');
    yiwuFund = await fundOf(yiwuFinance, YIWU, '义乌市科技创新券专项资金');
    // The officer's fund list shows its own region's funds only, so the cross-region program is proposed through the API.
    const program = await api('POST', '/programs', {
      token: await service.login(officer.username, officer.password),
      expect: 201,
      body: {
        name: PROGRAM,
        year,
        issuerRegionCode: DONGYANG,
        funding: [
          { fundId: dongyangFund, shareBp: 7000 },
          { fundId: yiwuFund, shareBp: 3000 },
        ],
        categories: ['TESTING', 'DESIGN'],
        ratioBp: 5000,
        perVoucherMax: 5_000_000,
        enterpriseAnnualCap: 10_000_000,
        validityDays: 180,
        claimWindowDays: 90,
        cityReviewRequired: false,
      },
    });
    expect(program.status).toBe('proposed');
    programId = program.id;
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await (browser as Browser | undefined)?.close(); // unset when beforeAll failed
    await (service as PortalService | undefined)?.stop();
  });

  it("shows the program as proposed, lets Yiwu's finance approve its share, then shows it in force", async () => {
    const officerPage = await open(officer, 'page-review-applications');
    await goTo(officerPage, 'programs', 'page-programs');
    await statusOf(officerPage, 'proposed').waitFor();
    expect(await statusOf(officerPage, 'proposed').innerText()).toBe('待批准出资');
    // The officer sees the share waiting, but may not approve it.
    await programRow(officerPage).locator(`[data-testid="program-share"][data-fund="${yiwuFund}"][data-approved="false"]`).waitFor();
    expect(await programRow(officerPage).getByTestId('share-approve').count()).toBe(0);

    const financePage = await open(yiwuFinance, 'page-funds');
    await goTo(financePage, 'programs', 'page-programs');
    const share = programRow(financePage).locator(`[data-testid="program-share"][data-fund="${yiwuFund}"]`);
    await share.getByTestId('share-approve').click();
    // The confirmation names the fund and the share being committed.
    const popconfirm = financePage.locator('.ant-popconfirm:not(.ant-popover-hidden)');
    await popconfirm.filter({ hasText: '义乌市科技创新券专项资金' }).filter({ hasText: '30%' }).waitFor();
    const response = await clickToSend(
      financePage,
      popconfirm.getByTestId('confirm-ok'),
      'POST',
      new RegExp(`^/programs/${programId}/funding/${yiwuFund}/approve$`),
    );
    expect(response.status()).toBe(200);
    await statusOf(financePage, 'active').waitFor();
    expect(await statusOf(financePage, 'active').innerText()).toBe('已生效');
    await programRow(financePage).locator(`[data-testid="program-share"][data-fund="${yiwuFund}"][data-approved="true"]`).waitFor();

    await officerPage.reload();
    await statusOf(officerPage, 'active').waitFor();
    expect(consoleProblems).toEqual([]);
  });
});
