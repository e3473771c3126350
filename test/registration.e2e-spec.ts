import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { pdf, png, upload } from './support/documents.js';
import { attachLicence, signUp, signUpBody } from './support/registrations.js';
import { createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

describe('registration (入驻): sign-up, review, and the life of what it creates', () => {
  let t: TestApp;
  let w: World;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    w = new World(t);
    officer = await w.officerOf('330702');
  });
  afterAll(() => t.close());

  it('an enterprise signs up, the officer of its region approves, and it applies for its first voucher', async () => {
    const body = signUpBody('enterprise');
    const created = await t.http().post('/registrations').send(body).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), kind: 'enterprise', status: 'submitted' });
    const applicant = await t.login(body.username, PASSWORD);

    const me = await t.http().get('/users/me').set('authorization', applicant).expect(200);
    expect(me.body).toMatchObject({ username: body.username, role: 'applicant' });
    const own = await t.http().get(`/registrations/${created.body.id}`).set('authorization', applicant).expect(200);
    expect(own.body).toMatchObject({
      id: created.body.id,
      kind: 'enterprise',
      status: 'submitted',
      username: body.username,
      uscc: body.uscc,
      legalRepresentative: '王建国',
      contactPhone: '13905791234',
      provider: null,
      submissions: 1,
      enterpriseId: null,
    });
    const mine = await t.http().get('/registrations').set('authorization', applicant).expect(200);
    expect(mine.body).toEqual({ items: [expect.objectContaining({ id: created.body.id })], total: 1 });

    // Approval needs the business licence.
    expectProblem(
      await t.http().post(`/registrations/${created.body.id}/approve`).set('authorization', officer).send({}),
      409,
      'INVALID_STATE',
    );
    const licence = await upload(t, applicant, pdf('营业执照 金东精工'), '营业执照.pdf');
    const photo = await upload(t, applicant, png(0x40), '门头照片.png');
    const attached = await t
      .http()
      .post(`/registrations/${created.body.id}/documents`)
      .set('authorization', applicant)
      .send({ documentIds: [licence.id, photo.id] })
      .expect(200);
    expect(attached.body.documents.map((d: { id: string }) => d.id).sort()).toEqual([licence.id, photo.id].sort());
    // Attaching again changes nothing.
    await t
      .http()
      .post(`/registrations/${created.body.id}/documents`)
      .set('authorization', applicant)
      .send({ documentIds: [licence.id] })
      .expect(200);

    // The officer finds it among its region's registrations under review, and reads the licence.
    const queue = await t.http().get('/registrations?status=submitted&kind=enterprise').set('authorization', officer).expect(200);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const reviewed = await t.http().get(`/registrations/${created.body.id}`).set('authorization', officer).expect(200);
    expect(reviewed.body.documents).toHaveLength(2);
    expect(reviewed.body.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: licence.id, name: '营业执照.pdf', contentType: 'application/pdf' }),
        expect.objectContaining({ id: photo.id, name: '门头照片.png', contentType: 'image/png' }),
      ]),
    );
    await t.http().get(`/documents/${licence.id}/content`).set('authorization', officer).expect(200);
    // Another region's officer does not.
    const elsewhere = await w.officerOf('330703');
    expectProblem(await t.http().get(`/documents/${licence.id}`).set('authorization', elsewhere), 404, 'NOT_FOUND');

    const approved = await t
      .http()
      .post(`/registrations/${created.body.id}/approve`)
      .set('authorization', officer)
      .send({ comment: '材料齐全，准予入驻' })
      .expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', comment: '材料齐全，准予入驻', enterpriseId: expect.any(String) });
    const enterpriseId = approved.body.enterpriseId as string;

    // The applicant's token ended with its role; it logs in again as the enterprise's user.
    expectProblem(await t.http().get('/users/me').set('authorization', applicant), 401, 'UNAUTHENTICATED');
    const enterprise = await t.login(body.username, PASSWORD);
    const again = await t.http().get('/users/me').set('authorization', enterprise).expect(200);
    expect(again.body).toMatchObject({ role: 'enterprise', enterpriseId });
    const record = await t.http().get(`/enterprises/${enterpriseId}`).set('authorization', enterprise).expect(200);
    expect(record.body).toMatchObject({ uscc: body.uscc, name: body.name, regionCode: '330702' });
    // It still reads its registration, as the enterprise it became.
    await t.http().get(`/registrations/${created.body.id}`).set('authorization', enterprise).expect(200);
    await t.http().get(`/documents/${licence.id}`).set('authorization', enterprise).expect(200);
    // An approved registration takes no more documents.
    const late = await upload(t, enterprise, pdf('late'), '补充.pdf');
    expectProblem(
      await t
        .http()
        .post(`/registrations/${created.body.id}/documents`)
        .set('authorization', enterprise)
        .send({ documentIds: [late.id] }),
      403,
      'FORBIDDEN',
    );

    const fund = await w.fund('330702', 100_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10_000 }] });
    const voucher = await w.voucher(enterprise, program, 2_000_000);
    expect(voucher).toMatchObject({ faceValue: 2_000_000, status: 'active' });

    // Deciding twice is refused.
    expectProblem(
      await t.http().post(`/registrations/${created.body.id}/approve`).set('authorization', officer).send({}),
      409,
      'INVALID_STATE',
    );
    expectProblem(
      await t.http().post(`/registrations/${created.body.id}/reject`).set('authorization', officer).send({ reason: '重复' }),
      409,
      'INVALID_STATE',
    );
  });

  it('a provider approved by the city admin is on notice (no redemption) until the notice ends, then active', async () => {
    const applicant = await signUp(t, 'provider');
    const enterprise = await w.enterprise();
    const fund = await w.fund('330702', 100_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10_000 }] });
    const voucher = await w.voucher(enterprise.token, program, 1_000_000);

    await attachLicence(t, applicant);
    // A county officer does not review providers: it does not even see the registration.
    expectProblem(await t.http().post(`/registrations/${applicant.id}/approve`).set('authorization', officer).send({}), 404, 'NOT_FOUND');
    const approved = await t.http().post(`/registrations/${applicant.id}/approve`).set('authorization', t.adminToken).send({}).expect(200);
    const providerId = approved.body.providerId as string;
    expect(providerId).toEqual(expect.any(String));

    const provider = await t.http().get(`/providers/${providerId}`).set('authorization', t.adminToken).expect(200);
    expect(provider.body).toMatchObject({
      status: 'notice',
      uscc: applicant.uscc,
      categories: ['TESTING', 'DESIGN'],
      noticeEndsAt: '2026-03-17T10:00:00.000+08:00',
    });

    const token = await t.login(applicant.username, PASSWORD);
    expectProblem(await w.redeem(token, { voucherCode: voucher.code, orderAmount: 200_000 }), 409, 'INVALID_STATE');
    // Nor does the city admin skip the notice by hand.
    expectProblem(
      await t
        .http()
        .post(`/providers/${providerId}/status`)
        .set('authorization', t.adminToken)
        .send({ status: 'active', reason: '提前启用' }),
      409,
      'INVALID_STATE',
    );

    // A day early the job leaves it on notice.
    t.clock.advanceDays(6);
    expect(await t.runJob('providers.end-notice')).toEqual({ activated: 0 });
    t.clock.advanceDays(1);
    expect(await t.runJob('providers.end-notice')).toEqual({ activated: 1 });
    expect(await t.runJob('providers.end-notice')).toEqual({ activated: 0 });
    const active = await t.http().get(`/providers/${providerId}`).set('authorization', t.adminToken).expect(200);
    expect(active.body.status).toBe('active');

    const redemption = await w.redeem(token, { voucherCode: voucher.code, orderAmount: 200_000 }).expect(201);
    expect(redemption.body).toMatchObject({ providerId, status: 'pending', subsidy: 100_000 });

    const log = await t.http().get(`/audit-log?entityType=provider&entityId=${providerId}`).set('authorization', t.adminToken).expect(200);
    expect(log.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['create', 'notice-ended']));
    const ended = log.body.find((e: { action: string }) => e.action === 'notice-ended');
    expect(ended).toMatchObject({ actorRole: 'system', fromState: 'notice', toState: 'active' });
    t.clock.set('2026-03-10T10:00:00+08:00');
  });

  it('a rejected registration is corrected and resubmitted, then approved; the audit log keeps every step', async () => {
    const applicant = await signUp(t, 'enterprise', { name: '金华市某某公司' });
    await attachLicence(t, applicant);
    const rejected = await t
      .http()
      .post(`/registrations/${applicant.id}/reject`)
      .set('authorization', officer)
      .send({ reason: '企业名称与营业执照不一致' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: '企业名称与营业执照不一致' });
    const seen = await t.http().get(`/registrations/${applicant.id}`).set('authorization', applicant.token).expect(200);
    expect(seen.body).toMatchObject({ status: 'rejected', rejectionReason: '企业名称与营业执照不一致' });

    const resubmitted = await t
      .http()
      .post(`/registrations/${applicant.id}/resubmit`)
      .set('authorization', applicant.token)
      .send({ name: '金华市婺城区恒达机械配件有限公司', contactPhone: '13857901111' })
      .expect(200);
    expect(resubmitted.body).toMatchObject({
      status: 'submitted',
      name: '金华市婺城区恒达机械配件有限公司',
      contactPhone: '13857901111',
      legalRepresentative: '王建国',
      submissions: 2,
      rejectionReason: null,
    });
    // Only a rejected registration is resubmitted.
    expectProblem(
      await t.http().post(`/registrations/${applicant.id}/resubmit`).set('authorization', applicant.token).send({}),
      409,
      'INVALID_STATE',
    );

    const approved = await t.http().post(`/registrations/${applicant.id}/approve`).set('authorization', officer).send({}).expect(200);
    expect(approved.body.status).toBe('approved');
    const created = await t.http().get(`/enterprises/${approved.body.enterpriseId}`).set('authorization', officer).expect(200);
    expect(created.body.name).toBe('金华市婺城区恒达机械配件有限公司');

    const log = await t.http().get(`/audit-log?entityType=registration&entityId=${applicant.id}`).set('authorization', officer).expect(200);
    const steps = (log.body as Array<{ action: string; actorRole: string; reason: string | null; data: Record<string, unknown> | null }>)
      .map((e) => [e.action, e.actorRole, e.reason])
      .reverse();
    expect(steps).toEqual([
      ['submit', 'applicant', null],
      ['attach-documents', 'applicant', null],
      ['reject', 'county_officer', '企业名称与营业执照不一致'],
      ['resubmit', 'applicant', null],
      ['approve', 'county_officer', null],
    ]);
    const resubmit = (log.body as Array<{ action: string; data: Record<string, unknown> }>).find((e) => e.action === 'resubmit');
    expect(resubmit?.data).toEqual({ submission: 2, changed: ['name', 'contactPhone'] });
  });

  it('lists in scope with filters and totals: the officer its region’s enterprises, the city admin everything', async () => {
    const q = `检索${randomUUID().slice(0, 6)}`;
    const here = await signUp(t, 'enterprise', { name: `${q}婺城企业` });
    const there = await signUp(t, 'enterprise', { name: `${q}金东企业`, regionCode: '330703' });
    const provider = await signUp(t, 'provider', { name: `${q}检测机构` });

    const byOfficer = await t
      .http()
      .get(`/registrations?q=${encodeURIComponent(q)}`)
      .set('authorization', officer)
      .expect(200);
    expect(byOfficer.body.items.map((r: { id: string }) => r.id)).toEqual([here.id]);
    expect(byOfficer.body.total).toBe(1);

    const byAdmin = await t
      .http()
      .get(`/registrations?q=${encodeURIComponent(q)}&limit=2`)
      .set('authorization', t.adminToken)
      .expect(200);
    expect(byAdmin.body.total).toBe(3);
    expect(byAdmin.body.items).toHaveLength(2);
    const page2 = await t
      .http()
      .get(`/registrations?q=${encodeURIComponent(q)}&limit=2&offset=2`)
      .set('authorization', t.adminToken)
      .expect(200);
    expect(page2.body.items).toHaveLength(1);
    const pastEnd = await t
      .http()
      .get(`/registrations?q=${encodeURIComponent(q)}&offset=10`)
      .set('authorization', t.adminToken)
      .expect(200);
    expect(pastEnd.body).toEqual({ items: [], total: 3 });
    const providers = await t
      .http()
      .get(`/registrations?q=${encodeURIComponent(q)}&kind=provider`)
      .set('authorization', t.adminToken)
      .expect(200);
    expect(providers.body.items.map((r: { id: string }) => r.id)).toEqual([provider.id]);
    // Its bank account is masked for the city admin, in full for auditors.
    expect(providers.body.items[0].provider.bankAccount.accountNo).toBe('1208 **** **** 4321');
    const auditor = await createUser(t, 'auditor');
    const audited = await t.http().get(`/registrations/${provider.id}`).set('authorization', auditor.token).expect(200);
    expect(audited.body.provider.bankAccount.accountNo).toBe('1208010009200654321');

    const byUscc = await t
      .http()
      .get(`/registrations?q=${there.uscc.slice(4, 16).toLowerCase()}`)
      .set('authorization', t.adminToken)
      .expect(200);
    expect(byUscc.body.items.map((r: { id: string }) => r.id)).toEqual([there.id]);
  });

  it('the notice job activates each due provider once, also when two runs meet', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const applicant = await signUp(t, 'provider');
      await attachLicence(t, applicant);
      const approved = await t
        .http()
        .post(`/registrations/${applicant.id}/approve`)
        .set('authorization', t.adminToken)
        .send({})
        .expect(200);
      ids.push(approved.body.providerId as string);
    }
    // One is suspended during its notice: the end of the notice does not activate it.
    await t
      .http()
      .post(`/providers/${ids[2]}/status`)
      .set('authorization', t.adminToken)
      .send({ status: 'suspended', reason: '公示期间收到实名举报' })
      .expect(200);
    t.clock.advanceDays(30); // late: the worker was down
    const runs = (await Promise.all([t.runJob('providers.end-notice'), t.runJob('providers.end-notice')])) as Array<{ activated: number }>;
    expect(runs[0].activated + runs[1].activated).toBe(2);
    const statuses = await Promise.all(
      ids.map(async (id) => (await t.http().get(`/providers/${id}`).set('authorization', t.adminToken)).body.status),
    );
    expect(statuses).toEqual(['active', 'active', 'suspended']);
    t.clock.set('2026-03-10T10:00:00+08:00');
  });
});
