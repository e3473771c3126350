import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEnterprise, createProvider, createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

type Created = Awaited<ReturnType<typeof createUser>>;

describe('accounts: who may disable whom, password rules, the users list', () => {
  let t: TestApp;
  let wuchengOfficer: Created;
  let jindongOfficer: Created;
  let wuchengEnterpriseUser: Created;
  let jindongEnterpriseUser: Created;
  let providerUser: Created;
  let financeUser: Created;
  let auditor: Created;
  let enterpriseUserToken: string;

  const act = (token: string, id: string, action: 'disable' | 'enable') =>
    t.http().post(`/users/${id}/${action}`).set('authorization', token);
  const users = (token: string, query: Record<string, string> = {}) => t.http().get('/users').query(query).set('authorization', token);

  beforeAll(async () => {
    t = await startTestApp();
    wuchengOfficer = await createUser(t, 'county_officer', { regionCode: '330702' });
    jindongOfficer = await createUser(t, 'county_officer', { regionCode: '330703' });
    const wucheng = await createEnterprise(t, { regionCode: '330702' });
    const jindong = await createEnterprise(t, { regionCode: '330703' });
    wuchengEnterpriseUser = await createUser(t, 'enterprise', { enterpriseId: wucheng.id });
    jindongEnterpriseUser = await createUser(t, 'enterprise', { enterpriseId: jindong.id });
    enterpriseUserToken = wuchengEnterpriseUser.token;
    const provider = await createProvider(t, { regionCode: '330702' });
    providerUser = await createUser(t, 'provider', { providerId: provider.id });
    financeUser = await createUser(t, 'finance', { regionCode: '330702' });
    auditor = await createUser(t, 'auditor');
  });
  afterAll(() => t.close());

  it("lets a county officer disable and enable only its own region's enterprise users", async () => {
    const disabled = await act(wuchengOfficer.token, wuchengEnterpriseUser.id, 'disable').expect(200);
    expect(disabled.body).toMatchObject({ id: wuchengEnterpriseUser.id, status: 'disabled', role: 'enterprise' });
    expectProblem(await t.http().get('/vouchers').set('authorization', enterpriseUserToken), 401, 'UNAUTHENTICATED');
    expect((await act(wuchengOfficer.token, wuchengEnterpriseUser.id, 'enable').expect(200)).body.status).toBe('active');
    // The officer reads its own actions in the audit log; another county's officer does not.
    const log = (token: string) =>
      t.http().get('/audit-log').query({ entityType: 'user', entityId: wuchengEnterpriseUser.id }).set('authorization', token).expect(200);
    expect((await log(wuchengOfficer.token)).body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['disable', 'enable']),
    );
    expect((await log(jindongOfficer.token)).body).toEqual([]);

    // Another region's enterprise user, and users that are not enterprise users, are outside its scope.
    for (const other of [jindongEnterpriseUser, providerUser, financeUser, jindongOfficer, auditor]) {
      expectProblem(await act(wuchengOfficer.token, other.id, 'disable'), 404, 'NOT_FOUND');
    }
    expectProblem(await act(wuchengOfficer.token, '00000000-0000-4000-8000-000000000000', 'disable'), 404, 'NOT_FOUND');
    expect((await users(t.adminToken, { status: 'disabled' }).expect(200)).body).toEqual([]);
  });

  it('answers 403 to roles that may never disable anyone, and 409 to the admin disabling itself', async () => {
    for (const actor of [auditor, financeUser, providerUser, jindongEnterpriseUser]) {
      expectProblem(await act(actor.token, wuchengEnterpriseUser.id, 'disable'), 403, 'FORBIDDEN');
      expectProblem(await act(actor.token, wuchengEnterpriseUser.id, 'enable'), 403, 'FORBIDDEN');
    }
    const admin = (await t.http().get('/users/me').set('authorization', t.adminToken).expect(200)).body;
    expectProblem(await act(t.adminToken, admin.id, 'disable'), 409, 'INVALID_STATE');
    expectProblem(await act(t.adminToken, 'not-a-uuid', 'disable'), 400, 'VALIDATION_FAILED');
    // Nothing above changed anyone.
    expect((await users(t.adminToken, { status: 'disabled' }).expect(200)).body).toEqual([]);
  });

  it('lets the city admin disable any other user, a bureau user included', async () => {
    const target = await createUser(t, 'finance', { regionCode: '330703' });
    expect((await act(t.adminToken, target.id, 'disable').expect(200)).body.status).toBe('disabled');
    expectProblem(await t.http().get('/funds').set('authorization', target.token), 401, 'UNAUTHENTICATED');
    // Disabling twice answers the same user; the audit log has one entry.
    expect((await act(t.adminToken, target.id, 'disable').expect(200)).body.status).toBe('disabled');
    await act(t.adminToken, target.id, 'enable').expect(200);
    await t.http().post(`/users/${target.id}/password-reset`).set('authorization', t.adminToken).expect(200);
    const log = await t
      .http()
      .get('/audit-log')
      .query({ entityType: 'user', entityId: target.id })
      .set('authorization', t.adminToken)
      .expect(200);
    expect(log.body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['create', 'disable', 'enable', 'password-reset']),
    );
    expect(log.body.filter((e: { action: string }) => e.action === 'disable')).toHaveLength(1);
    expect(log.body.find((e: { action: string }) => e.action === 'disable')).toMatchObject({ fromState: 'active', toState: 'disabled' });
  });

  it('refuses weak passwords with 400 VALIDATION_FAILED naming the field', async () => {
    const create = (username: string, password: string) =>
      t.http().post('/users').set('authorization', t.adminToken).send({ username, password, role: 'auditor' });
    for (const [username, password] of [
      ['weak-short', 'Short-9'],
      ['Liu.Auditor2026', 'liu.auditor2026'],
      ['weak-common', 'Password123'],
      ['weak-digits', '1234567890'],
      ['weak-chinese', 'woaini1314'],
    ] as const) {
      const answer = await create(username, password);
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    }
    expect((await users(t.adminToken, { q: 'weak-' }).expect(200)).body).toEqual([]);

    const user = await createUser(t, 'auditor');
    const change = (currentPassword: string, newPassword: string) =>
      t.http().post('/auth/password').set('authorization', user.token).send({ currentPassword, newPassword });
    const weak = await change(PASSWORD, 'qwertyuiop');
    expectProblem(weak, 400, 'VALIDATION_FAILED');
    expect(weak.body.errors[0].field).toBe('newPassword');
    const wrong = await change('not my password', 'Yiwu-Market-Stall-42');
    expectProblem(wrong, 400, 'VALIDATION_FAILED');
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    expectProblem(await change(PASSWORD, user.username.toUpperCase()), 400, 'VALIDATION_FAILED');
    // None of the refusals ended the session or changed the password.
    await t.http().get('/users/me').set('authorization', user.token).expect(200);
    await t.login(user.username, PASSWORD);
    const log = await t
      .http()
      .get('/audit-log')
      .query({ entityType: 'user', entityId: user.id })
      .set('authorization', t.adminToken)
      .expect(200);
    expect(log.body.map((e: { action: string }) => e.action)).not.toContain('password-change');
  });

  it('lists users with filters; a county officer sees only its enterprise users; others get 403', async () => {
    const names = (r: { body: Array<{ username: string }> }) => r.body.map((u) => u.username).sort();
    expect(names(await users(t.adminToken, { role: 'county_officer' }).expect(200))).toEqual(
      [wuchengOfficer.username, jindongOfficer.username].sort(),
    );
    const wucheng = names(await users(t.adminToken, { regionCode: '330702' }).expect(200));
    expect(wucheng).toEqual(
      expect.arrayContaining([wuchengOfficer.username, wuchengEnterpriseUser.username, providerUser.username, financeUser.username]),
    );
    expect(wucheng).not.toContain(jindongEnterpriseUser.username);
    expect(names(await users(t.adminToken, { q: providerUser.username.slice(3, 12).toUpperCase() }).expect(200))).toEqual([
      providerUser.username,
    ]);
    const first = (await users(t.adminToken, { limit: '1' }).expect(200)).body;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ username: 'admin', status: 'active', mustChangePassword: false });
    expect(JSON.stringify((await users(t.adminToken)).body)).not.toMatch(/password_?hash|passwordHash/i);

    expect(names(await users(wuchengOfficer.token).expect(200))).toEqual([wuchengEnterpriseUser.username]);
    expect(names(await users(wuchengOfficer.token, { role: 'county_officer' }).expect(200))).toEqual([]);
    for (const actor of [financeUser, providerUser, jindongEnterpriseUser]) expectProblem(await users(actor.token), 403, 'FORBIDDEN');
    expectProblem(await users(t.adminToken, { status: 'gone' }), 400, 'VALIDATION_FAILED');
  });
});
