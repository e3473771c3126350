import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { OPEN_TO_APPLICANTS, PUBLIC } from '../../apps/api/src/common/auth.guard.js';
import { pdf, upload } from '../support/documents.js';
import { attachLicence, signUp, signUpBody } from '../support/registrations.js';
import { createEnterprise, createProvider, createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { withWrongCheck } from '../support/uscc.js';
import { World } from '../support/world.js';

interface Route {
  method: string;
  path: string;
  public: boolean;
  openToApplicants: boolean;
}

/** Every route of the API's controllers, as Nest registers them, with the markers the guard reads. */
function apiRoutes(t: TestApp): Route[] {
  const controllers = (ApiModule.forRoot(t.config).controllers ?? []) as Array<new (...args: never[]) => object>;
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
      const marked = (key: string) => Reflect.getMetadata(key, handler) === true || Reflect.getMetadata(key, controller) === true;
      const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].filter((p) => p && p !== '/').join('/')}`.replace(
        /\/+/g,
        '/',
      );
      return [
        {
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
          path,
          public: marked(PUBLIC),
          openToApplicants: marked(OPEN_TO_APPLICANTS),
        },
      ];
    });
  });
}

describe('registration: who may do what, and input', () => {
  let t: TestApp;
  let w: World;
  let officer: string;
  let otherOfficer: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    officer = await w.officerOf('330702');
    otherOfficer = await w.officerOf('330703');
  });
  afterAll(() => t.close());

  it('an applicant gets 403 on every route not marked open to applicants (a new route is closed unless it says so)', async () => {
    const applicant = await signUp(t);
    const routes = apiRoutes(t);
    expect(routes.length).toBeGreaterThan(50);
    const open = routes.filter((r) => r.openToApplicants).map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual(
      [
        'GET /users/me',
        'POST /auth/password',
        'GET /registrations',
        'GET /registrations/:id',
        'POST /registrations/:id/documents',
        'POST /registrations/:id/resubmit',
        'POST /documents',
        'GET /documents/:id',
        'GET /documents/:id/content',
        'GET /notifications',
        'GET /notifications/unread-count',
        'POST /notifications/:id/read',
        'POST /notifications/read-all',
      ].sort(),
    );
    const closed = routes.filter((r) => !r.public && !r.openToApplicants);
    for (const route of closed) {
      const path = route.path.replace(/:[A-Za-z]+/g, randomUUID());
      const request = t
        .http()
        [route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path)
        .set('authorization', applicant.token);
      const response = route.method === 'GET' ? await request : await request.send({});
      if (response.status !== 403 || response.body?.code !== 'FORBIDDEN') {
        throw new Error(`${route.method} ${route.path} answered an applicant ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    // The queue dashboard (Bull Board, outside Nest and not mounted under Jest) asks requireRole('queues.view'), which no applicant holds.
  });

  it('an applicant reaches only its own registration', async () => {
    const mine = await signUp(t);
    const theirs = await signUp(t);
    expectProblem(await t.http().get(`/registrations/${theirs.id}`).set('authorization', mine.token), 404, 'NOT_FOUND');
    const listed = await t.http().get('/registrations').set('authorization', mine.token).expect(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    const document = await upload(t, mine.token, pdf('mine'), '营业执照.pdf');
    expectProblem(
      await t
        .http()
        .post(`/registrations/${theirs.id}/documents`)
        .set('authorization', mine.token)
        .send({ documentIds: [document.id] }),
      404,
      'NOT_FOUND',
    );
    // Another's document is refused as if it did not exist.
    const foreign = await upload(t, theirs.token, pdf('theirs'), '营业执照.pdf');
    expectProblem(
      await t
        .http()
        .post(`/registrations/${mine.id}/documents`)
        .set('authorization', mine.token)
        .send({ documentIds: [foreign.id] }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await t.http().get(`/documents/${foreign.id}`).set('authorization', mine.token), 404, 'NOT_FOUND');
    expectProblem(await t.http().post(`/registrations/${theirs.id}/resubmit`).set('authorization', mine.token).send({}), 404, 'NOT_FOUND');
    // An applicant does not review, even its own.
    expectProblem(await t.http().post(`/registrations/${mine.id}/approve`).set('authorization', mine.token).send({}), 403, 'FORBIDDEN');
  });

  it('reviewers: another region’s officer 404, roles that never review 403, no token 401', async () => {
    const applicant = await signUp(t);
    await attachLicence(t, applicant);
    expectProblem(await t.http().get(`/registrations/${applicant.id}`).set('authorization', otherOfficer), 404, 'NOT_FOUND');
    expectProblem(
      await t.http().post(`/registrations/${applicant.id}/approve`).set('authorization', otherOfficer).send({}),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await t.http().post(`/registrations/${applicant.id}/reject`).set('authorization', otherOfficer).send({ reason: '不属本区' }),
      404,
      'NOT_FOUND',
    );
    const listed = await t.http().get('/registrations').set('authorization', otherOfficer).expect(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).not.toContain(applicant.id);

    const finance = await w.financeOf('330702');
    const auditor = (await createUser(t, 'auditor')).token;
    const enterprise = (await w.enterprise()).token;
    const provider = (await w.provider()).token;
    expectProblem(await t.http().get('/registrations').set('authorization', finance), 403, 'FORBIDDEN');
    // An enterprise or provider reads only the registration that created it: none here.
    for (const token of [enterprise, provider]) {
      expect((await t.http().get('/registrations').set('authorization', token).expect(200)).body).toEqual({ items: [], total: 0 });
      expectProblem(await t.http().get(`/registrations/${applicant.id}`).set('authorization', token), 404, 'NOT_FOUND');
    }
    for (const token of [finance, auditor, enterprise, provider]) {
      expectProblem(await t.http().post(`/registrations/${applicant.id}/approve`).set('authorization', token).send({}), 403, 'FORBIDDEN');
      expectProblem(
        await t.http().post(`/registrations/${applicant.id}/reject`).set('authorization', token).send({ reason: '无权' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await t.http().post(`/registrations/${applicant.id}/resubmit`).set('authorization', token).send({}), 403, 'FORBIDDEN');
    }
    // The auditor reads, and reads its documents.
    const read = await t.http().get(`/registrations/${applicant.id}`).set('authorization', auditor).expect(200);
    await t
      .http()
      .get(`/documents/${read.body.documents[0].id as string}`)
      .set('authorization', auditor)
      .expect(200);

    for (const [method, path] of [
      ['get', '/registrations'],
      ['get', `/registrations/${applicant.id}`],
      ['post', `/registrations/${applicant.id}/documents`],
      ['post', `/registrations/${applicant.id}/resubmit`],
      ['post', `/registrations/${applicant.id}/approve`],
      ['post', `/registrations/${applicant.id}/reject`],
    ] as const) {
      expectProblem(await t.http()[method](path).send({}), 401, 'UNAUTHENTICATED');
    }
    // Still under review after all that.
    const still = await t.http().get(`/registrations/${applicant.id}`).set('authorization', officer).expect(200);
    expect(still.body.status).toBe('submitted');
    expectProblem(await t.http().get(`/registrations/${randomUUID()}`).set('authorization', officer), 404, 'NOT_FOUND');
  });

  it('duplicates at sign-up: 409 for a USCC taken or under review (per kind) and for a username taken', async () => {
    const enterprise = await createEnterprise(t);
    expectProblem(
      await t
        .http()
        .post('/registrations')
        .send(signUpBody('enterprise', { uscc: enterprise.uscc })),
      409,
      'DUPLICATE',
    );
    const provider = await createProvider(t);
    expectProblem(
      await t
        .http()
        .post('/registrations')
        .send(signUpBody('provider', { uscc: provider.uscc })),
      409,
      'DUPLICATE',
    );
    // An enterprise and a provider may share a USCC (they are then related).
    await t
      .http()
      .post('/registrations')
      .send(signUpBody('provider', { uscc: enterprise.uscc }))
      .expect(201);

    const first = await signUp(t);
    expectProblem(
      await t
        .http()
        .post('/registrations')
        .send(signUpBody('enterprise', { uscc: first.uscc })),
      409,
      'DUPLICATE',
    );
    expectProblem(
      await t
        .http()
        .post('/registrations')
        .send(signUpBody('enterprise', { uscc: first.uscc.toLowerCase() })),
      409,
      'DUPLICATE',
    );
    expectProblem(
      await t
        .http()
        .post('/registrations')
        .send(signUpBody('enterprise', { username: first.username })),
      409,
      'DUPLICATE',
    );
    // The refused sign-ups left no account behind.
    const refused = signUpBody('enterprise', { uscc: first.uscc });
    await t.http().post('/registrations').send(refused).expect(409);
    expectProblem(await t.http().post('/auth/login').send({ username: refused.username, password: PASSWORD }), 401, 'UNAUTHENTICATED');

    // Rejected: the USCC is free for a new sign-up; the old one then cannot be resubmitted over it.
    await t.http().post(`/registrations/${first.id}/reject`).set('authorization', officer).send({ reason: '材料不全' }).expect(200);
    const second = await signUp(t, 'enterprise', { uscc: first.uscc });
    expectProblem(await t.http().post(`/registrations/${first.id}/resubmit`).set('authorization', first.token).send({}), 409, 'DUPLICATE');
    expect(second.id).not.toBe(first.id);
  });

  it('five parallel sign-ups of one USCC: exactly one wins', async () => {
    const uscc = signUpBody().uscc;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.http().post('/registrations').send(signUpBody('enterprise', { uscc }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.code).toBe('DUPLICATE');
    const listed = await t.http().get(`/registrations?q=${uscc}`).set('authorization', t.adminToken).expect(200);
    expect(listed.body.total).toBe(1);
  });

  it('bad input is a 400 problem, never a 500', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['bad USCC', signUpBody('enterprise', { uscc: withWrongCheck(signUpBody().uscc) })],
      ['short password', signUpBody('enterprise', { password: 'short' })],
      ['common password', signUpBody('enterprise', { password: 'password123' })],
      ['password = username', signUpBody('enterprise', { username: 'jinhua-wujin-01', password: 'jinhua-wujin-01' })],
      ['bad username', signUpBody('enterprise', { username: 'a b' })],
      ['unknown kind', signUpBody('enterprise', { kind: 'bank' })],
      ['provider without its part', signUpBody('enterprise', { kind: 'provider' })],
      ['enterprise with a provider part', { ...signUpBody('provider'), kind: 'enterprise' }],
      ['unknown region', signUpBody('enterprise', { regionCode: '110101' })],
      ['bad phone', signUpBody('enterprise', { contactPhone: '0579-1234567' })],
      ['name too long', signUpBody('enterprise', { name: '金'.repeat(201) })],
      ['NUL in a name', signUpBody('enterprise', { legalRepresentative: 'a\u0000b' })],
      ['unknown field', signUpBody('enterprise', { isAdmin: true })],
      ['no categories', signUpBody('provider', { provider: { ...signUpBody('provider').provider, categories: [] } })],
      ['unknown complex', signUpBody('provider', { provider: { ...signUpBody('provider').provider, complexId: randomUUID() } })],
      ['array body', { 0: 'x' }],
    ];
    for (const [what, body] of cases) {
      const response = await t
        .http()
        .post('/registrations')
        .send(what === 'array body' ? [body] : body);
      if (response.status !== 400 || response.body.code !== 'VALIDATION_FAILED') {
        throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    const applicant = await signUp(t);
    const review = (path: string, body: unknown) =>
      t
        .http()
        .post(`/registrations/${applicant.id}/${path}`)
        .set('authorization', officer)
        .send(body as object);
    expectProblem(await review('reject', {}), 400, 'VALIDATION_FAILED');
    expectProblem(await review('reject', { reason: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await review('reject', { reason: '理'.repeat(2001) }), 400, 'VALIDATION_FAILED');
    expectProblem(await review('approve', { comment: 7 }), 400, 'VALIDATION_FAILED');
    const attach = (body: unknown) =>
      t
        .http()
        .post(`/registrations/${applicant.id}/documents`)
        .set('authorization', applicant.token)
        .send(body as object);
    expectProblem(await attach({}), 400, 'VALIDATION_FAILED');
    expectProblem(await attach({ documentIds: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await attach({ documentIds: ['not-a-uuid'] }), 400, 'VALIDATION_FAILED');
    expectProblem(await attach({ documentIds: [randomUUID()] }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/registrations/not-a-uuid').set('authorization', officer), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/registrations?status=pending').set('authorization', officer), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/registrations?limit=0').set('authorization', officer), 400, 'VALIDATION_FAILED');
    // A rejected registration resubmitted with a bad correction.
    await review('reject', { reason: '法定代表人有误' }).expect(200);
    const resubmit = (body: unknown) =>
      t
        .http()
        .post(`/registrations/${applicant.id}/resubmit`)
        .set('authorization', applicant.token)
        .send(body as object);
    expectProblem(await resubmit({ uscc: 'ABC' }), 400, 'VALIDATION_FAILED');
    expectProblem(await resubmit({ provider: signUpBody('provider').provider }), 400, 'VALIDATION_FAILED');
    expectProblem(await resubmit({ kind: 'provider' }), 400, 'VALIDATION_FAILED');
  });

  it('the city admin cannot make an applicant by hand, nor put a provider on notice', async () => {
    expectProblem(
      await t
        .http()
        .post('/users')
        .set('authorization', t.adminToken)
        .send({ username: `hand-${randomUUID().slice(0, 8)}`, password: PASSWORD, role: 'applicant' }),
      400,
      'VALIDATION_FAILED',
    );
    const provider = await createProvider(t);
    expectProblem(
      await t
        .http()
        .post(`/providers/${provider.id as string}/status`)
        .set('authorization', t.adminToken)
        .send({ status: 'notice', reason: '公示' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('registration: sign-ups are rate-limited per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, whatever the body', async () => {
    await t.http().post('/registrations').send(signUpBody()).expect(201);
    await t.http().post('/registrations').send({}).expect(400);
    await t.http().post('/registrations').send(signUpBody()).expect(201);
    const refused = await t.http().post('/registrations').send(signUpBody());
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Logging in is counted apart.
    await t.http().post('/auth/login').send({ username: 'admin', password: 'admin' }).expect(200);
  });
});
