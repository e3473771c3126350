import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import {
  type Account,
  chooseOption,
  clickToSend,
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  loginPage,
  newContext,
  PASSWORD,
  pageWidth,
  type PortalService,
  samplePng,
  screenshot,
  startPortalService,
  uploadIn,
  watchConsole,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';

/*
 * Onboarding in the browser (Debian's Chromium, the built API and worker, Postgres and Redis), on a
 * 390 px phone: an enterprise signs itself up from the login page, uploads its business licence,
 * the county officer of its region opens the registration queue, sees the licence previewed in the
 * review drawer and approves; the applicant, told to log in again, logs in as the new enterprise and
 * lands on its vouchers. Screenshots of the sign-up page and the review drawer go to docs/screenshots.
 */

const SME_NAME = '金华市婺城区恒达五金工具有限公司';

/** Waits for the answer of the API call whose method and path (without query) match. */
const answer = (page: Page, method: string, path: RegExp) =>
  page.waitForResponse((r: Response) => r.request().method() === method && path.test(new URL(r.url()).pathname));

describe('onboarding in the portal', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let officer: Account;
  const applicant: Account = { username: `hengda-${Math.random().toString(36).slice(2, 8)}`, password: PASSWORD };
  const uscc = newUscc('91330702');
  let registrationId: string;

  async function phonePage(): Promise<Page> {
    const context = await newContext(browser, 'phone');
    contexts.push(context);
    const page = await context.newPage();
    watchConsole(page);
    return page;
  }

  /** No horizontal scrolling on the phone. */
  async function fitsThePhone(page: Page): Promise<void> {
    const { scrollWidth, innerWidth } = await pageWidth(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  }

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    officer = await createAccount(service, 'county_officer', { regionCode: '330702' });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it('an enterprise signs up, uploads its licence, is approved by its county officer and logs in as the enterprise', async () => {
    // 1. From the login page to the sign-up page, on a phone.
    const sme = await phonePage();
    await sme.goto(`${service.baseUrl}/#/login`);
    await sme.getByTestId('login-signup').click();
    await sme.getByTestId('page-signup').waitFor();
    await sme.getByTestId('signup-username').fill(applicant.username);
    await sme.getByTestId('signup-password').fill(applicant.password);
    await sme.getByTestId('signup-password-confirm').fill(applicant.password);
    await sme.getByTestId('reg-uscc').fill(uscc.toLowerCase()); // upper-cased as typed
    expect(await sme.getByTestId('reg-uscc').inputValue()).toBe(uscc);
    await sme.getByTestId('reg-name').fill(SME_NAME);
    await chooseOption(sme, 'reg-region', '婺城区');
    await sme.getByTestId('reg-legal').fill('王建国');
    await sme.getByTestId('reg-contact').fill('李晓燕');
    await sme.getByTestId('reg-phone').fill('13857901234');
    await sme.getByTestId('reg-address').fill('金华市婺城区白龙桥镇临江工业园 8 号');
    await sme.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await fitsThePhone(sme);
    await screenshot(sme, 'signup-phone', { fullPage: true });

    // 2. Submitted: the applicant is logged in at once and sees its own registration, awaiting review.
    const created = answer(sme, 'POST', /^\/registrations$/);
    await sme.getByTestId('signup-submit').click();
    const registration = await (await created).json();
    expect(registration).toMatchObject({ kind: 'enterprise', status: 'submitted' });
    registrationId = registration.id;
    await sme.getByTestId('page-registration').waitFor();
    await sme.locator(`[data-testid="registration"][data-id="${registrationId}"][data-status="submitted"]`).waitFor();

    // 3. The business licence: uploaded (POST /documents), then attached to the registration.
    await uploadIn(sme, 'registration-upload', { name: '营业执照.png', mimeType: 'image/png', buffer: samplePng() });
    const attached = answer(sme, 'POST', /^\/registrations\/[^/]+\/documents$/);
    await sme.getByTestId('registration-attach').click();
    expect((await attached).ok()).toBe(true);
    await sme.getByTestId('registration-documents').getByTestId('document').filter({ hasText: '营业执照.png' }).waitFor();
    await fitsThePhone(sme);

    // 4. The county officer of 婺城区 opens its registration queue (through the phone's drawer menu) and
    //    the registration in the review drawer: every field, and the licence previewed inline.
    const { context, page: officerPage } = await loginPage(browser, service.baseUrl, officer, {
      viewport: 'phone',
      home: 'page-review-applications',
    });
    contexts.push(context);
    await goTo(officerPage, 'reviewRegistrations', 'page-review-registrations');
    const queued = officerPage.getByTestId('registrations-table').locator(`tr[data-row-key="${registrationId}"]`);
    await queued.filter({ hasText: SME_NAME }).waitFor();
    await queued.getByTestId('registration-open').click();
    const drawer = officerPage.getByTestId('registration-drawer');
    await drawer.getByTestId('reg-detail-uscc').filter({ hasText: uscc }).waitFor();
    const licence = drawer.getByTestId('document-image');
    await licence.waitFor({ state: 'visible' });
    expect(await licence.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(480); // the bytes arrived and decoded
    await fitsThePhone(officerPage);
    await licence.scrollIntoViewIfNeeded(); // the drawer's body scrolls: the picture shows the particulars' end and the licence
    await screenshot(officerPage, 'officer-registration-review-phone');

    // 5. Approve, after a confirmation.
    await drawer.getByTestId('registration-drawer-approve').click();
    await officerPage.getByTestId('approve-comment').fill('营业执照与登记信息一致，同意入驻');
    const approved = await clickToSend(officerPage, officerPage.getByTestId('approve-ok'), 'POST', /^\/registrations\/[^/]+\/approve$/);
    expect(approved.status()).toBe(200);
    expect((await approved.json()).status).toBe('approved');
    await queued.waitFor({ state: 'detached' }); // the queue shows registrations awaiting review

    // 6. The approval ended the applicant's session: the portal says why and asks to log in again;
    //    logged in again, the same account is the enterprise's, at home on its vouchers page.
    await sme.reload();
    await sme.getByTestId('login-page').waitFor();
    await sme.getByTestId('login-applicant-ended').waitFor();
    await sme.getByTestId('login-username').fill(applicant.username);
    await sme.getByTestId('login-password').fill(applicant.password);
    await sme.getByTestId('login-submit').click();
    await sme.getByTestId('page-vouchers').waitFor();
    const token = await service.login(applicant.username, applicant.password);
    const me = await service.api<{ role: string; enterpriseId: string }>('GET', '/users/me', { token });
    expect(me.role).toBe('enterprise');
    const enterprise = await service.api<{ uscc: string; name: string }>('GET', `/enterprises/${me.enterpriseId}`, { token });
    expect(enterprise).toMatchObject({ uscc, name: SME_NAME });
  }, 180_000);

  it('caused no CSP violation and no uncaught error', () => {
    expect(consoleProblems).toEqual([]);
  });
});
