import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, startPortalService, type PortalService } from '../support/portal.js';

function expectApiHeaders(answer: { status: number; headers: Record<string, string | undefined> }, what: string): void {
  expect({
    what,
    status: answer.status,
    nosniff: answer.headers['x-content-type-options'],
    cache: answer.headers['cache-control'],
  }).toEqual({ what, status: answer.status, nosniff: 'nosniff', cache: 'no-store' });
}

describe('security headers on every API answer (issue 10 item 12)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends nosniff and no-store on answers that succeed and answers that fail', async () => {
    const answers: Array<[string, request.Response]> = [
      ['200 health', await t.http().get('/health')],
      ['200 list', await t.http().get('/regions').set('authorization', t.adminToken)],
      ['200 login', await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' })],
      ['200 openapi', await t.http().get('/docs-json')],
      ['400 bad json', await t.http().post('/auth/login').set('content-type', 'application/json').send('{')],
      ['400 validation', await t.http().post('/enterprises').set('authorization', t.adminToken).send({})],
      ['401 no token', await t.http().get('/regions')],
      ['401 wrong password', await t.http().post('/auth/login').send({ username: 'admin', password: 'wrong' })],
      ['404 no route', await t.http().get('/no-such-route').set('authorization', t.adminToken)],
    ];
    for (const [what, answer] of answers) expectApiHeaders(answer, what);
  });
});

describe('/docs on the built service', () => {
  let service: PortalService;

  beforeAll(async () => {
    service = await startPortalService();
  }, 90_000);
  afterAll(() => (service as PortalService | undefined)?.stop()); // unset when beforeAll failed

  it('carries a Content-Security-Policy and X-Frame-Options: DENY, and the Swagger UI still works under it', async () => {
    const docs = await fetch(`${service.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(docs.headers.get('x-frame-options')).toBe('DENY');
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
      });
      page.on('pageerror', (error) => refused.push(error.message));
      await page.goto(`${service.baseUrl}/docs`);
      await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
      await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('leaves the portal its own cache headers', async () => {
    const index = await fetch(`${service.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
