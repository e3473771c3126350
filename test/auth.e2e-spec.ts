import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEnterprise, createProvider, createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

describe('auth, users and errors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '10' } });
  });
  afterAll(() => t.close());

  it('logs the bootstrap admin in and tells who it is', async () => {
    const login = await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' }).expect(200);
    expect(login.body.user).toMatchObject({ username: 'admin', role: 'city_admin' });
    const me = await t.http().get('/users/me').set('authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toEqual(login.body.user);
  });

  it('answers 401 problem+json for wrong credentials, missing, malformed and forged tokens', async () => {
    expectProblem(await t.http().post('/auth/login').send({ username: 'admin', password: 'wrong' }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().post('/auth/login').send({ username: 'nobody', password: 'x' }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/regions'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/regions').set('authorization', 'Bearer not.a.jwt'), 401, 'UNAUTHENTICATED');
    const forged = t.adminToken.slice(0, -4) + 'AAAA';
    expectProblem(await t.http().get('/regions').set('authorization', forged), 401, 'UNAUTHENTICATED');
    // 401 comes before validation and before the role check.
    expectProblem(await t.http().post('/users').send({ bogus: true }), 401, 'UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const { JwtService } = await import('@nestjs/jwt');
    const expired = new JwtService({ secret: t.config.auth.jwtSecret }).sign(
      { sub: '00000000-0000-4000-8000-000000000000', usr: 'admin', role: 'city_admin' },
      { expiresIn: -10 },
    );
    expectProblem(await t.http().get('/regions').set('authorization', `Bearer ${expired}`), 401, 'UNAUTHENTICATED');
  });

  it('creates users of each role with their scope', async () => {
    const provider = await createProvider(t);
    const enterprise = await createEnterprise(t);
    const officer = await createUser(t, 'county_officer', { regionCode: '330702' });
    const finance = await createUser(t, 'finance', { regionCode: '330700' });
    const prov = await createUser(t, 'provider', { providerId: provider.id });
    const ent = await createUser(t, 'enterprise', { enterpriseId: enterprise.id });
    await createUser(t, 'auditor');
    const me = await t.http().get('/users/me').set('authorization', prov.token).expect(200);
    expect(me.body).toMatchObject({ role: 'provider', providerId: provider.id });
    expect((await t.http().get('/users/me').set('authorization', ent.token)).body.enterpriseId).toBe(enterprise.id);
    expect((await t.http().get('/users/me').set('authorization', officer.token)).body.regionCode).toBe('330702');
    expect((await t.http().get('/users/me').set('authorization', finance.token)).body.regionCode).toBe('330700');
    const list = await t.http().get('/users').set('authorization', t.adminToken).expect(200);
    expect(list.body.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin', officer.username]));
    expect(JSON.stringify(list.body)).not.toContain('password');
  });

  it('refuses users with the wrong scope, a taken username, or from a non-admin', async () => {
    const post = (body: object, token = t.adminToken) => t.http().post('/users').set('authorization', token).send(body);
    const base = { username: 'someone', password: PASSWORD };
    expectProblem(await post({ ...base, role: 'county_officer' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ ...base, role: 'auditor', regionCode: '330702' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ ...base, role: 'provider' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await post({ ...base, role: 'enterprise', enterpriseId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await post({ ...base, role: 'finance', regionCode: '999999' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ ...base, role: 'superuser' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ ...base, username: 'admin', role: 'auditor' }), 409, 'DUPLICATE');
    const auditor = await createUser(t, 'auditor');
    expectProblem(await post({ ...base, role: 'auditor' }, auditor.token), 403, 'FORBIDDEN');
    const finance = await createUser(t, 'finance', { regionCode: '330703' });
    expectProblem(await t.http().get('/users').set('authorization', finance.token), 403, 'FORBIDDEN');
  });

  it('answers bad input with 400 problem+json, never 500', async () => {
    const raw = (payload: string, type = 'application/json') =>
      t.http().post('/users').set('authorization', t.adminToken).set('content-type', type).send(payload);
    expectProblem(await raw('{"username": '), 400, 'VALIDATION_FAILED');
    expectProblem(await raw('[]'), 400, 'VALIDATION_FAILED');
    expectProblem(await raw('null'), 400, 'VALIDATION_FAILED');
    expectProblem(
      await raw(JSON.stringify({ username: 'x'.repeat(2_000_000), password: PASSWORD, role: 'auditor' })),
      400,
      'VALIDATION_FAILED',
    );
    const unknown = await t
      .http()
      .post('/users')
      .set('authorization', t.adminToken)
      .send({ username: 'abc', password: PASSWORD, role: 'auditor', admin: true });
    expectProblem(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'admin' })]));
    const wrongType = await t
      .http()
      .post('/users')
      .set('authorization', t.adminToken)
      .send({ username: 42, password: PASSWORD, role: 'auditor' });
    expectProblem(wrongType, 400, 'VALIDATION_FAILED');
    expect(wrongType.body.errors[0].field).toBe('username');
    expectProblem(await t.http().get('/no-such-route').set('authorization', t.adminToken), 404, 'NOT_FOUND');
  });

  it('rate-limits login per username and address with Retry-After', async () => {
    const attempts = [];
    for (let i = 0; i < 11; i++) attempts.push(await t.http().post('/auth/login').send({ username: 'limited-user', password: 'wrong' }));
    expect(attempts.slice(0, 10).every((r) => r.status === 401)).toBe(true);
    expectProblem(attempts[10], 429, 'RATE_LIMITED');
    expect(Number(attempts[10].headers['retry-after'])).toBeGreaterThan(0);
    // Another username from the same address is not affected.
    await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' }).expect(200);
  });

  it('echoes the request id and answers /health and /docs-json without a token', async () => {
    const health = await t.http().get('/health').set('x-request-id', 'trace-123').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toBe('trace-123');
    const docs = await t.http().get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/auth/login', '/providers', '/enterprises/{id}']));
  });
});
