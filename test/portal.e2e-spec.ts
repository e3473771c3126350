import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type Account,
  chooseOption,
  clickToSend,
  clickUntilGone,
  consoleProblems,
  createAccount,
  downloadOf,
  goTo,
  launchBrowser,
  loginPage,
  menuKeys,
  pageWidth,
  type PortalService,
  screenshot,
  shanghaiDateTime,
  startPortalService,
  typePeriod,
  uploadIn,
  answer,
} from './support/portal.js';
import { formatCode, generateCodeBody } from '@ivl/vouchers';
import { newUscc } from './support/uscc.js';
import { pdf } from './support/documents.js';
import type { Body as Json } from './support/bodies.js';

/*
 * The web portal in Debian's Chromium (playwright-core), against the built API and worker, Postgres
 * and Redis: a month of one voucher through the pages of each actor, each in a browser context of
 * its own, logged in through the login page; the menus and data each role sees; the 390 px phone;
 * dates in Asia/Shanghai whatever the browser's zone. Screenshots go to docs/screenshots.
 *
 * Amounts, by hand (fen). Program: ratio 50 %, full coverage up to ¥500.00 (50,000).
 *   Application typed "20000.35" → 2,000,035 (as a float, 20000.35 × 100 = 2000034.9999999998).
 *   Redemption typed "1234.35" → order 123,435 (float: 123434.99999999999);
 *     subsidy = 50,000 + ⌊73,435 × 0.5⌋ = 86,717 (¥867.17); the enterprise pays 36,718 (¥367.18).
 *   Balance after: 2,000,035 − 86,717 = 1,913,318 (¥19,133.18).
 *   Phone redemption "800.00" → 80,000: 50,000 + 15,000 = 65,000 (¥650.00) held → balance ¥18,483.18.
 */

const PROGRAM = '婺城区科技创新券（浏览器测试）';
const SME_NAME = '金华婺城五金制品有限公司';
const PROVIDER_NAME = '婺城检测技术有限公司';

/** The row of an antd table with this key (the id; the code for vouchers), inside the element with `tableTestId`. */
/** A table's row, or on a phone the card that stands for it (redemptions), by its key. */
const row = (page: Page, tableTestId: string, key: string) => page.getByTestId(tableTestId).locator(`[data-row-key="${key}"]`);

/** A visible text inside a locator, waited for (auto-retrying, no fixed sleep). */
async function seeText(page: Page, selector: ReturnType<Page['locator']>, text: string): Promise<void> {
  await selector.filter({ hasText: text }).first().waitFor();
}

describe('the web portal in a browser', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const api = <T = Json>(...args: Parameters<PortalService['api']>) => service.api<T>(...args);

  let programId: string;
  let fundId: string;
  let sme: Account;
  let sme2: Account;
  let provider: Account;
  let officer: Account;
  let finance: Account;
  let financeYiwu: Account;
  let auditor: Account;
  const admin: Account = { username: 'admin', password: 'admin' };

  // What the story leaves for the later tests.
  const story: { applicationId?: string; code?: string; redemptionId?: string; claimId?: string; batchId?: string; sme2Code?: string } = {};
  const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);

  async function open(account: Account, options: Parameters<typeof loginPage>[3] = {}): Promise<Page> {
    const { context, page } = await loginPage(browser, service.baseUrl, account, options);
    contexts.push(context);
    return page;
  }

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const admin = service.adminToken;

    // Money and rules: a fund of 婺城区 allocated by its finance bureau, one program it funds alone.
    finance = await createAccount(service, 'finance', { regionCode: '330702' });
    const financeToken = await service.login(finance.username, finance.password);
    fundId = (await api('POST', '/funds', { token: admin, body: { regionCode: '330702', year: 2026, name: '婺城区科技创新券资金' } })).id;
    await api('POST', `/funds/${fundId}/allocations`, {
      token: financeToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: 100_000_000, reference: '婺财企〔2026〕12号' },
    });
    const program = await api('POST', '/programs', {
      token: admin,
      body: {
        name: PROGRAM,
        year: 2026,
        issuerRegionCode: '330702',
        funding: [{ fundId, shareBp: 10000 }],
        categories: ['TESTING', 'DESIGN'],
        ratioBp: 5000,
        fullCoverageUpTo: 50_000,
        outOfRegionRatioBp: 3000,
        perVoucherMax: 5_000_000,
        enterpriseAnnualCap: 10_000_000,
        validityDays: 180,
        claimWindowDays: 90,
        cityReviewRequired: false,
      },
    });
    programId = program.id;

    // The parties and the people.
    const e1 = await api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330703'), name: SME_NAME, regionCode: '330702' },
    });
    const e2 = await api('POST', '/enterprises', {
      token: admin,
      body: { uscc: newUscc('91330703'), name: '金华婺城纺织有限公司', regionCode: '330702' },
    });
    const p1 = await api('POST', '/providers', {
      token: admin,
      body: {
        uscc: newUscc('91330702'),
        name: PROVIDER_NAME,
        regionCode: '330702',
        categories: ['TESTING', 'DESIGN'],
        accreditations: [{ type: 'CMA', number: 'CMA-2024-001', validUntil: '2028-12-31' }],
        bankAccount: { bankName: '中国工商银行金华婺城支行', accountName: PROVIDER_NAME, accountNo: '1208010009200123456' },
      },
    });
    [sme, sme2, provider, officer, financeYiwu, auditor] = await Promise.all([
      createAccount(service, 'enterprise', { enterpriseId: e1.id }),
      createAccount(service, 'enterprise', { enterpriseId: e2.id }),
      createAccount(service, 'provider', { providerId: p1.id }),
      createAccount(service, 'county_officer', { regionCode: '330702' }),
      createAccount(service, 'finance', { regionCode: '330782' }),
      createAccount(service, 'auditor'),
    ]);

    // The second enterprise has a voucher of its own (through the API: not part of the story).
    const sme2Token = await service.login(sme2.username, sme2.password);
    const officerToken = await service.login(officer.username, officer.password);
    const application = await api('POST', '/applications', { token: sme2Token, body: { programId, amount: 300_000, purpose: '面料检测' } });
    story.sme2Code = (
      await api('POST', `/applications/${application.id}/approve`, { token: officerToken, body: {}, expect: 200 })
    ).voucher.code;
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close(); // unset when beforeAll failed
    await (service as PortalService | undefined)?.stop();
  });

  it('each of the six roles sees exactly its own menu (login page screenshot)', async () => {
    const expected: Array<[Account, string, string[]]> = [
      [sme, 'page-vouchers', ['vouchers', 'directory', 'orders', 'apply', 'pending', 'history', 'me']],
      [
        provider,
        'page-redeem',
        ['redeem', 'orderQueue', 'services', 'redemptions', 'newClaim', 'claims', 'payments', 'clawbacks', 'evaluation', 'me'],
      ],
      [
        officer,
        'page-review-applications',
        [
          'reviewApplications',
          'reviewClaims',
          'reviewRegistrations',
          'enterprises',
          'enterpriseUsers',
          'voucherAdmin',
          'objections',
          'programs',
          'reconciliation',
          'risk',
          'dashboard',
          'evaluation',
          'me',
        ],
      ],
      [
        finance,
        'page-funds',
        ['funds', 'programs', 'settlements', 'clawbacks', 'objections', 'reconciliation', 'risk', 'dashboard', 'evaluation', 'me'],
      ],
      [
        admin,
        'page-dashboard',
        [
          'dashboard',
          'screen',
          'evaluation',
          'regions',
          'complexes',
          'providers',
          'enterprises',
          'users',
          'programs',
          'funds',
          'reviewApplications',
          'reviewClaims',
          'reviewRegistrations',
          'voucherAdmin',
          'objections',
          'settlements',
          'reconciliation',
          'auditLog',
          'ledger',
          'samples',
          'clawbacks',
          'risk',
          'queues',
          'me',
        ],
      ],
      [
        auditor,
        'page-dashboard',
        ['dashboard', 'screen', 'evaluation', 'risk', 'auditLog', 'ledger', 'samples', 'clawbacks', 'objections', 'reconciliation', 'me'],
      ],
    ];
    let first = true;
    for (const [account, home, keys] of expected) {
      const page = await open(account, {
        home,
        beforeSubmit: async (p) => {
          if (first) await screenshot(p, 'login');
          first = false;
        },
      });
      expect({ user: account.username, menu: await menuKeys(page) }).toEqual({ user: account.username, menu: keys });
      await page.context().close();
    }
  });

  it('a month through the pages: apply, approve, redeem, confirm, claim, approve, settle, pay, reconcile', async () => {
    const smePage = await open(sme, { home: 'page-vouchers' });
    const officerPage = await open(officer, { home: 'page-review-applications' });
    const providerPage = await open(provider, { home: 'page-redeem' });
    const financePage = await open(finance, { home: 'page-funds' });

    // 1. The SME applies, typing yuan: the rule in words shows once the program is chosen.
    await goTo(smePage, 'apply', 'page-apply');
    await chooseOption(smePage, 'apply-program', PROGRAM);
    await seeText(smePage, smePage.getByTestId('page-apply').locator('.ant-alert'), '50%');
    await smePage.getByTestId('apply-amount').fill('20000.35');
    await smePage.getByTestId('apply-purpose').fill('新产品性能检测及外观设计');
    await uploadIn(smePage, 'apply-plan', { name: '项目计划书.pdf', mimeType: 'application/pdf', buffer: pdf('Project plan') });
    const applied = answer(smePage, 'POST', /^\/applications$/);
    await smePage.getByTestId('apply-submit').click();
    const application = await (await applied).json();
    expect(application).toMatchObject({ amount: 2_000_035, status: 'pending' });
    story.applicationId = application.id;
    await seeText(smePage, row(smePage, 'applications-table', application.id), '¥20,000.35');
    // Stored exactly: 2,000,035 fen, not 2,000,034 (20000.35 × 100 in binary floating point is 2000034.99…).
    const stored = (await api<Json[]>('GET', '/applications?limit=100', { token: service.adminToken })).find(
      (a) => a.id === application.id,
    );
    expect(stored?.amount).toBe(2_000_035);

    // 2. The officer sees it in the queue and approves it: the voucher is issued.
    await officerPage.reload();
    await officerPage.getByTestId('page-review-applications').waitFor();
    const queued = row(officerPage, 'applications-table', application.id);
    await seeText(officerPage, queued, SME_NAME);
    await seeText(officerPage, queued, '¥20,000.35');
    await screenshot(officerPage, 'officer-applications');
    // The application opens in a drawer (every field, its documents); approving asks for confirmation.
    await queued.getByTestId('application-open').click();
    await officerPage.getByTestId('application-drawer').getByTestId('document-pdf').waitFor(); // the project plan
    await officerPage.getByTestId('application-drawer-approve').click();
    await officerPage.getByTestId('approve-comment').fill('材料齐全，同意');
    const approved = await clickToSend(officerPage, officerPage.getByTestId('approve-ok'), 'POST', /^\/applications\/[^/]+\/approve$/);
    const decided = await approved.json();
    expect(decided.status).toBe('approved');
    const code: string = decided.voucher.code;
    story.code = code;
    await seeText(officerPage, officerPage.locator('.ant-modal-confirm'), code);
    await clickUntilGone(officerPage.locator('.ant-modal-confirm .ant-btn-primary'), officerPage.locator('.ant-modal-confirm'));

    // 3. The voucher appears with its balance in yuan.
    await goTo(smePage, 'vouchers', 'page-vouchers');
    const voucherRow = row(smePage, 'vouchers-table', code);
    await seeText(smePage, voucherRow, '¥20,000.35');
    await voucherRow.locator('[data-status="active"]').waitFor();
    await screenshot(smePage, 'enterprise-vouchers');

    // 4. The provider types the code: a wrong check symbol is caught at once, before any request.
    const redemptionPosts: string[] = [];
    providerPage.on(
      'request',
      (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/redemptions' && redemptionPosts.push(r.url()),
    );
    const wrongCheck = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    const codeItem = providerPage.locator('.ant-form-item').filter({ has: providerPage.getByTestId('redeem-code') });
    await providerPage.getByTestId('redeem-code').pressSequentially(wrongCheck.toLowerCase());
    await seeText(providerPage, codeItem.locator('.ant-form-item-explain-error'), '校验码不符');
    await providerPage.getByTestId('redeem-submit').click(); // refused by the form itself
    await seeText(providerPage, codeItem.locator('.ant-form-item-explain-error'), '校验码不符');
    expect(redemptionPosts).toEqual([]);

    // … the right code (typed in lower case, without hyphens), the amount in yuan: the preview before submitting.
    await providerPage.getByTestId('redeem-code').fill('');
    await providerPage.getByTestId('redeem-code').pressSequentially(code.replace(/-/g, '').toLowerCase());
    await seeText(providerPage, codeItem, '券码格式正确');
    expect(await providerPage.getByTestId('redeem-code').inputValue()).toBe(code); // formatted back to XXXX-XXXX-XXXX-XXXX-C
    await seeText(providerPage, providerPage.getByTestId('redeem-preview'), '券余额 ¥20,000.35');
    await chooseOption(providerPage, 'redeem-category', '检验检测');
    await providerPage.getByTestId('redeem-amount').fill('1234.35');
    await providerPage.getByTestId('redeem-description').fill('产品性能检测（GB/T 2423）');
    await seeText(providerPage, providerPage.getByTestId('redeem-preview-subsidy'), '¥867.17');
    await seeText(providerPage, providerPage.getByTestId('redeem-preview-pays'), '¥367.18');
    await screenshot(providerPage, 'provider-redeem');
    const redeemed = answer(providerPage, 'POST', /^\/redemptions$/);
    await providerPage.getByTestId('redeem-submit').click();
    const redemption = await (await redeemed).json();
    story.redemptionId = redemption.id;
    await seeText(providerPage, providerPage.getByTestId('redeem-result-subsidy'), '¥867.17');
    await seeText(providerPage, providerPage.getByTestId('redeem-result-pays'), '¥367.18');
    expect(redemptionPosts).toHaveLength(1);
    // Typed "1234.35" → exactly 123,435 fen on the server (as a float, 1234.35 × 100 = 123434.99999999999).
    expect(await api('GET', `/redemptions/${redemption.id}`, { token: service.adminToken })).toMatchObject({
      orderAmount: 123_435,
      subsidy: 86_717,
      enterprisePays: 36_718,
      status: 'pending',
    });

    // 5. The SME confirms the service happened.
    await goTo(smePage, 'pending', 'page-pending');
    const pendingRow = row(smePage, 'redemptions-table', redemption.id);
    await seeText(smePage, pendingRow, '¥867.17');
    await screenshot(smePage, 'enterprise-pending');
    await pendingRow.getByTestId('redemption-confirm').click();
    const confirmed = await clickToSend(
      smePage,
      smePage.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /\/confirm$/,
    );
    expect(confirmed.status()).toBe(200);
    await pendingRow.waitFor({ state: 'detached' });
    await goTo(smePage, 'vouchers', 'page-vouchers');
    await seeText(smePage, row(smePage, 'vouchers-table', code), '¥19,133.18');

    // 6. The provider claims it: the invoice amount is prefilled with the sum of the subsidies.
    await goTo(providerPage, 'newClaim', 'page-new-claim');
    const claimable = row(providerPage, 'claimable-table', redemption.id);
    await claimable.locator('input[type="checkbox"]').check();
    expect(await providerPage.getByTestId('claim-invoice-amount').inputValue()).toBe('867.17');
    await providerPage.getByTestId('claim-invoice-number').fill('INV-33070226-0001');
    // The invoice file goes up first (POST /documents); the claim names it.
    const uploaded = answer(providerPage, 'POST', /^\/documents$/);
    await uploadIn(providerPage, 'claim-invoice-file', {
      name: '发票-INV-33070226-0001.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('INV-33070226-0001'),
    });
    const invoiceFile = await (await uploaded).json();
    const claimed = answer(providerPage, 'POST', /^\/claims$/);
    await providerPage.getByTestId('claim-submit').click();
    const claim = await (await claimed).json();
    expect(claim).toMatchObject({ amount: 86_717, status: 'submitted', redemptionIds: [redemption.id], documents: [invoiceFile] });
    story.claimId = claim.id;
    await seeText(providerPage, providerPage.getByTestId('claim-done'), '¥867.17');
    await goTo(providerPage, 'claims', 'page-claims');
    await row(providerPage, 'claims-table', claim.id).locator('[data-status="submitted"]').waitFor();
    await screenshot(providerPage, 'provider-claims');

    // 7. The officer approves the claim.
    await goTo(officerPage, 'reviewClaims', 'page-review-claims');
    const claimRow = row(officerPage, 'claims-table', claim.id);
    await seeText(officerPage, claimRow, PROVIDER_NAME);
    // It opens in a drawer with the invoice file previewed; approving asks for confirmation.
    await claimRow.getByTestId('claim-open').click();
    const claimDrawer = officerPage.getByTestId('claim-drawer');
    await claimDrawer.getByTestId('document-pdf').waitFor();
    await seeText(officerPage, claimDrawer.getByTestId('claim-redemption'), '¥867.17'); // what was served, and its subsidy
    await claimDrawer.getByTestId('claim-drawer-approve').click();
    const claimApproved = await clickToSend(officerPage, officerPage.getByTestId('approve-ok'), 'POST', /^\/claims\/[^/]+\/approve$/);
    expect(claimApproved.status()).toBe(200);
    await claimRow.waitFor({ state: 'detached' }); // the queue shows submitted claims only
    expect((await api('GET', `/claims/${claim.id}`, { token: service.adminToken })).status).toBe('approved');

    // 8. Finance runs the settlement of the month, approves the batch, pays it, downloads the payment file.
    await goTo(financePage, 'settlements', 'page-settlements');
    await typePeriod(financePage, 'settle-period', period);
    // Starting a run asks first: it names the region and the month.
    await financePage.getByTestId('settle-run').click();
    const runStarted = await clickToSend(
      financePage,
      financePage.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /^\/settlements\/runs$/,
    );
    expect(runStarted.status()).toBe(202);
    await financePage.locator('[data-testid="settle-run-state"][data-state="completed"]').waitFor({ timeout: 30_000 });
    const batches = await api<Json[]>('GET', `/settlements?regionCode=330702&period=${period}`, { token: service.adminToken });
    expect(batches).toHaveLength(1);
    const batch = batches[0];
    expect(batch).toMatchObject({ total: 86_717, status: 'draft' });
    story.batchId = batch.id;
    const batchRow = row(financePage, 'batches-table', batch.id);
    await seeText(financePage, batchRow, '¥867.17');
    await batchRow.getByTestId('batch-approve').click();
    const batchApproved = await clickToSend(
      financePage,
      financePage.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /\/approve$/,
    );
    expect(batchApproved.status()).toBe(200);
    await batchRow.locator('[data-status="approved"]').waitFor();
    await batchRow.getByTestId('batch-pay').click();
    await financePage.getByTestId('pay-reference-input').fill('ICBC-20261127-0001');
    await uploadIn(financePage, 'pay-receipt', {
      name: '工行回单-0001.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('ICBC-20261127-0001'),
    });
    const paid = await clickToSend(financePage, financePage.getByTestId('pay-reference-ok'), 'POST', /\/pay$/);
    expect(paid.status()).toBe(200);
    expect((await paid.json()).documents).toMatchObject([{ name: '工行回单-0001.pdf', contentType: 'application/pdf' }]);
    await seeText(financePage, batchRow.locator('[data-status="paid"]'), '已支付');
    await seeText(financePage, batchRow, 'ICBC-20261127-0001');
    await batchRow.locator('.ant-table-row-expand-icon').click();
    await seeText(financePage, financePage.getByTestId('batches-table'), '1208010009200123456');
    await screenshot(financePage, 'finance-settlements');
    expect(await api('GET', `/settlements/${batch.id}`, { token: service.adminToken })).toMatchObject({ status: 'paid', total: 86_717 });
    const paymentFile = await downloadOf(financePage, () => batchRow.getByTestId('batch-payment-file').click());
    expect(paymentFile.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(paymentFile.bytes.toString('utf8')).toContain('867.17');
    // The bank receipt of the paid batch, previewed.
    await batchRow.getByTestId('batch-receipt').click();
    await financePage.getByTestId('receipt-documents').getByTestId('document-pdf').waitFor();
    await clickUntilGone(financePage.locator('.ant-modal-close').last(), financePage.getByTestId('receipt-documents'));

    // 9. … and the reconciliation of the month: balanced, with its charts, downloaded as CSV and XLSX.
    await goTo(financePage, 'reconciliation', 'page-reconciliation');
    await financePage.locator('[data-testid="recon-balanced"][data-balanced="true"]').waitFor();
    await financePage.getByTestId('recon-chart-month').waitFor();
    await financePage.getByTestId('recon-load-year').click();
    await financePage.getByTestId('recon-chart-year').waitFor();
    await seeText(financePage, financePage.getByTestId('recon-count-providersPaid'), '1');
    await screenshot(financePage, 'finance-reconciliation', { fullPage: true });
    const csv = await downloadOf(financePage, () => financePage.getByTestId('recon-csv').click());
    expect(csv.name).toBe(`reconciliation-330702-${period}.csv`);
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const xlsx = await downloadOf(financePage, () => financePage.getByTestId('recon-xlsx').click());
    expect(xlsx.name).toBe(`reconciliation-330702-${period}.xlsx`);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // The provider sees the payment.
    await goTo(providerPage, 'payments', 'page-payments');
    await seeText(providerPage, providerPage.getByTestId('payments-table'), '¥867.17');
  }, 90_000);

  it('each party sees only its own data: another enterprise, finance of another county', async () => {
    expect(story.batchId).toBeDefined();
    // A second enterprise of the same county sees its own voucher, not the first one's.
    const other = await open(sme2, { home: 'page-vouchers' });
    await seeText(other, row(other, 'vouchers-table', story.sme2Code!), '¥3,000.00');
    expect(await other.getByTestId('vouchers-table').locator('tr[data-row-key]').count()).toBe(1);
    expect(await row(other, 'vouchers-table', story.code!).count()).toBe(0);
    const history = answer(other, 'GET', /^\/redemptions$/);
    await goTo(other, 'history', 'page-history');
    await history;
    await other.getByTestId('redemptions-table').locator('.ant-table-placeholder').waitFor();
    expect(await row(other, 'redemptions-table', story.redemptionId!).count()).toBe(0);
    await api('GET', `/vouchers/${story.code}`, { token: await service.login(sme2.username, sme2.password), expect: 404 });

    // Finance of 义乌 sees no batch of 婺城 and reconciles its own region only.
    const yiwu = await open(financeYiwu, { home: 'page-funds' });
    const listed = answer(yiwu, 'GET', /^\/settlements$/);
    await goTo(yiwu, 'settlements', 'page-settlements');
    expect(await (await listed).json()).toEqual([]);
    await yiwu.getByTestId('batches-table').locator('.ant-table-placeholder').waitFor();
    expect(await row(yiwu, 'batches-table', story.batchId!).count()).toBe(0);
    expect(await yiwu.getByTestId('settle-region').count()).toBe(0);
    await goTo(yiwu, 'reconciliation', 'page-reconciliation');
    await seeText(yiwu, yiwu.getByTestId('recon-balanced'), '义乌市');
    expect(await yiwu.getByTestId('recon-region').count()).toBe(0);
    await api('GET', `/settlements/${story.batchId}`, {
      token: await service.login(financeYiwu.username, financeYiwu.password),
      expect: 404,
    });
  });

  it('on a 390 px phone: the SME and the provider work through the drawer menu, nothing overflows sideways', async () => {
    expect(story.code).toBeDefined();
    const noOverflow = async (page: Page, where: string) => {
      expect({ where, ...(await pageWidth(page)) }).toEqual({ where, scrollWidth: 390, innerWidth: 390, layoutWidth: 390 });
    };

    const smePhone = await open(sme, { viewport: 'phone', home: 'page-vouchers' });
    await seeText(smePhone, row(smePhone, 'vouchers-table', story.code!), '¥19,133.18');
    await noOverflow(smePhone, 'vouchers');
    await screenshot(smePhone, 'enterprise-vouchers-phone');
    await row(smePhone, 'vouchers-table', story.code!).getByTestId('voucher-show-qr').click();
    await smePhone.getByTestId('voucher-qr').waitFor();
    await noOverflow(smePhone, 'qr');
    await clickUntilGone(smePhone.locator('.ant-modal-close'), smePhone.getByTestId('voucher-qr'));

    const providerPhone = await open(provider, { viewport: 'phone', home: 'page-redeem' });
    await noOverflow(providerPhone, 'redeem (empty)');
    await providerPhone.getByTestId('redeem-code').pressSequentially(story.code!);
    await seeText(providerPhone, providerPhone.getByTestId('redeem-preview'), '券余额 ¥19,133.18');
    await chooseOption(providerPhone, 'redeem-category', '工业设计');
    await providerPhone.getByTestId('redeem-amount').fill('800.00');
    await providerPhone.getByTestId('redeem-description').fill('外观设计');
    await seeText(providerPhone, providerPhone.getByTestId('redeem-preview-subsidy'), '¥650.00');
    await noOverflow(providerPhone, 'redeem (preview)');
    await screenshot(providerPhone, 'provider-redeem-phone');
    const redeemed = answer(providerPhone, 'POST', /^\/redemptions$/);
    await providerPhone.getByTestId('redeem-submit').click();
    const redemption = await (await redeemed).json();
    await seeText(providerPhone, providerPhone.getByTestId('redeem-result-subsidy'), '¥650.00');
    await noOverflow(providerPhone, 'redeem (result)');
    await goTo(providerPhone, 'redemptions', 'page-history');
    await row(providerPhone, 'redemptions-table', redemption.id).locator('[data-status="pending"]').waitFor();
    await noOverflow(providerPhone, 'redemptions');

    await goTo(smePhone, 'pending', 'page-pending');
    const pendingRow = row(smePhone, 'redemptions-table', redemption.id);
    await seeText(smePhone, pendingRow, '¥650.00');
    await noOverflow(smePhone, 'pending');
    await screenshot(smePhone, 'enterprise-pending-phone');
    await pendingRow.getByTestId('redemption-confirm').click();
    const confirmed = await clickToSend(
      smePhone,
      smePhone.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /\/confirm$/,
    );
    expect(confirmed.status()).toBe(200);
    await pendingRow.waitFor({ state: 'detached' });
    await goTo(smePhone, 'vouchers', 'page-vouchers');
    await seeText(smePhone, row(smePhone, 'vouchers-table', story.code!), '¥18,483.18');
    await noOverflow(smePhone, 'vouchers (after)');

    // Evidence on a phone: the apply page with a project plan chosen, the application's drawer, the
    // new-claim page with an invoice file chosen (nothing is submitted).
    await goTo(smePhone, 'apply', 'page-apply');
    await uploadIn(smePhone, 'apply-plan', { name: '项目计划书（第二期）.pdf', mimeType: 'application/pdf', buffer: pdf('Plan 2') });
    await noOverflow(smePhone, 'apply (a plan chosen)');
    await row(smePhone, 'applications-table', story.applicationId!).getByTestId('application-open').click();
    await smePhone.getByTestId('application-drawer').getByTestId('document-pdf').waitFor();
    await noOverflow(smePhone, 'application drawer');
    await goTo(providerPhone, 'newClaim', 'page-new-claim');
    await uploadIn(providerPhone, 'claim-invoice-file', {
      name: '发票-INV-33070226-0002.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('INV-0002'),
    });
    await noOverflow(providerPhone, 'new claim (an invoice file chosen)');
  });

  it("switches to English, keeps it after a reload, and says the API's refusals in English", async () => {
    const page = await open(provider, { home: 'page-redeem' });
    await page.getByTestId('lang-switch').click();
    await seeText(page, page.getByTestId('menu-redeem'), 'Redeem');
    await page.reload();
    await seeText(page, page.getByTestId('menu-redeem'), 'Redeem'); // remembered
    // A well-formed code (right check symbol) that no voucher has: the server's one answer for unusable codes.
    const unknown = formatCode(generateCodeBody());
    await page.getByTestId('redeem-code').fill(unknown);
    await chooseOption(page, 'redeem-category', 'Testing');
    await page.getByTestId('redeem-amount').fill('100.00');
    await page.getByTestId('redeem-description').fill('EMC test');
    const refused = answer(page, 'POST', /^\/redemptions$/);
    await page.getByTestId('redeem-submit').click();
    expect((await refused).status()).toBe(422);
    await seeText(page, page.getByTestId('redeem-error'), 'Voucher not usable');
    await page.getByTestId('lang-switch').click(); // back to Chinese for whoever uses this browser next
    await seeText(page, page.getByTestId('menu-redeem'), '核销创新券');
  });

  it('dates are shown in Asia/Shanghai even when the browser runs in UTC', async () => {
    const application = (await api<Json[]>('GET', '/applications?limit=100', { token: service.adminToken })).find(
      (a) => a.id === story.applicationId,
    );
    expect(application).toBeDefined();
    const shanghai = shanghaiDateTime(application!.createdAt);
    const utc = new Date(application!.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    expect(shanghai).not.toBe(utc);
    const page = await open(sme, { timezoneId: 'UTC', home: 'page-vouchers' });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');
    await goTo(page, 'apply', 'page-apply');
    const applied = row(page, 'applications-table', story.applicationId!);
    await seeText(page, applied, shanghai);
    expect(await applied.textContent()).not.toContain(utc);
  });

  it('the screens of the city admin, the auditor and the dashboard', async () => {
    const adminPage = await open(admin, { home: 'page-dashboard' });
    await adminPage.getByTestId('dash-chart-month').waitFor();
    await adminPage.getByTestId('dash-chart-sector').or(adminPage.getByTestId('dash-sectors')).first().waitFor();
    await screenshot(adminPage, 'dashboard');
    await goTo(adminPage, 'programs', 'page-programs');
    const programRow = row(adminPage, 'programs-table', programId);
    await seeText(adminPage, programRow.getByTestId('program-rule'), '50%');
    await seeText(adminPage, programRow.getByTestId('program-funding'), '县级 100%');
    await screenshot(adminPage, 'admin-programs');

    // The queue dashboard opens from the portal through a ticket cookie: the access token is in no URL.
    await goTo(adminPage, 'queues', 'page-queues');
    const [board] = await Promise.all([adminPage.context().waitForEvent('page'), adminPage.getByTestId('queues-open').click()]);
    await board.waitForLoadState('domcontentloaded');
    expect(board.url()).toBe(`${service.baseUrl}/queues`);
    const cookies = await adminPage.context().cookies(`${service.baseUrl}/queues`);
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'ivl_queues', path: '/queues', httpOnly: true, secure: true, sameSite: 'Strict' }),
    ]);
    expect(cookies[0].value).not.toContain(service.adminToken.slice('Bearer '.length));
    expect((await adminPage.context().request.get(`${service.baseUrl}/queues/api/queues`)).status()).toBe(200);
    await board.close();

    const auditorPage = await open(auditor, { home: 'page-dashboard' });
    await goTo(auditorPage, 'auditLog', 'page-audit-log');
    await auditorPage.getByTestId('audit-entity-id').fill(story.batchId!);
    const searched = answer(auditorPage, 'GET', /^\/audit-log$/);
    await auditorPage.getByTestId('audit-search').click();
    const entries = await (await searched).json();
    expect(entries.length).toBeGreaterThan(0);
    await seeText(auditorPage, auditorPage.getByTestId('audit-table'), '已支付');
    await screenshot(auditorPage, 'auditor-audit-log');
    await goTo(auditorPage, 'ledger', 'page-ledger');
    await auditorPage.getByTestId('ledger-verify').click();
    await auditorPage.locator('[data-testid="ledger-result"][data-balanced="true"]').waitFor();
  });

  it('serves the portal with security headers, and no page of these tests broke a policy or threw (runs last)', async () => {
    const index = await fetch(`${service.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(consoleProblems).toEqual([]);
  });
});
