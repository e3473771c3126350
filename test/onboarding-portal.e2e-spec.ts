import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type Account,
  chooseOption,
  clickToSend,
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  menuKeys,
  loginPage,
  newContext,
  PASSWORD,
  type PortalService,
  samplePng,
  screenshot,
  startPortalService,
  uploadIn,
  watchConsole,
  answer,
  expectFitsThePhone,
} from './support/portal.js';
import { newUscc } from './support/uscc.js';
import { pdf } from './support/documents.js';

/*
 * Onboarding in the browser (Debian's Chromium, the built API and worker, Postgres and Redis), on a
 * 390 px phone: an enterprise signs itself up from the login page, uploads its business licence,
 * the county officer of its region opens the registration queue, sees the licence previewed in the
 * review drawer and approves; the applicant, told to log in again, logs in as the new enterprise and
 * lands on its vouchers. A provider applies to the directory with its licence and CMA certificate
 * (PDF), the city admin sees both previewed and rejects with a reason, the applicant corrects and
 * resubmits. Screenshots of the sign-up page and the review drawer go to docs/screenshots.
 */

const SME_NAME = '金华市婺城区恒达五金工具有限公司';
const PROVIDER_NAME = '金华精测检验检测有限公司';

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
    await expectFitsThePhone(sme);
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
    await expectFitsThePhone(sme);

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
    await expectFitsThePhone(officerPage);
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

  it('a provider applies to the directory with its certificate, the city admin rejects it with a reason, the applicant corrects and resubmits', async () => {
    const account: Account = { username: `jingce-${Math.random().toString(36).slice(2, 8)}`, password: PASSWORD };
    const providerUscc = newUscc('91330702');
    const context = await newContext(browser, 'desktop');
    contexts.push(context);
    const applicantPage = await context.newPage();
    watchConsole(applicantPage);

    // 1. Sign-up as a provider: the provider's part appears (categories, accreditations, bank account).
    await applicantPage.goto(`${service.baseUrl}/#/signup`);
    await applicantPage.getByTestId('page-signup').waitFor();
    await applicantPage.getByTestId('signup-kind').getByText('服务机构入库').click();
    await applicantPage.getByTestId('reg-categories').waitFor();
    await applicantPage.getByTestId('signup-username').fill(account.username);
    await applicantPage.getByTestId('signup-password').fill(account.password);
    await applicantPage.getByTestId('signup-password-confirm').fill(account.password);
    await applicantPage.getByTestId('reg-uscc').fill(providerUscc);
    await applicantPage.getByTestId('reg-name').fill(PROVIDER_NAME);
    await chooseOption(applicantPage, 'reg-region', '婺城区');
    await applicantPage.getByTestId('reg-legal').fill('陈志明');
    await applicantPage.getByTestId('reg-contact').fill('周敏');
    await applicantPage.getByTestId('reg-phone').fill('13905790001');
    await applicantPage.getByTestId('reg-address').fill('金华市婺城区宾虹西路 2666 号');
    await chooseOption(applicantPage, 'reg-categories', '检验检测');
    await applicantPage.keyboard.press('Escape');
    await applicantPage.getByTestId('reg-add-accreditation').click();
    await applicantPage.locator('.ant-select').filter({ hasText: '类型' }).click();
    await applicantPage
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: 'CMA' })
      .click();
    await applicantPage.getByPlaceholder('证书编号').fill('201819123456');
    await applicantPage.getByPlaceholder('有效期至').fill('2028-12-31');
    await applicantPage.getByPlaceholder('有效期至').press('Enter');
    await applicantPage.getByTestId('reg-bank').fill('中国工商银行金华婺城支行');
    await applicantPage.getByTestId('reg-account-name').fill(PROVIDER_NAME);
    await applicantPage.getByTestId('reg-account-no').fill('1208010009200123456');
    const created = answer(applicantPage, 'POST', /^\/registrations$/);
    await applicantPage.getByTestId('signup-submit').click();
    const registration = await (await created).json();
    expect(registration).toMatchObject({ kind: 'provider', status: 'submitted' });
    await applicantPage.locator(`[data-testid="registration"][data-id="${registration.id}"][data-status="submitted"]`).waitFor();

    // The applicant's whole portal is its registration (and its account): any other screen leads back to it.
    expect(await menuKeys(applicantPage)).toEqual(['registration', 'me']);
    await applicantPage.goto(`${service.baseUrl}/#/vouchers`);
    await applicantPage.getByTestId('page-registration').waitFor();

    // 2. A file over 20 MB is refused before it is sent; a file that only says it is a PDF is refused by
    //    its content (415). Both are said in words; the refused file is removed.
    await applicantPage
      .getByTestId('registration-upload')
      .locator('input[type="file"]')
      .setInputFiles({ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(20 * 1024 * 1024 + 1) });
    await applicantPage.locator('.ant-message').filter({ hasText: '超过 20 MB' }).waitFor();
    const upload = applicantPage.getByTestId('registration-upload');
    const refused = answer(applicantPage, 'POST', /^\/documents$/);
    await upload
      .locator('input[type="file"]')
      .setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    expect((await refused).status()).toBe(415);
    await upload.locator('[data-testid="registration-upload-item"][data-status="error"]').waitFor();
    await applicantPage.locator('.ant-message').filter({ hasText: '文件格式不支持' }).waitFor();
    await upload.getByTestId('registration-upload-remove').click();
    await upload.getByTestId('registration-upload-item').waitFor({ state: 'detached' });

    // 3. The business licence and the CMA certificate (a PDF), attached together.
    await uploadIn(applicantPage, 'registration-upload', { name: '营业执照.png', mimeType: 'image/png', buffer: samplePng() });
    await uploadIn(applicantPage, 'registration-upload', {
      name: 'CMA证书.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('CMA 201819123456'),
    });
    const attached = answer(applicantPage, 'POST', /^\/registrations\/[^/]+\/documents$/);
    await applicantPage.getByTestId('registration-attach').click();
    expect((await attached).ok()).toBe(true);
    await applicantPage.getByTestId('registration-documents').getByTestId('document').nth(1).waitFor();

    // 4. The city admin reviews providers: the drawer previews the licence (img) and the certificate (PDF frame).
    const { context: adminContext, page: adminPage } = await loginPage(
      browser,
      service.baseUrl,
      { username: 'admin', password: 'admin' },
      { home: 'page-dashboard' },
    );
    contexts.push(adminContext);
    await goTo(adminPage, 'reviewRegistrations', 'page-review-registrations');
    const queued = adminPage.getByTestId('registrations-table').locator(`tr[data-row-key="${registration.id}"]`);
    await queued.getByTestId('registration-open').click();
    const drawer = adminPage.getByTestId('registration-drawer');
    await drawer.getByTestId('document-image').waitFor({ state: 'visible' });
    await drawer.getByTestId('document-pdf').waitFor({ state: 'visible' });
    await drawer.getByText('201819123456').first().waitFor();

    // 5. Rejected with a reason (required, confirmed in its dialog).
    await drawer.getByTestId('registration-drawer-reject').click();
    const reason = 'CMA 证书扫描件不清晰，请重新上传并核对开户行名称';
    await adminPage.getByTestId('reject-reason-input').fill(reason);
    const rejected = await clickToSend(adminPage, adminPage.getByTestId('reject-reason-ok'), 'POST', /^\/registrations\/[^/]+\/reject$/);
    expect(rejected.status()).toBe(200);

    // 6. The applicant reads the reason, corrects the particulars and resubmits: under review again.
    await applicantPage.reload();
    await applicantPage.locator('[data-testid="registration"][data-status="rejected"]').waitFor();
    await applicantPage.getByTestId('registration-reject-reason').filter({ hasText: reason }).waitFor();
    await applicantPage.getByTestId('registration-edit').click();
    expect(await applicantPage.getByTestId('reg-uscc').inputValue()).toBe(providerUscc);
    await applicantPage.getByTestId('reg-bank').fill('中国工商银行股份有限公司金华婺城支行');
    // the account number was shown masked: it is typed again, never sent back masked
    await applicantPage.getByTestId('reg-account-no').fill('1208010009200123456');
    const resubmitted = answer(applicantPage, 'POST', /^\/registrations\/[^/]+\/resubmit$/);
    await applicantPage.getByTestId('registration-resubmit').click();
    const again = await resubmitted;
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'submitted', submissions: 2 });
    await applicantPage.locator('[data-testid="registration"][data-status="submitted"]').waitFor();
    const stored = await service.api<{ provider: { bankAccount: { bankName: string } } }>('GET', `/registrations/${registration.id}`, {
      token: service.adminToken,
    });
    expect(stored.provider.bankAccount.bankName).toBe('中国工商银行股份有限公司金华婺城支行');
  }, 180_000);

  it('caused no CSP violation and no uncaught error', () => {
    expect(consoleProblems).toEqual([]);
  });
});
