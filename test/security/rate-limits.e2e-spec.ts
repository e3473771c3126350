import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.js';

// Every request of this file comes from one address (the loopback). Each test gets its own key
// prefix (QUEUE_PREFIX, from which the limiter's keys derive) so the tests count apart.
const started: TestApp[] = [];

async function app(env: Record<string, string>): Promise<TestApp> {
  const t = await startTestApp({ env });
  started.push(t);
  return t;
}

async function close(t: TestApp): Promise<void> {
  started.splice(started.indexOf(t), 1);
  await t.close();
}

describe('rate limits shared by every API process (issue 10 item 10)', () => {
  afterAll(async () => {
    for (const t of [...started]) await t.close();
  });

  it('refuses failed logins past 30 a minute per address across usernames, counted by two processes together and over a restart', async () => {
    const env = { QUEUE_PREFIX: `ivl-test-rl-${randomUUID()}`, RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: '30' };
    const a = await app(env);
    const b = await app(env);
    const attempts = Array.from({ length: 12 }, (_, user) => Array.from({ length: 3 }, () => `guessed-${user}`)).flat(); // 12 usernames × 3
    const statuses: number[] = [];
    const wrong = (t: TestApp, username: string) => t.http().post('/auth/login').send({ username, password: 'wrong password' });

    // 29 failures, alternating between the two processes.
    for (const [i, username] of attempts.slice(0, 29).entries()) statuses.push((await wrong(i % 2 ? b : a, username)).status);
    // A restarts: a fresh process on the same Redis (its own admin login succeeds and is not a failure).
    await close(a);
    const c = await app(env);
    const answers = [];
    for (const [i, username] of attempts.slice(29).entries()) answers.push(await wrong(i % 2 ? b : c, username));
    statuses.push(...answers.map((r) => r.status));

    expect(statuses).toEqual([...Array(30).fill(401), ...Array(6).fill(429)]);
    const refused = answers.at(-1)!;
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The right password from that address waits too: the address is guessing.
    expectProblem(await c.http().post('/auth/login').send({ username: 'admin', password: 'admin' }), 429, 'RATE_LIMITED');
    // Signed-in users of that address are not affected.
    await b.http().get('/users/me').set('authorization', b.adminToken).expect(200);
  });

  it('does not count successful logins as failures', async () => {
    const t = await app({ QUEUE_PREFIX: `ivl-test-rl-${randomUUID()}`, RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: '3' });
    for (let i = 0; i < 5; i++) await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' }).expect(200);
    for (let i = 0; i < 3; i++)
      expectProblem(
        await t
          .http()
          .post('/auth/login')
          .send({ username: `nobody-${i}`, password: 'x' }),
        401,
        'UNAUTHENTICATED',
      );
    expectProblem(await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' }), 429, 'RATE_LIMITED');
  });

  it('limits every unauthenticated route per address, but not /health nor signed-in requests', async () => {
    const t = await app({ QUEUE_PREFIX: `ivl-test-rl-${randomUUID()}`, RATE_LIMIT_PUBLIC_PER_ADDRESS_PER_MINUTE: '5' });
    // startTestApp's admin login was the first of 5.
    for (let i = 0; i < 4; i++) await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' }).expect(200);
    const refused = await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' });
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 10; i++) await t.http().get('/health').expect(200);
    await t.http().get('/users/me').set('authorization', t.adminToken).expect(200);
  });
});
