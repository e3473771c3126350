import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, serviceEnv, stopChild } from '../support/processes.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-databases.js';

const ADMIN_PASSWORD = 'Queues-dashboard-2026';

/**
 * Bull Board at /queues, on the built API as a child process (Jest cannot load Bull Board), run as
 * `npm start` runs it: NODE_ENV=development (where Bull Board would show stacks), one log line per
 * request, the log in a file the test reads.
 */
describe('the queue dashboard keeps tokens out of logs and cookies', () => {
  let api: ChildProcess;
  let databaseName: string;
  let baseUrl: string;
  const logFile = path.join(tmpdir(), `ivl-queues-${process.pid}-${Date.now()}.log`);
  let admin: string;
  let finance: string;

  const call = (url: string, init: RequestInit = {}) => fetch(`${baseUrl}${url}`, { redirect: 'manual', ...init });
  const login = async (username: string, password: string) => {
    const response = await call('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  beforeAll(async () => {
    databaseName = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = serviceEnv(databaseName, port, {
      NODE_ENV: 'development',
      JWT_SECRET: 'queues-test-secret-that-is-long-enough-0123456789',
      BOOTSTRAP_ADMIN_USERNAME: 'admin',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
      LOG_REQUESTS: 'true',
    });
    const out = openSync(logFile, 'w');
    api = spawn(process.execPath, ['dist/apps/api/src/main.js'], { env, stdio: ['ignore', out, out] });
    closeSync(out);
    const deadline = Date.now() + 60_000;
    while (
      !(await call('/health').then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (api.exitCode !== null || Date.now() > deadline)
        throw new Error(`the API did not start: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    admin = await login('admin', ADMIN_PASSWORD);
    const created = await call('/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ username: 'wucheng-finance', password: ADMIN_PASSWORD, role: 'finance', regionCode: '330702' }),
    });
    expect(created.status).toBe(201);
    finance = await login('wucheng-finance', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    if (api as ChildProcess | undefined) await stopChild(api); // unset when beforeAll failed
    await dropTestDatabase(databaseName);
  });

  async function expectProblem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.code).toBe(code);
    return body;
  }

  it('a browser opening /queues?token= gets a dashboard ticket cookie (not the token), Secure, HttpOnly, SameSite=Strict, and is sent on without the token', async () => {
    const opened = await call(`/queues?token=${admin}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/queues');
    const cookie = opened.headers.get('set-cookie')!;
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/queues']));
    const [nameValue] = cookie.split(';');
    const ticket = nameValue.slice(nameValue.indexOf('=') + 1);
    expect(nameValue.startsWith('ivl_queues=')).toBe(true);
    expect(ticket.length).toBeGreaterThan(20);
    expect(cookie).not.toContain(admin);
    expect(cookie).not.toContain(admin.split('.')[2]); // not even the token's signature

    const page = await call('/queues', { headers: { cookie: `ivl_queues=${ticket}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const queues = await call('/queues/api/queues', { headers: { cookie: `ivl_queues=${ticket}` } });
    expect(queues.status).toBe(200);

    // The old cookie (the bearer token itself) and a made-up ticket open nothing.
    await expectProblem(await call('/queues', { headers: { cookie: `ivl_queues=${admin}` } }), 401, 'UNAUTHENTICATED');
    await expectProblem(await call('/queues', { headers: { cookie: `ivl_queues=${ticket.slice(0, -2)}xx` } }), 401, 'UNAUTHENTICATED');
  });

  it('the portal asks for a ticket with its bearer header (POST /queues/ticket); a ticket cannot renew itself, nor another role get one', async () => {
    const issued = await call('/queues/ticket', { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(issued.status).toBe(204);
    const cookie = issued.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ivl_queues=[\w-]{40,}; Path=\/queues; Max-Age=1800; HttpOnly; Secure; SameSite=Strict$/);
    const ticket = cookie.split(';')[0];
    expect((await call('/queues/api/queues', { headers: { cookie: ticket } })).status).toBe(200);
    await expectProblem(await call('/queues/ticket', { method: 'POST', headers: { cookie: ticket } }), 401, 'UNAUTHENTICATED');
    await expectProblem(await call('/queues/ticket', { method: 'POST' }), 401, 'UNAUTHENTICATED');
    const refused = await call('/queues/ticket', { method: 'POST', headers: { authorization: `Bearer ${finance}` } });
    await expectProblem(refused, 403, 'FORBIDDEN');
    expect(refused.headers.get('set-cookie')).toBeNull();
  });

  it('scripts still send the bearer header; no credential, a forged token or a role other than the city admin is refused', async () => {
    expect((await call('/queues', { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    await expectProblem(await call('/queues'), 401, 'UNAUTHENTICATED');
    const [header, payload] = admin.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    await expectProblem(await call('/queues', { headers: { authorization: `Bearer ${forged}` } }), 401, 'UNAUTHENTICATED');
    await expectProblem(await call(`/queues?token=${forged}`), 401, 'UNAUTHENTICATED');
    await expectProblem(await call('/queues/api/queues', { headers: { authorization: `Bearer ${finance}` } }), 403, 'FORBIDDEN');
    const refused = await call(`/queues?token=${finance}`);
    await expectProblem(refused, 403, 'FORBIDDEN');
    expect(refused.headers.get('set-cookie')).toBeNull();
  });

  it('a request Bull Board cannot handle answers problem+json without a stack', async () => {
    const broken = await call('/queues/api/queues/settlement/add', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    const body = await expectProblem(broken, 400, 'VALIDATION_FAILED');
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.js:\d+/);
    expect(body).not.toHaveProperty('details');
  });

  it('the request log never holds a token or a ticket, only the redacted URL', async () => {
    await call(`/queues?token=${admin}&page=1`);
    await call(`/health?access_token=${finance}`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // pino writes asynchronously
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('/queues?token=[REDACTED]&page=1');
    expect(log).toContain('/health?access_token=[REDACTED]');
    for (const secret of [admin, finance, admin.split('.')[2], finance.split('.')[2]]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/ivl_queues=/);
  });
});
