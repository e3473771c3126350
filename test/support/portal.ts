import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { freePort, serviceEnv, stopChild } from './processes.js';
import type { Body } from './bodies.js';
import { createTestDatabase, dropTestDatabase } from './test-databases.js';

const ROOT = process.cwd();
export const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium as the machine allows it: headless, no sandbox (root), no calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PortalService {
  baseUrl: string;
  /** The service's own database (cloned from the template), for a test that must reach past the API. */
  databaseName: string;
  /** Calls the API as `token` (a bearer header value) and answers the parsed JSON; throws unless `expect`. */
  api<T = Body>(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; expect?: number },
  ): Promise<T>;
  login(username: string, password: string): Promise<string>;
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * The service as `npm start` runs it (the built API, which serves the portal, and the worker, two
 * processes), on a database cloned from the run's migrated template, with a free port and its own
 * queue prefix. The real clock: the browser shows today's dates.
 */
export async function startPortalService(): Promise<PortalService> {
  if (!existsSync(path.join(ROOT, 'dist/portal/index.html'))) throw new Error('dist/portal is missing: run `npm run build` first');
  const databaseName = await createTestDatabase();
  const port = await freePort();
  const env = serviceEnv(databaseName, port, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'false',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    OUTBOX_POLL_MS: '200',
  });
  const children = ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js'].map((script) =>
    spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const stopAll = async () => {
    await Promise.all(children.map(stopChild));
    await dropTestDatabase(databaseName);
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (children.some((c) => c.exitCode !== null)) throw new Error('the service exited during start');
      const ok = await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${baseUrl}/health did not answer within 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const api: PortalService['api'] = async (method, url, options = {}) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: options.token } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : undefined;
    const expected = options.expect ?? (method === 'POST' ? 201 : 200);
    if (response.status !== expected) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return body;
  };
  const login = async (username: string, password: string) => {
    const body = await api<{ accessToken: string }>('POST', '/auth/login', { body: { username, password }, expect: 200 });
    return `Bearer ${body.accessToken}`;
  };
  return { baseUrl, databaseName, api, login, adminToken: await login('admin', 'admin'), stop: stopAll };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (what .ci/run does), or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh browser context (its own storage: one user) at a desktop (1280) or phone (390) width, in Asia/Shanghai. */
export async function newContext(
  browser: Browser,
  viewport: 'desktop' | 'phone' = 'desktop',
  overrides: { timezoneId?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: viewport === 'desktop' ? { width: 1280, height: 800 } : { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: viewport === 'phone',
    hasTouch: viewport === 'phone',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    ...overrides,
  });
}

/**
 * Saves a screenshot of the page under docs/screenshots (shown in the README), once the page is idle;
 * transient success toasts are left out of the picture (error notifications are kept).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // Idle: no table or card still loading, no transition (menu, drawer, modal, fade) still running; from the top.
  await page
    .locator('.ant-spin-spinning, .ant-spin-blur, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  // (Polled from here: page.waitForFunction evaluates its predicate with eval, which the portal's CSP refuses.)
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const running = await page.evaluate(
      "document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length",
    );
    if (running === 0) break;
  }
  // Charts draw on a canvas after ECharts is loaded and animate; each says data-rendered="true" when done.
  await page
    .locator('[data-chart][data-rendered="false"]')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}.png`),
    fullPage: options.fullPage ?? false,
    style: '.ant-message { display: none !important; }',
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers for the browser tests: test data through the API, and the portal's recurring gestures

export const PASSWORD = 'correct horse battery';

export interface Account {
  username: string;
  password: string;
}

/** A user of `role` created by the city admin (POST /users), to log in through the login page. */
export async function createAccount(
  service: PortalService,
  role: string,
  scope: { regionCode?: string; providerId?: string; enterpriseId?: string } = {},
): Promise<Account & { id: string }> {
  const username = `${role.replace('_', '-')}-${Math.random().toString(36).slice(2, 8)}`;
  const user = await service.api<{ id: string }>('POST', '/users', {
    token: service.adminToken,
    body: { username, password: PASSWORD, role, ...scope },
  });
  return { username, password: PASSWORD, id: user.id };
}

/**
 * A fund of `regionCode` created by the city admin and allocated `amount` fen by a finance user of
 * the region made for it (the money a browser story's vouchers are issued from); answers its id.
 */
export async function allocatedFund(
  service: PortalService,
  regionCode: string,
  name: string,
  amount: number,
  reference: string,
): Promise<string> {
  const finance = await createAccount(service, 'finance', { regionCode });
  const financeToken = await service.login(finance.username, finance.password);
  const fundId = (await service.api('POST', '/funds', { token: service.adminToken, body: { regionCode, year: 2026, name } })).id as string;
  await service.api('POST', `/funds/${fundId}/allocations`, {
    token: financeToken,
    headers: { 'idempotency-key': randomUUID() },
    body: { amount, reference },
  });
  return fundId;
}

/** A context of its own (one user), logged in through the login page; answers once the home screen is there. */
export async function loginPage(
  browser: Browser,
  baseUrl: string,
  account: Account,
  options: { viewport?: 'desktop' | 'phone'; timezoneId?: string; home?: string; beforeSubmit?: (page: Page) => Promise<void> } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, options.viewport ?? 'desktop', options.timezoneId ? { timezoneId: options.timezoneId } : {});
  const page = await context.newPage();
  watchConsole(page);
  await page.goto(`${baseUrl}/#/login`);
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  if (options.beforeSubmit) await options.beforeSubmit(page);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
  if (options.home) await page.getByTestId(options.home).waitFor();
  return { context, page };
}

/** Console errors of every page opened through `loginPage` that the portal must never cause (checked at the end of the browser tests). */
export const consoleProblems: string[] = [];

export function watchConsole(page: Page): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) consoleProblems.push(message.text());
  });
  page.on('pageerror', (error) => consoleProblems.push(`uncaught at ${page.url()}: ${error.stack ?? error.message}`));
}

/** The `menu-<key>` keys of the menu as rendered (the drawer's on a phone), in order. */
export async function menuKeys(page: Page): Promise<string[]> {
  return page
    .locator('a[data-testid^="menu-"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')!.slice('menu-'.length)));
}

/**
 * Clicks `button` until `gone` is hidden: a click that lands while a dialog or drawer is still
 * animating open can be lost on a loaded machine. For buttons whose only effect is closing.
 */
export async function clickUntilGone(button: Locator, gone: Locator): Promise<void> {
  for (let attempt = 1; attempt <= 5 && (await gone.isVisible()); attempt++) {
    await button.click();
    await gone.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
  }
  await gone.waitFor({ state: 'hidden' });
}

/**
 * Clicks a dialog's or popconfirm's OK and answers the API's response to the request it sends. On a
 * loaded machine a click that lands while the dialog is still opening can be lost: when no request
 * has gone out after a few seconds, it clicks again (never after a request went out, so nothing is
 * sent twice).
 */
export async function clickToSend(page: Page, ok: Locator, method: string, path: RegExp): Promise<Response> {
  const matches = (r: { method(): string; url(): string }) => r.method() === method && path.test(new URL(r.url()).pathname);
  for (let attempt = 1; ; attempt++) {
    const sent = page.waitForRequest(matches, { timeout: 4_000 });
    await ok.click();
    const request = await sent.catch(() => undefined);
    if (request) {
      const response = await request.response();
      if (!response) throw new Error(`${method} ${path}: no response`);
      return response;
    }
    if (attempt >= 5) throw new Error(`${method} ${path}: the click sent no request`);
  }
}

/** Goes to a screen through the menu (opening the drawer first on a phone) and waits for its page test id. */
export async function goTo(page: Page, key: string, pageTestId: string): Promise<void> {
  const toggle = page.getByTestId('menu-toggle');
  if (await toggle.isVisible()) {
    await toggle.click();
    const drawer = page.locator('.ant-drawer-open');
    await clickUntilGone(drawer.getByTestId(`menu-${key}`), drawer);
  } else {
    await page.getByTestId(`menu-${key}`).click();
  }
  await page.getByTestId(pageTestId).waitFor();
}

/** An antd Select: click it, then the option with this text. */
export async function chooseOption(page: Page, selectTestId: string, optionText: string): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: optionText })
    .first()
    .click();
}

/** An antd month picker (PeriodInput): type the period and press Enter. */
export async function typePeriod(page: Page, testId: string, period: string): Promise<void> {
  const input = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(period);
  await input.press('Enter');
  await page
    .locator(`input[data-testid="${testId}"][value="${period}"], [data-testid="${testId}"] input[value="${period}"]`)
    .first()
    .waitFor();
}

/**
 * The page's width as laid out against the viewport's (no horizontal overflow when scrollWidth ≤ viewport),
 * and the width of the app's outer layout (the whole viewport when the page has no margin of its own).
 */
export async function pageWidth(page: Page): Promise<{ scrollWidth: number; innerWidth: number; layoutWidth: number }> {
  // (a string: this file is compiled without the DOM library)
  return page.evaluate(`({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    layoutWidth: Math.round(document.querySelector('.ant-layout')?.getBoundingClientRect().width ?? 0),
  })`);
}

/** Clicks `trigger` and answers the file the browser saved: its suggested name and bytes. */
export async function downloadOf(page: Page, trigger: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(file) };
}

/** `YYYY-MM-DD HH:mm` of an instant in Asia/Shanghai, as the portal shows it (computed here independently of the browser). */
export function shanghaiDateTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

// ---------------------------------------------------------------------------------------------
// Evidence files for the browser's file inputs (small, valid by content)

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG a preview visibly shows: a pale card with a red frame and a few grey "lines of text", like a
 * photographed business licence (width × height, RGB).
 */
export function samplePng(width = 480, height = 320): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const frame = x < 12 || y < 12 || x >= width - 12 || y >= height - 12;
      const text = !frame && x > 60 && x < width - 60 && y > 60 && y % 36 < 10;
      const [r, g, b] = frame ? [200, 16, 46] : text ? [110, 110, 110] : [252, 248, 236];
      row[1 + x * 3] = r;
      row[2 + x * 3] = g;
      row[3 + x * 3] = b;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Chooses a file in a DocumentUpload (`testId`) and waits until the API has stored it. */
export async function uploadIn(page: Page, testId: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const control = page.getByTestId(testId);
  const before = await control.locator(`[data-testid="${testId}-item"][data-status="done"]`).count();
  await control.locator('input[type="file"]').setInputFiles(file);
  await control.locator(`[data-testid="${testId}-item"][data-status="done"]`).nth(before).waitFor({ timeout: 15_000 });
}

/** Waits for the answer of the API call whose method and path (without query) match. */
export function answer(page: Page, method: string, path: RegExp): Promise<Response> {
  return page.waitForResponse((r: Response) => r.request().method() === method && path.test(new URL(r.url()).pathname));
}

/** No horizontal scrolling: the page is no wider than the (phone's) viewport. */
export async function expectFitsThePhone(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await pageWidth(page);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

// ---------------------------------------------------------------------------------------------
// One language on a page: no English word on a zh-CN screen

/**
 * Latin "words" a Chinese page may show: file formats and units, the accreditation bodies' own marks,
 * the brand names of the bureau's software. Everything else in Latin letters is English left behind.
 */
export const LATIN_ALLOWED = [
  // file formats and units
  'MB',
  'KB',
  'GB',
  'PDF',
  'OFD',
  'JPG',
  'JPEG',
  'PNG',
  'XML',
  'CSV',
  'XLSX',
  // accreditation marks (检验检测机构资质认定 CMA, 实验室认可 CNAS) as the bodies write them
  'CNAS',
  'CMA',
  // the language switch names the other language in that language (as every bilingual site does)
  'English',
];

/**
 * The page's words a user reads: its visible text (innerText: nothing hidden), and the titles,
 * placeholders, aria-labels and alt texts of its visible elements. (A string: compiled without the DOM library.)
 */
export async function visibleWords(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    // Code (a command line, a hash) is not words: its text is set aside, as codes are.
    let body = document.body.innerText;
    for (const code of document.querySelectorAll('code, kbd, samp')) body = body.replace(code.innerText, ' ');
    const out = [body];
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label], img[alt]')) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if ((box.width === 0 && box.height === 0) || style.visibility === 'hidden' || style.display === 'none') continue;
      for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
        const v = el.getAttribute(name);
        if (v) out.push(v);
      }
    }
    return out;
  })()`);
}

/**
 * The Latin words of `texts` outside the allow-list, once codes are set aside: anything with a digit
 * (USCCs, invoice and voucher numbers, ISO dates, account numbers, L54321), voucher codes
 * (XXXX-XXXX-XXXX-XXXX-X, grouped by spaces or not), e-mail addresses and URLs; the `allow` data whole.
 */
export function englishWords(texts: string[], allow: string[] = []): string[] {
  const allowed = new Set([...LATIN_ALLOWED, ...allow].map((w) => w.toLowerCase()));
  const found = new Set<string>();
  for (const text of texts) {
    let cleaned = text;
    // allowed data (usernames like finance-ab12cd) as a whole, before it is cut into words
    for (const a of allow) cleaned = cleaned.split(a).join(' ');
    cleaned = cleaned
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/\S+@\S+\.\S+/g, ' ')
      .replace(/\b[A-Z0-9]{4}(?:[- ][A-Z0-9]{4}){2,}(?:[- ][A-Z0-9]{1,4})?\b/g, ' ')
      .replace(/\b[A-Z0-9]{16}\b/g, ' ')
      .replace(/[A-Za-z0-9_.-]*\d[A-Za-z0-9_.-]*/g, ' ');
    for (const word of cleaned.match(/[A-Za-z][A-Za-z'’]*/g) ?? []) {
      if (!allowed.has(word.toLowerCase())) found.add(word);
    }
  }
  return [...found];
}

/** Fails on any English word the page shows (see englishWords); `allow`: the page's own Latin data (usernames…). */
export async function expectNoEnglish(page: Page, allow: string[] = []): Promise<void> {
  const words = englishWords(await visibleWords(page), allow);
  expect({ url: page.url(), english: words }).toEqual({ url: page.url(), english: [] });
}

/** Waits until the page is idle: no request in flight, no spinner, no running animation. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page
    .locator('.ant-spin-spinning, .ant-spin-blur, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const running = await page.evaluate(
      "document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length",
    );
    if (running === 0) break;
  }
}
