import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Browser, BrowserContext } from 'playwright-core';
import { until } from './support/polling.js';
import {
  consoleProblems,
  createAccount,
  goTo,
  launchBrowser,
  loginPage,
  newContext,
  type PortalService,
  screenshot,
  startPortalService,
  typePeriod,
  watchConsole,
} from './support/portal.js';
import { databaseUrl } from './support/test-databases.js';

/*
 * Tamper evidence in the browser (the built API and worker, the real clock): the worker seals on its
 * schedule (ledger.seal); a visitor without an account opens 账本锚点 from the login page and reads
 * the published anchors; the city admin sees the chain's result on the ledger-verify screen.
 */
describe('ledger anchors in the portal', () => {
  let service: PortalService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let anchor: { date: string; sequence: number; hash: string };

  beforeAll(async () => {
    [service, browser] = await Promise.all([startPortalService(), launchBrowser()]);
    // Something audited (a user created), then the worker's scheduled job seals it.
    await createAccount(service, 'auditor');
    const verify = await until(
      () => service.api<{ chain: { sealedThrough: { sequence: number } } }>('GET', '/ledger/verify', { token: service.adminToken }),
      (r) => r.chain.sealedThrough.sequence > 0,
      60_000,
    );
    expect(verify.chain.sealedThrough.sequence).toBeGreaterThan(0);
    // Yesterday's anchor, as the job would have written it had the service run yesterday (the real clock: today has none yet).
    const client = new pg.Client({ connectionString: databaseUrl(service.databaseName) });
    await client.connect();
    try {
      const { rows } = await client.query(
        `INSERT INTO ledger_anchors (date, sequence, hash, created_at)
         SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - 1, sequence, hash, now() FROM chain_seals WHERE sequence = 1
         RETURNING to_char(date, 'YYYY-MM-DD') AS date, sequence::int AS sequence, encode(hash, 'hex') AS hash`,
      );
      anchor = rows[0];
    } finally {
      await client.end();
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser.close();
    await service.stop();
  });

  it('shows the anchors to a visitor without an account, reached from the login page', async () => {
    const context = await newContext(browser, 'phone');
    contexts.push(context);
    const page = await context.newPage();
    watchConsole(page);
    await page.goto(`${service.baseUrl}/#/login`);
    await page.getByTestId('login-anchors').click();
    await page.getByTestId('page-anchors').waitFor();
    await expect(page.getByTestId('page-anchors').textContent()).resolves.toContain('账本锚点');
    // The month of yesterday's anchor (this month, or last month on the 1st).
    await typePeriod(page, 'anchors-period', anchor.date.slice(0, 7));
    const row = page.getByTestId('anchors-table').locator('tr', { hasText: anchor.date });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(anchor.hash);
    await screenshot(page, 'ledger-anchors-phone');
    expect(consoleProblems).toEqual([]);
  });

  it("shows the city admin the chain's result on the ledger-verify screen", async () => {
    const { context, page } = await loginPage(browser, service.baseUrl, { username: 'admin', password: 'admin' });
    contexts.push(context);
    await goTo(page, 'ledger', 'page-ledger');
    await page.getByTestId('ledger-verify').click();
    const chain = page.getByTestId('ledger-chain');
    await chain.waitFor();
    await expect(chain.getAttribute('data-ok')).resolves.toBe('true');
    await expect(chain.textContent()).resolves.toMatch(/哈希链完整 · 已封存至第 \d+ 条/);
    await screenshot(page, 'ledger-verify-chain');
    expect(consoleProblems).toEqual([]);
  });
});
