import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type Account,
  allocatedFund,
  chooseOption,
  clickToSend,
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  loginPage,
  newContext,
  pageWidth,
  type PortalService,
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
 * The SME's side in the browser (Debian's Chromium, the built API and worker, Postgres and Redis):
 * a provider publishes a product on its products page; an SME, not logged in, finds it in the public
 * directory on a phone by a two-character fragment, opens its page, logs in and orders the product
 * with its voucher; the provider accepts (agreed amount and contract) in its order queue and redeems
 * the order from there; the SME sees the bell count, opens the inbox, follows the notification to
 * its pending confirmations on the phone, confirms and rates. Screenshots go to docs/screenshots.
 */

const SME_NAME = '金华市婺城区恒达五金工具有限公司';
const PROVIDER_NAME = '金华精测电磁兼容检测有限公司';
const OTHER_PROVIDER = '义乌市创意工业设计有限公司';
const SERVICE_NAME = '电动工具电磁兼容(EMC)检测';

describe('the SME side in the portal: directory, order, queue, bell, confirm and rate', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let sme: Account;
  let provider: Account;
  let providerId: string;
  let voucherCode: string;
  let smeToken: string;

  /** Inside the viewport, not cut off to the right: what a phone user can tap without scrolling sideways. */
  async function onScreen(page: Page, testId: string, within: ReturnType<Page['locator']>): Promise<void> {
    const box = await within.getByTestId(testId).first().boundingBox();
    expect(box).not.toBeNull();
    const width = (await pageWidth(page)).innerWidth;
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  }

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    const admin = service.adminToken;
    const fundId = await allocatedFund(service, '330702', '婺城区科技创新券资金', 100_000_000, '婺财企〔2026〕18号');
    const program = await service.api('POST', '/programs', {
      token: admin,
      body: {
        name: '2026年婺城区科技创新券（检验检测类）',
        year: 2026,
        issuerRegionCode: '330702',
        funding: [{ fundId, shareBp: 10000 }],
        categories: ['TESTING', 'DESIGN'],
        ratioBp: 5000,
        outOfRegionRatioBp: 3000,
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
    const p1 = await service.api('POST', '/providers', {
      token: admin,
      body: {
        uscc: newUscc('91330702'),
        name: PROVIDER_NAME,
        regionCode: '330702',
        categories: ['TESTING'],
        accreditations: [{ type: 'CNAS', number: 'L12345', validUntil: '2029-06-30' }],
        bankAccount: { bankName: '中国工商银行金华婺城支行', accountName: PROVIDER_NAME, accountNo: '1208010009200654321' },
      },
    });
    providerId = p1.id as string;
    // A second provider in another county with another product: the filters leave it out.
    const p2 = await service.api('POST', '/providers', {
      token: admin,
      body: {
        uscc: newUscc('91330782'),
        name: OTHER_PROVIDER,
        regionCode: '330782',
        categories: ['DESIGN'],
        accreditations: [],
        bankAccount: { bankName: '义乌农商银行', accountName: OTHER_PROVIDER, accountNo: '201000123456789' },
      },
    });
    let other: Account;
    [sme, provider, other] = await Promise.all([
      createAccount(service, 'enterprise', { enterpriseId: enterprise.id }),
      createAccount(service, 'provider', { providerId }),
      createAccount(service, 'provider', { providerId: p2.id }),
    ]);
    await service.api('POST', '/services', {
      token: await service.login(other.username, other.password),
      body: { name: '小家电外观设计', category: 'DESIGN', description: '外观与结构设计，三轮修改', priceFrom: 500_000, unit: '项' },
    });
    // The SME's voucher: applied for and approved through the API (not part of this story).
    const officer = await createAccount(service, 'county_officer', { regionCode: '330702' });
    smeToken = await service.login(sme.username, sme.password);
    const application = await service.api('POST', '/applications', {
      token: smeToken,
      body: { programId: program.id, amount: 2_000_000, purpose: '电动工具出口欧盟前的 EMC 检测' },
    });
    voucherCode = (
      await service.api('POST', `/applications/${application.id}/approve`, {
        token: await service.login(officer.username, officer.password),
        body: {},
        expect: 200,
      })
    ).voucher.code as string;
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await (browser as Browser | undefined)?.close();
    await (service as PortalService | undefined)?.stop();
  });

  it('publish, find, order, accept, redeem, bell, confirm on a phone and rate', async () => {
    // 1. The provider publishes its product on its products page.
    const { context: pc, page: pp } = await loginPage(browser, service.baseUrl, provider, { home: 'page-redeem' });
    contexts.push(pc);
    await goTo(pp, 'services', 'page-services');
    await pp.getByTestId('service-publish').click();
    await pp.getByTestId('service-name').fill(SERVICE_NAME);
    await chooseOption(pp, 'service-category', '检验检测');
    await pp.getByTestId('service-description').fill('依据 GB 4343.1 开展传导骚扰、辐射骚扰及抗扰度检测，出具 CNAS 报告');
    await pp.getByTestId('service-price-from').fill('3000');
    await pp.getByTestId('service-price-to').fill('8000');
    await pp.getByTestId('service-unit').fill('次');
    await pp.getByTestId('service-turnaround').fill('7');
    const published = await clickToSend(pp, pp.getByTestId('service-ok'), 'POST', /^\/services$/);
    expect(published.status()).toBe(201);
    const serviceId = (await published.json()).id as string;
    await pp.locator(`[data-testid="service"][data-id="${serviceId}"][data-status="published"]`).waitFor();

    // 2. The SME, not logged in, on a phone: from the login page to the public directory.
    const smeContext = await newContext(browser, 'phone');
    contexts.push(smeContext);
    const sp = await smeContext.newPage();
    watchConsole(sp);
    await sp.goto(`${service.baseUrl}/#/login`);
    await sp.getByTestId('login-directory').click();
    await sp.getByTestId('page-directory').waitFor();
    await sp.locator('[data-testid="dir-total"][data-total="2"]').waitFor(); // both active providers
    // Two characters of the product's name, the testing category and accreditation: only the first provider.
    const searched = answer(sp, 'GET', /^\/directory\/providers$/);
    await sp.getByTestId('dir-q').locator('input').fill('电磁');
    await sp.getByTestId('dir-q').locator('input').press('Enter');
    await searched;
    await chooseOption(sp, 'dir-category', '检验检测');
    await sp.getByTestId('dir-accredited').click();
    await sp.locator('[data-testid="dir-total"][data-total="1"]').waitFor();
    const card = sp.locator(`[data-testid="dir-provider"][data-id="${providerId}"]`);
    await card.filter({ hasText: PROVIDER_NAME }).waitFor();
    await card.locator('[data-testid="rating"][data-count="0"]').waitFor(); // 暂无评价
    expect(await sp.getByTestId('dir-provider').count()).toBe(1);
    await sp.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await expectFitsThePhone(sp);
    await screenshot(sp, 'directory-phone', { fullPage: true });

    // 3. The provider's page: its products; ordering needs a login.
    await card.getByTestId('dir-provider-open').click();
    await sp.getByTestId('page-provider').waitFor();
    await sp.locator(`[data-testid="service-card"][data-id="${serviceId}"]`).filter({ hasText: SERVICE_NAME }).waitFor();
    expect(await sp.getByTestId('service-order').count()).toBe(0);
    await expectFitsThePhone(sp);
    await screenshot(sp, 'provider-page-phone', { fullPage: true });

    // 4. Logged in, the enterprise finds the directory in its menu and orders with its voucher.
    await sp.goto(`${service.baseUrl}/#/login`);
    await sp.getByTestId('login-username').fill(sme.username);
    await sp.getByTestId('login-password').fill(sme.password);
    await sp.getByTestId('login-submit').click();
    await sp.getByTestId('page-vouchers').waitFor();
    await goTo(sp, 'directory', 'page-directory');
    await sp.locator(`[data-testid="dir-provider"][data-id="${providerId}"]`).getByTestId('dir-provider-open').click();
    const product = sp.locator(`[data-testid="service-card"][data-id="${serviceId}"]`);
    await product.getByTestId('service-order').click();
    await sp.getByTestId('order-modal').waitFor();
    await chooseOption(sp, 'order-voucher', voucherCode);
    await sp.getByTestId('order-description').fill('新款锂电角磨机出口欧盟，需做 EMC 全项检测，样品 3 台，希望两周内出报告');
    const placed = await clickToSend(sp, sp.getByTestId('order-submit'), 'POST', /^\/orders$/);
    expect(placed.status()).toBe(201);
    const orderId = (await placed.json()).id as string;
    await sp.getByTestId('page-orders').waitFor();
    await sp.locator(`[data-testid="order"][data-id="${orderId}"][data-status="requested"]`).waitFor();
    await expectFitsThePhone(sp);

    // 5. The provider's queue: accept with the agreed amount and the signed contract.
    await goTo(pp, 'orderQueue', 'page-order-queue');
    const queued = pp.locator(`[data-testid="order"][data-id="${orderId}"]`);
    await queued.filter({ hasText: SME_NAME }).waitFor();
    await queued.getByTestId('order-accept').click();
    await pp.getByTestId('accept-amount').fill('5000');
    await uploadIn(pp, 'accept-contract', { name: '技术服务合同.pdf', mimeType: 'application/pdf', buffer: pdf('EMC contract') });
    const accepted = await clickToSend(pp, pp.getByTestId('accept-ok'), 'POST', /^\/orders\/[^/]+\/accept$/);
    expect(accepted.status()).toBe(200);
    const acceptance = await accepted.json();
    expect(acceptance).toMatchObject({ status: 'accepted', agreedAmount: 500_000, contractDocumentId: expect.any(String) });
    expect(acceptance.documents).toEqual([expect.objectContaining({ name: '技术服务合同.pdf' })]);
    await pp.locator(`[data-testid="order"][data-id="${orderId}"][data-status="accepted"]`).waitFor();
    await screenshot(pp, 'provider-order-queue');

    // 6. Redeemed from the queue: the redeem page with the order's voucher, category and amount fixed.
    await queued.getByTestId('order-redeem').click();
    await pp.locator(`[data-testid="redeem-order"][data-id="${orderId}"]`).waitFor();
    await pp.getByTestId('redeem-preview-subsidy').filter({ hasText: '¥2,500.00' }).waitFor();
    expect(await pp.getByTestId('redeem-amount').inputValue()).toBe('5000.00');
    const redeemed = answer(pp, 'POST', /^\/redemptions$/);
    await pp.getByTestId('redeem-submit').click();
    const redemption = await (await redeemed).json();
    expect(redemption).toMatchObject({ status: 'pending', orderAmount: 500_000, subsidy: 250_000 });
    await pp.getByTestId('redeem-result-subsidy').filter({ hasText: '¥2,500.00' }).waitFor();
    await goTo(pp, 'orderQueue', 'page-order-queue');
    await pp.locator(`[data-testid="order"][data-id="${orderId}"][data-status="redeemed"]`).waitFor();

    // The SME sees its order redeemed, and the contract the provider attached.
    await goTo(sp, 'orders', 'page-orders');
    const mine = sp.locator(`[data-testid="order"][data-id="${orderId}"][data-status="redeemed"]`);
    await mine.getByTestId('order-contract').click();
    await mine.getByTestId('order-documents').filter({ hasText: '技术服务合同.pdf' }).waitFor();
    await expectFitsThePhone(sp);

    // 7. The SME's bell: order accepted and redemption awaiting confirmation (delivered by the worker).
    for (const deadline = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 200))) {
      const unread = await service.api<{ items: Array<{ kind: string }> }>('GET', '/notifications?unread=true', { token: smeToken });
      const kinds = unread.items.map((n) => n.kind);
      if (kinds.includes('order.accepted') && kinds.includes('redemption.awaiting-confirmation')) break;
      if (Date.now() > deadline) throw new Error(`notifications not delivered: ${kinds.join(', ')}`);
    }
    const { count } = await service.api<{ count: number }>('GET', '/notifications/unread-count', { token: smeToken });
    expect(count).toBeGreaterThanOrEqual(2);
    await goTo(sp, 'vouchers', 'page-vouchers'); // the bell asks again on navigation
    await sp.locator(`[data-testid="bell"][data-count="${count}"]`).waitFor();
    await sp.getByTestId('bell').click();
    await sp.getByTestId('page-inbox').waitFor();
    const awaiting = sp.locator('[data-testid="notification"][data-kind="redemption.awaiting-confirmation"][data-read="false"]');
    await awaiting.waitFor();
    await sp.locator('[data-testid="notification"][data-kind="order.accepted"]').waitFor();
    await expectFitsThePhone(sp);
    await screenshot(sp, 'enterprise-inbox-phone');

    // 8. Following it: the pending confirmations, a card with the provider and the confirm button on screen.
    await awaiting.getByTestId('notification-open').click();
    await sp.getByTestId('page-pending').waitFor();
    await sp.locator(`[data-testid="bell"][data-count="${count - 1}"]`).waitFor(); // read on opening
    const pending = sp.getByTestId('redemptions-table').locator(`[data-row-key="${redemption.id}"]`);
    await pending.filter({ hasText: PROVIDER_NAME }).waitFor();
    await pending.filter({ hasText: '¥2,500.00' }).waitFor();
    await expectFitsThePhone(sp);
    await onScreen(sp, 'redemption-confirm', pending);
    await screenshot(sp, 'sme-pending-phone');
    await pending.getByTestId('redemption-confirm').click();
    const confirmed = await clickToSend(
      sp,
      sp.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /\/confirm$/,
    );
    expect(confirmed.status()).toBe(200);

    // 9. Offered for rating at once: five stars and a comment; the directory shows the provider's rating.
    await pending.waitFor({ state: 'detached' });
    await sp.getByTestId('redemption-confirmed').getByTestId('redemption-rate').click();
    await sp.getByTestId('rate-stars').locator('li').nth(4).click();
    await sp.getByTestId('rate-comment').fill('检测周期短，报告规范，工程师答疑耐心');
    const rated = await clickToSend(sp, sp.getByTestId('rate-ok'), 'POST', /^\/redemptions\/[^/]+\/rating$/);
    expect(rated.status()).toBe(201);
    await sp.getByTestId('redemption-confirmed').waitFor({ state: 'detached' });
    await goTo(sp, 'history', 'page-history');
    await sp
      .getByTestId('redemptions-table')
      .locator(`[data-row-key="${redemption.id}"] [data-testid="redemption-rating"][data-stars="5"]`)
      .waitFor();
    expect(await sp.getByTestId('redemption-rate').count()).toBe(0); // rated once: no second offer
    await goTo(sp, 'directory', 'page-directory');
    await sp
      .locator(`[data-testid="dir-provider"][data-id="${providerId}"] [data-testid="rating"][data-count="1"][data-mean="5"]`)
      .waitFor();
    await expectFitsThePhone(sp);
  }, 180_000);

  it('the provider declines one order with a reason, the SME cancels another; a product is edited and withdrawn', async () => {
    const providerToken = await service.login(provider.username, provider.password);
    const spare = await service.api('POST', '/services', {
      token: providerToken,
      body: { name: '产品安规预检测', category: 'TESTING', description: '整机安全预检', priceFrom: 100_000, unit: '次' },
    });
    const order = (description: string) =>
      service.api('POST', '/orders', { token: smeToken, body: { serviceId: spare.id, voucherCode, description } });
    const [toDecline, toCancel] = [await order('整机安规预检，样品 1 台'), await order('第二批样品安规预检')];

    const { context: pc, page: pp } = await loginPage(browser, service.baseUrl, provider, { viewport: 'phone', home: 'page-redeem' });
    contexts.push(pc);
    await goTo(pp, 'orderQueue', 'page-order-queue');
    const declining = pp.locator(`[data-testid="order"][data-id="${toDecline.id}"][data-status="requested"]`);
    await declining.getByTestId('order-decline').click();
    await pp.getByTestId('decline-input').fill('本月安规实验室排期已满，请下月再下单');
    const declined = await clickToSend(pp, pp.getByTestId('decline-ok'), 'POST', /^\/orders\/[^/]+\/decline$/);
    expect(declined.status()).toBe(200);
    await pp.locator(`[data-testid="order"][data-id="${toDecline.id}"][data-status="declined"]`).waitFor();
    expect(await pp.locator(`[data-testid="order"][data-id="${toCancel.id}"]`).getByTestId('order-cancel').count()).toBe(0);
    await expectFitsThePhone(pp);

    const { context: sc, page: sp } = await loginPage(browser, service.baseUrl, sme, { viewport: 'phone', home: 'page-vouchers' });
    contexts.push(sc);
    await goTo(sp, 'orders', 'page-orders');
    await sp
      .locator(`[data-testid="order"][data-id="${toDecline.id}"][data-status="declined"]`)
      .filter({ hasText: '本月安规实验室排期已满' })
      .waitFor();
    const cancelling = sp.locator(`[data-testid="order"][data-id="${toCancel.id}"][data-status="requested"]`);
    expect(await cancelling.getByTestId('order-accept').count()).toBe(0);
    await cancelling.getByTestId('order-cancel').click();
    const cancelled = await clickToSend(
      sp,
      sp.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /^\/orders\/[^/]+\/cancel$/,
    );
    expect(cancelled.status()).toBe(200);
    await sp.locator(`[data-testid="order"][data-id="${toCancel.id}"][data-status="cancelled"]`).waitFor();

    // The product: a new price, then withdrawn; the directory no longer lists it.
    await goTo(pp, 'services', 'page-services');
    const product = pp.locator(`[data-testid="service"][data-id="${spare.id}"]`);
    await product.getByTestId('service-edit').click();
    await pp.getByTestId('service-price-from').fill('1200');
    const changed = await clickToSend(pp, pp.getByTestId('service-ok'), 'PATCH', /^\/services\/[^/]+$/);
    expect(changed.status()).toBe(200);
    expect((await changed.json()).priceFrom).toBe(120_000);
    await product.filter({ hasText: '¥1,200.00' }).waitFor();
    await product.getByTestId('service-withdraw').click();
    const withdrawn = await clickToSend(
      pp,
      pp.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-ok'),
      'POST',
      /^\/services\/[^/]+\/withdraw$/,
    );
    expect(withdrawn.status()).toBe(200);
    await pp.locator(`[data-testid="service"][data-id="${spare.id}"][data-status="withdrawn"]`).waitFor();
    await expectFitsThePhone(pp);
    await sp.goto(`${service.baseUrl}/#/directory/${providerId}`);
    await sp.getByTestId('service-card').first().waitFor();
    expect(await sp.locator(`[data-testid="service-card"][data-id="${spare.id}"]`).count()).toBe(0);
  }, 120_000);

  it('notification links land on the screen of their kind; the directory is public, the inbox is not', async () => {
    const { context, page } = await loginPage(browser, service.baseUrl, provider, { viewport: 'phone', home: 'page-redeem' });
    contexts.push(context);
    await page.goto(`${service.baseUrl}/#/orders/${randomUUID()}`);
    await page.getByTestId('page-order-queue').waitFor();
    await page.goto(`${service.baseUrl}/#/vouchers/XXXX`);
    await page.getByTestId('page-redeem').waitFor(); // no voucher screen for a provider: its home
    // The directory answers without a token; the inbox and the count do not.
    await service.api('GET', '/directory/providers?q=%E7%94%B5%E7%A3%81', {});
    await service.api('GET', '/notifications/unread-count', { expect: 401 });
  }, 60_000);

  it('no Content-Security-Policy refusal and no uncaught error in any page', () => {
    expect(consoleProblems).toEqual([]);
  });
});
