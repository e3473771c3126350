import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createEnterprise,
  createProvider,
  createUser,
  enterpriseBody,
  expectProblem,
  providerBody,
  startTestApp,
  type TestApp,
} from './support/test-app.js';
import { newUscc, withWrongCheck } from './support/uscc.js';

describe('registry: regions, complexes, providers, enterprises, audit log', () => {
  let t: TestApp;
  let officer: { token: string };
  let otherOfficer: { token: string };
  let auditor: { token: string };
  let finance: { token: string };

  beforeAll(async () => {
    t = await startTestApp();
    officer = await createUser(t, 'county_officer', { regionCode: '330702' });
    otherOfficer = await createUser(t, 'county_officer', { regionCode: '330703' });
    auditor = await createUser(t, 'auditor');
    finance = await createUser(t, 'finance', { regionCode: '330702' });
  });
  afterAll(() => t.close());

  describe('regions', () => {
    it('lists the city and its nine counties from the first start', async () => {
      const response = await t.http().get('/regions').set('authorization', officer.token).expect(200);
      expect(response.body).toHaveLength(10);
      expect(response.body[0]).toEqual({ code: '330700', name: '金华市', level: 'city', parentCode: null, paymentNoticeDays: 0 });
      expect(
        response.body
          .filter((r: { level: string }) => r.level === 'county')
          .every((r: { parentCode: string }) => r.parentCode === '330700'),
      ).toBe(true);
      expect(response.body.map((r: { code: string }) => r.code)).toEqual([
        '330700',
        '330702',
        '330703',
        '330723',
        '330726',
        '330727',
        '330781',
        '330782',
        '330783',
        '330784',
      ]);
    });

    it('lets the city admin add a region; refuses duplicates, bad codes and other roles', async () => {
      const hangzhou = { code: '330100', name: '杭州市', level: 'city' };
      await t.http().post('/regions').set('authorization', t.adminToken).send(hangzhou).expect(201);
      expectProblem(await t.http().post('/regions').set('authorization', t.adminToken).send(hangzhou), 409, 'DUPLICATE');
      expectProblem(
        await t
          .http()
          .post('/regions')
          .set('authorization', t.adminToken)
          .send({ ...hangzhou, code: '33010' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await t
          .http()
          .post('/regions')
          .set('authorization', t.adminToken)
          .send({ code: '330110', name: '余杭区', level: 'county', parentCode: '999999' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await t.http().post('/regions').set('authorization', officer.token).send({ code: '330111', name: 'x', level: 'county' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await t.http().post('/regions').set('authorization', auditor.token).send({ code: '330112', name: 'x', level: 'county' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('complexes', () => {
    it('registers a complex and lists it with filters', async () => {
      const body = { name: '永康现代五金产业创新服务综合体', sector: 'HARDWARE', level: 'provincial', regionCode: '330784' };
      const created = await t.http().post('/complexes').set('authorization', t.adminToken).send(body).expect(201);
      expect(created.body).toMatchObject(body);
      const list = await t.http().get('/complexes?sector=HARDWARE').set('authorization', officer.token).expect(200);
      expect(list.body.map((c: { id: string }) => c.id)).toContain(created.body.id);
      expect((await t.http().get('/complexes?sector=NEV').set('authorization', officer.token)).body).toEqual([]);
    });

    it('refuses unknown sectors, regions and non-admins', async () => {
      const post = (body: object, token = t.adminToken) => t.http().post('/complexes').set('authorization', token).send(body);
      expectProblem(await post({ name: 'x', sector: 'STEEL', level: 'city', regionCode: '330700' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ name: 'x', sector: 'NEV', level: 'city', regionCode: '999999' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ name: 'x', sector: 'NEV', level: 'national', regionCode: '330700' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ name: 'x', sector: 'NEV', level: 'city', regionCode: '330700' }, officer.token), 403, 'FORBIDDEN');
    });
  });

  describe('providers', () => {
    it('registers a provider as active, stores the USCC upper-cased, and reads it back', async () => {
      const uscc = newUscc('91330702');
      const created = await t
        .http()
        .post('/providers')
        .set('authorization', t.adminToken)
        .send(providerBody({ uscc: uscc.toLowerCase(), controllerKey: 'ctrl-zhang' }))
        .expect(201);
      expect(created.body).toMatchObject({
        uscc,
        status: 'active',
        regionCode: '330702',
        controllerKey: 'ctrl-zhang',
        categories: ['TESTING', 'DESIGN'],
      });
      expect(created.body.bankAccount.accountNo).toBe('1208 **** **** 3456'); // masked: the city admin does not pay it
      const read = await t.http().get(`/providers/${created.body.id}`).set('authorization', finance.token).expect(200);
      expect(read.body).toEqual(created.body);
      const audited = await t.http().get(`/providers/${created.body.id}`).set('authorization', auditor.token).expect(200);
      expect(audited.body.bankAccount.accountNo).toBe('1208010009200123456');
    });

    it('shows the account number in full to auditors, masked to others (the provider itself included; see test/security/bank-details)', async () => {
      const provider = await createProvider(t);
      const own = await createUser(t, 'provider', { providerId: provider.id });
      const other = await createUser(t, 'provider', { providerId: (await createProvider(t)).id });
      const accountNo = async (token: string) =>
        (await t.http().get(`/providers/${provider.id}`).set('authorization', token)).body.bankAccount.accountNo;
      expect(await accountNo(auditor.token)).toBe('1208010009200123456');
      for (const token of [own.token, other.token, officer.token]) expect(await accountNo(token)).toBe('1208 **** **** 3456');
    });

    it('filters the list by region, category and status', async () => {
      const lanxi = await createProvider(t, { regionCode: '330781', categories: ['INSTRUMENT_SHARING'], accreditations: [] });
      const byRegion = await t.http().get('/providers?regionCode=330781').set('authorization', officer.token).expect(200);
      expect(byRegion.body.map((p: { id: string }) => p.id)).toEqual([lanxi.id]);
      const byCategory = await t.http().get('/providers?category=INSTRUMENT_SHARING').set('authorization', officer.token).expect(200);
      expect(byCategory.body.map((p: { id: string }) => p.id)).toEqual([lanxi.id]);
      const paged = await t.http().get('/providers?limit=1&offset=0').set('authorization', officer.token).expect(200);
      expect(paged.body).toHaveLength(1);
      expectProblem(await t.http().get('/providers?limit=0').set('authorization', officer.token), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http().get('/providers?colour=red').set('authorization', officer.token), 400, 'VALIDATION_FAILED');
    });

    it('refuses a wrong check character, a duplicate USCC, bad accreditations and oversized names', async () => {
      const post = (body: object, token = t.adminToken) => t.http().post('/providers').set('authorization', token).send(body);
      const bad = await post(providerBody({ uscc: withWrongCheck(newUscc()) }));
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.errors[0].field).toBe('uscc');
      expectProblem(await post(providerBody({ uscc: '91330702MA2HXXXXX' })), 400, 'VALIDATION_FAILED');
      const first = await createProvider(t);
      expectProblem(await post(providerBody({ uscc: first.uscc })), 409, 'DUPLICATE');
      expectProblem(await post(providerBody({ name: 'x'.repeat(10_000) })), 400, 'VALIDATION_FAILED');
      expectProblem(await post(providerBody({ categories: [] })), 400, 'VALIDATION_FAILED');
      expectProblem(await post(providerBody({ categories: ['PAINTING'] })), 400, 'VALIDATION_FAILED');
      expectProblem(
        await post(providerBody({ accreditations: [{ type: 'ISO', number: '1', validUntil: '2028-01-01' }] })),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await post(providerBody({ accreditations: [{ type: 'CMA', number: '1', validUntil: '2028-02-30' }] })),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await post(providerBody({ accreditations: [{ type: 'CMA', number: '1', validUntil: '2028-13-01' }] })),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await post(providerBody({ bankAccount: { bankName: 'x', accountName: 'y' } })), 400, 'VALIDATION_FAILED');
      expectProblem(await post(providerBody({ complexId: '00000000-0000-4000-8000-000000000000' })), 400, 'VALIDATION_FAILED');
      expectProblem(await post(providerBody({ regionCode: '999999' })), 400, 'VALIDATION_FAILED');
      expectProblem(await post(providerBody(), officer.token), 403, 'FORBIDDEN');
    });

    it('changes status with a reason, audits it, and refuses a no-op change', async () => {
      const provider = await createProvider(t);
      const path = `/providers/${provider.id}/status`;
      const suspended = await t
        .http()
        .post(path)
        .set('authorization', t.adminToken)
        .send({ status: 'suspended', reason: '资质复核' })
        .expect(200);
      expect(suspended.body.status).toBe('suspended');
      expectProblem(
        await t.http().post(path).set('authorization', t.adminToken).send({ status: 'suspended', reason: 'again' }),
        409,
        'INVALID_STATE',
      );
      expectProblem(
        await t.http().post(path).set('authorization', t.adminToken).send({ status: 'closed', reason: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await t.http().post(path).set('authorization', t.adminToken).send({ status: 'active' }), 400, 'VALIDATION_FAILED');
      expectProblem(
        await t.http().post(path).set('authorization', officer.token).send({ status: 'active', reason: 'x' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await t
          .http()
          .post(`/providers/00000000-0000-4000-8000-000000000000/status`)
          .set('authorization', t.adminToken)
          .send({ status: 'active', reason: 'x' }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.http().get('/providers/00000000-0000-4000-8000-000000000000').set('authorization', t.adminToken),
        404,
        'NOT_FOUND',
      );

      const log = await t
        .http()
        .get(`/audit-log?entityType=provider&entityId=${provider.id}`)
        .set('authorization', auditor.token)
        .expect(200);
      expect(log.body[0]).toMatchObject({
        action: 'status',
        fromState: 'active',
        toState: 'suspended',
        reason: '资质复核',
        actorRole: 'city_admin',
      });
      expect(log.body[1]).toMatchObject({ action: 'create', toState: 'active' });
      const own = await createUser(t, 'provider', { providerId: provider.id });
      expect((await t.http().get(`/audit-log?entityId=${provider.id}`).set('authorization', own.token)).body).toHaveLength(2);
      const stranger = await createUser(t, 'provider', { providerId: (await createProvider(t)).id });
      expect((await t.http().get(`/audit-log?entityId=${provider.id}`).set('authorization', stranger.token)).body).toEqual([]);
    });
  });

  describe('enterprises', () => {
    it('lets the officer of the region register an enterprise, not of another region', async () => {
      const created = await t
        .http()
        .post('/enterprises')
        .set('authorization', officer.token)
        .send(enterpriseBody({ regionCode: '330702', controllerKey: 'ctrl-li' }))
        .expect(201);
      expect(created.body).toMatchObject({ regionCode: '330702', controllerKey: 'ctrl-li' });
      expectProblem(
        await t
          .http()
          .post('/enterprises')
          .set('authorization', officer.token)
          .send(enterpriseBody({ regionCode: '330703' })),
        403,
        'FORBIDDEN',
      );
      expectProblem(await t.http().post('/enterprises').set('authorization', finance.token).send(enterpriseBody()), 403, 'FORBIDDEN');
      expectProblem(await t.http().post('/enterprises').set('authorization', auditor.token).send(enterpriseBody()), 403, 'FORBIDDEN');
    });

    it('keeps USCCs unique among enterprises, but lets an enterprise share one with a provider', async () => {
      const provider = await createProvider(t);
      await t
        .http()
        .post('/enterprises')
        .set('authorization', t.adminToken)
        .send(enterpriseBody({ uscc: provider.uscc }))
        .expect(201);
      expectProblem(
        await t
          .http()
          .post('/enterprises')
          .set('authorization', t.adminToken)
          .send(enterpriseBody({ uscc: provider.uscc })),
        409,
        'DUPLICATE',
      );
      expectProblem(
        await t
          .http()
          .post('/enterprises')
          .set('authorization', t.adminToken)
          .send(enterpriseBody({ uscc: withWrongCheck(newUscc()) })),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await t
          .http()
          .post('/enterprises')
          .set('authorization', t.adminToken)
          .send(enterpriseBody({ name: '' })),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('scopes reads: region users see their region, an enterprise itself, another region gets 404', async () => {
      const mine = await createEnterprise(t, { regionCode: '330702' });
      const theirs = await createEnterprise(t, { regionCode: '330703' });
      const own = await createUser(t, 'enterprise', { enterpriseId: mine.id });
      await t.http().get(`/enterprises/${mine.id}`).set('authorization', officer.token).expect(200);
      expectProblem(await t.http().get(`/enterprises/${theirs.id}`).set('authorization', officer.token), 404, 'NOT_FOUND');
      await t.http().get(`/enterprises/${theirs.id}`).set('authorization', otherOfficer.token).expect(200);
      await t.http().get(`/enterprises/${theirs.id}`).set('authorization', auditor.token).expect(200);
      await t.http().get(`/enterprises/${mine.id}`).set('authorization', own.token).expect(200);
      expectProblem(await t.http().get(`/enterprises/${theirs.id}`).set('authorization', own.token), 404, 'NOT_FOUND');
      const provider = await createUser(t, 'provider', { providerId: (await createProvider(t)).id });
      expectProblem(await t.http().get(`/enterprises/${mine.id}`).set('authorization', provider.token), 403, 'FORBIDDEN');
      expectProblem(await t.http().get('/enterprises').set('authorization', provider.token), 403, 'FORBIDDEN');

      const list = await t.http().get('/enterprises').set('authorization', officer.token).expect(200);
      expect(list.body.every((e: { regionCode: string }) => e.regionCode === '330702')).toBe(true);
      expect((await t.http().get('/enterprises').set('authorization', own.token)).body.map((e: { id: string }) => e.id)).toEqual([mine.id]);
      expectProblem(await t.http().get('/enterprises/not-a-uuid').set('authorization', officer.token), 400, 'VALIDATION_FAILED');
    });
  });
});
