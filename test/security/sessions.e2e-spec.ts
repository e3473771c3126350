import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createProvider, createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

/** The signing key this repository shipped as its development default until issue 10. */
const OLD_DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production';

const sign = (secret: string, claims: object, options: { expiresIn?: number } = { expiresIn: 600 }) =>
  `Bearer ${new JwtService({ secret }).sign(claims, options)}`;

describe('sessions: tokens are checked against their user', () => {
  let t: TestApp;
  const me = (token: string) => t.http().get('/users/me').set('authorization', token);
  const regions = (token: string) => t.http().get('/regions').set('authorization', token);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function adminClaims() {
    const admin = (await me(t.adminToken).expect(200)).body;
    return { sub: admin.id, usr: admin.username, role: 'city_admin', ver: 0 };
  }

  it('refuses a token signed with the old development constant, in development (no JWT_SECRET) and in production', async () => {
    const claims = await adminClaims();
    expectProblem(await regions(sign(OLD_DEVELOPMENT_SECRET, claims)), 401, 'UNAUTHENTICATED');
    // The same claims signed with the key of this process are accepted: only the key differs.
    await regions(sign(t.config.auth.jwtSecret, claims)).expect(200);
    expect(t.config.auth.jwtSecret).not.toBe(OLD_DEVELOPMENT_SECRET);

    const secret = randomBytes(48).toString('base64url');
    const prod = await startTestApp({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: secret,
        BOOTSTRAP_ADMIN_USERNAME: 'jh-city-admin',
        BOOTSTRAP_ADMIN_PASSWORD: 'Wucheng-River-2026',
      },
    });
    try {
      const admin = (await prod.http().get('/users/me').set('authorization', prod.adminToken).expect(200)).body;
      const prodClaims = { sub: admin.id, usr: admin.username, role: 'city_admin', ver: 0 };
      expectProblem(
        await prod.http().get('/regions').set('authorization', sign(OLD_DEVELOPMENT_SECRET, prodClaims)),
        401,
        'UNAUTHENTICATED',
      );
      await prod.http().get('/regions').set('authorization', sign(secret, prodClaims)).expect(200);
    } finally {
      await prod.close();
    }
  });

  it('refuses a token without exp, and a provider token without its provider claim', async () => {
    const claims = await adminClaims();
    expectProblem(await regions(sign(t.config.auth.jwtSecret, claims, {})), 401, 'UNAUTHENTICATED');

    const provider = await createProvider(t);
    const user = await createUser(t, 'provider', { providerId: provider.id });
    const providerClaims = { sub: user.id, usr: user.username, role: 'provider', ver: 0 };
    await me(sign(t.config.auth.jwtSecret, { ...providerClaims, prv: provider.id })).expect(200);
    expectProblem(await me(sign(t.config.auth.jwtSecret, providerClaims)), 401, 'UNAUTHENTICATED');
    // A token of an older session version (before the row's) is refused too.
    expectProblem(await me(sign(t.config.auth.jwtSecret, { ...providerClaims, prv: provider.id, ver: -1 })), 401, 'UNAUTHENTICATED');
  });

  it("ends a disabled user's live token at once, refuses its login, and lets it log in again once enabled", async () => {
    const user = await createUser(t, 'auditor');
    await regions(user.token).expect(200); // its row is now in the session cache
    const disabled = await t.http().post(`/users/${user.id}/disable`).set('authorization', t.adminToken).expect(200);
    expect(disabled.body).toMatchObject({ id: user.id, status: 'disabled' });
    expectProblem(await regions(user.token), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().post('/auth/login').send({ username: user.username, password: PASSWORD }), 401, 'UNAUTHENTICATED');

    const enabled = await t.http().post(`/users/${user.id}/enable`).set('authorization', t.adminToken).expect(200);
    expect(enabled.body.status).toBe('active');
    const fresh = await t.login(user.username, PASSWORD);
    await regions(fresh).expect(200);
    // The token of before the disable stays dead: disabling ended that session.
    expectProblem(await regions(user.token), 401, 'UNAUTHENTICATED');
  });

  it("ends every session of the user on a password change, the caller's included", async () => {
    const user = await createUser(t, 'auditor');
    const other = await t.login(user.username, PASSWORD);
    await regions(other).expect(200);
    await t
      .http()
      .post('/auth/password')
      .set('authorization', user.token)
      .send({ currentPassword: PASSWORD, newPassword: 'Jinhua-Lanxi-Bridge-7' })
      .expect(204);
    expectProblem(await regions(user.token), 401, 'UNAUTHENTICATED');
    expectProblem(await regions(other), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().post('/auth/login').send({ username: user.username, password: PASSWORD }), 401, 'UNAUTHENTICATED');
    await regions(await t.login(user.username, 'Jinhua-Lanxi-Bridge-7')).expect(200);
  });

  it('lets no request that raced a password change keep the old session alive', async () => {
    const user = await createUser(t, 'auditor');
    // Requests with the old token in flight while the change commits: none may leave a stale
    // "still valid" entry in the session cache behind it.
    const racing = Array.from({ length: 30 }, () => regions(user.token));
    const change = t
      .http()
      .post('/auth/password')
      .set('authorization', user.token)
      .send({ currentPassword: PASSWORD, newPassword: 'Pujiang-Crystal-Glass-3' });
    const answers = await Promise.all([change, ...racing]);
    expect(answers[0].status).toBe(204);
    for (const answer of answers.slice(1)) expect([200, 401]).toContain(answer.status);
    for (let i = 0; i < 5; i++) expectProblem(await regions(user.token), 401, 'UNAUTHENTICATED');
  });

  it('forces a change after a reset: only the password change and /users/me answer until it is done', async () => {
    const user = await createUser(t, 'finance', { regionCode: '330702' });
    await regions(user.token).expect(200);
    const reset = await t.http().post(`/users/${user.id}/password-reset`).set('authorization', t.adminToken).expect(200);
    const temporary = reset.body.temporaryPassword as string;
    expect(Object.keys(reset.body)).toEqual(['temporaryPassword']);
    expect(temporary.length).toBeGreaterThanOrEqual(10);
    expectProblem(await regions(user.token), 401, 'UNAUTHENTICATED'); // the reset ended the live session
    expectProblem(await t.http().post('/auth/login').send({ username: user.username, password: PASSWORD }), 401, 'UNAUTHENTICATED');

    const login = await t.http().post('/auth/login').send({ username: user.username, password: temporary }).expect(200);
    expect(login.body.mustChangePassword).toBe(true);
    expect(login.body.user).toMatchObject({ id: user.id, mustChangePassword: true, status: 'active' });
    const token = `Bearer ${login.body.accessToken as string}`;
    expectProblem(await regions(token), 403, 'PASSWORD_CHANGE_REQUIRED');
    expectProblem(await t.http().get('/funds').set('authorization', token), 403, 'PASSWORD_CHANGE_REQUIRED');
    expectProblem(
      await t.http().post('/funds').set('authorization', token).send({ regionCode: '330702', year: 2026, name: 'x' }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );
    expect((await me(token).expect(200)).body).toMatchObject({ id: user.id, mustChangePassword: true });
    // The temporary password may not be kept.
    expectProblem(
      await t.http().post('/auth/password').set('authorization', token).send({ currentPassword: temporary, newPassword: temporary }),
      400,
      'VALIDATION_FAILED',
    );
    await t
      .http()
      .post('/auth/password')
      .set('authorization', token)
      .send({ currentPassword: temporary, newPassword: 'Dongyang-Wood-Carving-9' })
      .expect(204);
    expectProblem(await me(token), 401, 'UNAUTHENTICATED');

    const again = await t.http().post('/auth/login').send({ username: user.username, password: 'Dongyang-Wood-Carving-9' }).expect(200);
    expect(again.body.mustChangePassword).toBe(false);
    await regions(`Bearer ${again.body.accessToken as string}`).expect(200);
  });

  it('lets only the city admin reset a password', async () => {
    const target = await createUser(t, 'auditor');
    const officer = await createUser(t, 'county_officer', { regionCode: '330702' });
    const auditor = await createUser(t, 'auditor');
    for (const token of [officer.token, auditor.token]) {
      expectProblem(await t.http().post(`/users/${target.id}/password-reset`).set('authorization', token), 403, 'FORBIDDEN');
    }
    expectProblem(
      await t.http().post(`/users/00000000-0000-4000-8000-000000000000/password-reset`).set('authorization', t.adminToken),
      404,
      'NOT_FOUND',
    );
    await regions(target.token).expect(200);
  });
});
