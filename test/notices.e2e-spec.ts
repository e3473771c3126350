import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Body } from './support/bodies.js';
import { attachLicence, signUp } from './support/registrations.js';
import { until } from './support/polling.js';
import { createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/** What the public page must never carry: the objector's and the parties' private details. */
const OBJECTOR = { name: '匿名举报人甲', contact: 'whistle-13912345678' };
const PRIVATE = [OBJECTOR.name, OBJECTOR.contact, '1208010009200654321', '13905791234', '陈晓燕', 'accountNo', 'bankName', 'contactPhone'];

describe('public notice (公示) and objections (异议)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { OUTBOX_POLL_MS: '100', RATE_LIMIT_OBJECTIONS_PER_ADDRESS_PER_MINUTE: '10000' } });
    w = new World(t);
  });
  afterAll(() => w.finish());

  const notices = (query = '') => t.http().get(`/public/notices${query}`);
  const object = (noticeId: string, body: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/public/notices/${noticeId}/objections`)
      .send({ ...OBJECTOR, text: '该机构不具备所称的检测能力', ...body });
  const decide = (token: string, id: string, outcome: 'uphold' | 'dismiss', reason = '经核查属实') =>
    t.http().post(`/objections/${id}/${outcome}`).set('authorization', token).send({ reason });
  const findNotice = async (query: string, id: string): Promise<Body> => {
    const response = await notices(query).expect(200);
    const notice = (response.body as Body[]).find((n) => n.id === id);
    if (!notice) throw new Error(`notice ${id} not listed: ${JSON.stringify(response.body)}`);
    return notice;
  };
  const expectNothingPrivate = (body: unknown) => {
    const text = JSON.stringify(body);
    for (const secret of PRIVATE) expect(text).not.toContain(secret);
  };

  /** A provider signed up, approved by the city admin: on notice for PROVIDER_NOTICE_DAYS (7). */
  async function providerOnNotice(name: string): Promise<string> {
    return (await providerOnNoticeWithUser(name)).providerId;
  }
  /** The same, with a bearer header of its user (the applicant, logged in again after the approval). */
  async function providerOnNoticeWithUser(name: string): Promise<{ providerId: string; token: string }> {
    const applicant = await signUp(t, 'provider', { name });
    await attachLicence(t, applicant);
    const approved = await t.http().post(`/registrations/${applicant.id}/approve`).set('authorization', t.adminToken).send({}).expect(200);
    return { providerId: approved.body.providerId as string, token: await t.login(applicant.username, PASSWORD) };
  }
  const providerStatus = async (id: string) =>
    (await t.http().get(`/providers/${id}`).set('authorization', t.adminToken).expect(200)).body.status as string;

  describe('providers on notice (入驻公示)', () => {
    it('lists a provider on notice without a token and without private fields; an open objection holds its activation until dismissed', async () => {
      t.clock.set('2026-03-10T10:00:00+08:00');
      const providerId = await providerOnNotice('金华市公示检测有限公司');
      const noticeId = `provider-${providerId}`;
      const notice = await findNotice('?kind=provider', noticeId);
      expect(notice).toMatchObject({
        kind: 'provider',
        regionCode: '330702',
        title: '服务机构入驻公示（金华市公示检测有限公司）',
        items: [
          {
            itemRef: providerId,
            name: '金华市公示检测有限公司',
            regionCode: '330702',
            categories: ['TESTING', 'DESIGN'],
            status: 'notice',
          },
        ],
        objections: [],
      });
      expect(notice.items[0].uscc).toHaveLength(18);
      expect(new Date(notice.endsAt).getTime() - new Date(notice.startsAt).getTime()).toBe(7 * 86_400_000);
      expectNothingPrivate(notice);

      const filed = await object(noticeId).expect(201);
      expect(filed.body).toEqual({ id: expect.any(String), status: 'open' });
      const listed = await findNotice('?kind=provider', noticeId);
      expect(listed.objections).toEqual([
        { id: filed.body.id, itemRef: providerId, status: 'open', text: '该机构不具备所称的检测能力', createdAt: expect.any(String) },
      ]);
      expectNothingPrivate(listed);

      // The notice ends, but the open objection holds the activation.
      t.clock.advanceDays(8);
      expect(await t.runJob('providers.end-notice')).toEqual({ activated: 0 });
      expect(await providerStatus(providerId)).toBe('notice');
      expectProblem(await object(noticeId), 409, 'INVALID_STATE');

      // The city admin sees the objector; a county officer does not handle provider objections.
      const mine = await t.http().get('/objections?kind=provider').set('authorization', t.adminToken).expect(200);
      expect(mine.body.items.find((o: Body) => o.id === filed.body.id)).toMatchObject({ ...OBJECTOR, status: 'open', noticeId });
      const officer = await w.officerOf('330702');
      const theirs = await t.http().get('/objections').set('authorization', officer).expect(200);
      expect(theirs.body.items.map((o: Body) => o.id)).not.toContain(filed.body.id);
      expectProblem(await decide(officer, filed.body.id, 'dismiss'), 404, 'NOT_FOUND');

      // Dismissed after the notice ended: active at once, and the outcome is public.
      const dismissed = await decide(t.adminToken, filed.body.id, 'dismiss', '举报内容与事实不符').expect(200);
      expect(dismissed.body).toMatchObject({ status: 'dismissed', outcome: '举报内容与事实不符', decidedAt: expect.any(String) });
      expect(await providerStatus(providerId)).toBe('active');
      const after = await findNotice('?kind=provider', noticeId);
      expect(after.objections).toEqual([
        expect.objectContaining({ id: filed.body.id, status: 'dismissed', outcome: '举报内容与事实不符' }),
      ]);
      expectProblem(await decide(t.adminToken, filed.body.id, 'uphold'), 409, 'INVALID_STATE');
    });

    it('an upheld objection refuses the provider; only the city admin decides it (403 for other roles)', async () => {
      t.clock.set('2026-03-10T10:00:00+08:00');
      const { providerId, token: applicantToken } = await providerOnNoticeWithUser('金华市被举报设计有限公司');
      const noticeId = `provider-${providerId}`;
      const filed = await object(noticeId, { text: '该机构资质证书为伪造' }).expect(201);

      const auditor = (await createUser(t, 'auditor')).token;
      expectProblem(await decide(auditor, filed.body.id, 'uphold'), 403, 'FORBIDDEN');
      const someProvider = await w.provider();
      expectProblem(await decide(someProvider.token, filed.body.id, 'uphold'), 403, 'FORBIDDEN');
      expectProblem(await t.http().get('/objections').set('authorization', someProvider.token), 403, 'FORBIDDEN');

      await decide(t.adminToken, filed.body.id, 'uphold', '资质证书经核验为伪造').expect(200);
      expect(await providerStatus(providerId)).toBe('refused');
      // Its user (the former applicant) is told, once the outbox has delivered.
      const told = await until(
        () => t.http().get('/notifications').set('authorization', applicantToken),
        (r) => (r.body.items as Body[]).some((n) => n.kind === 'provider.refused'),
      );
      expect((told.body.items as Body[]).find((n) => n.kind === 'provider.refused')).toMatchObject({
        title: '入驻公示期间异议成立',
        body: expect.stringContaining('资质证书经核验为伪造'),
      });
      // Refused: never activated, even after its notice.
      t.clock.advanceDays(8);
      await t.runJob('providers.end-notice');
      expect(await providerStatus(providerId)).toBe('refused');
      const notice = await findNotice('?kind=provider', noticeId);
      expect(notice.items[0].status).toBe('refused');
      expect(notice.objections).toEqual([expect.objectContaining({ status: 'upheld', outcome: '资质证书经核验为伪造' })]);
      expectProblem(await object(noticeId), 409, 'INVALID_STATE');
    });
  });

  describe('vouchers issued (创新券发放公示)', () => {
    let program: Body;
    let voucher: Body;
    let other: Body;
    let noticeId: string;
    /** The vouchers' ids, as the notice names them (a voucher's answer carries its code, which the notice never shows). */
    const ids = { voucher: '', other: '' };

    beforeAll(async () => {
      t.clock.set('2026-03-10T10:00:00+08:00');
      const fund = await w.fund('330702', 100_000_000);
      program = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], name: '婺城区科技创新券' });
      const sme = await w.enterprise({ regionCode: '330702', name: '金华市公示精工有限公司' });
      voucher = await w.voucher(sme.token, program, 1_000_000);
      other = await w.voucher((await w.enterprise({ regionCode: '330702' })).token, program, 500_000);
      noticeId = `voucher-${program.id}-2026-03-10`;
      const notice = await findNotice('?kind=voucher', noticeId);
      ids.voucher = notice.items.find((i: Body) => i.faceValue === 1_000_000).itemRef;
      ids.other = notice.items.find((i: Body) => i.faceValue === 500_000).itemRef;
    });

    it('lists the day’s vouchers of a program without their codes', async () => {
      const notice = await findNotice('?kind=voucher&regionCode=330702', noticeId);
      expect(notice).toMatchObject({
        kind: 'voucher',
        regionCode: '330702',
        title: '婺城区创新券发放公示（婺城区科技创新券，2026年3月10日）',
        startsAt: '2026-03-10T00:00:00.000+08:00',
        endsAt: '2026-03-21T00:00:00.000+08:00',
      });
      expect(notice.items).toHaveLength(2);
      expect(notice.items).toContainEqual({
        itemRef: ids.voucher,
        status: 'active',
        programName: '婺城区科技创新券',
        enterpriseName: '金华市公示精工有限公司',
        faceValue: 1_000_000,
      });
      expect(notice.items).toContainEqual(expect.objectContaining({ itemRef: ids.other, status: 'active', faceValue: 500_000 }));
      const text = JSON.stringify(notice);
      expect(text).not.toContain(voucher.code);
      expect(text).not.toContain('enterpriseId');
      // Another region's filter does not show it; the kinds filter too.
      expect(((await notices('?regionCode=330782').expect(200)).body as Body[]).map((n) => n.id)).not.toContain(noticeId);
      expect(((await notices('?kind=payment').expect(200)).body as Body[]).map((n) => n.id)).not.toContain(noticeId);
    });

    it('refuses bad objections: unknown notice 404, missing or foreign itemRef 400, bad input 400', async () => {
      expectProblem(await object(`voucher-${program.id}-2026-03-09`, { itemRef: ids.voucher }), 404, 'NOT_FOUND');
      expectProblem(await object(`voucher-${program.id}-2026-02-30`, { itemRef: ids.voucher }), 404, 'NOT_FOUND');
      expectProblem(await object(`provider-${randomUUID()}`), 404, 'NOT_FOUND');
      expectProblem(await object('nonsense'), 404, 'NOT_FOUND');
      expectProblem(await object(noticeId), 400, 'VALIDATION_FAILED');
      expectProblem(await object(noticeId, { itemRef: randomUUID() }), 400, 'VALIDATION_FAILED');
      expectProblem(await object(noticeId, { itemRef: ids.voucher, name: 'x'.repeat(201) }), 400, 'VALIDATION_FAILED');
      expectProblem(await object(noticeId, { itemRef: ids.voucher, text: 'x'.repeat(2001) }), 400, 'VALIDATION_FAILED');
      expectProblem(await object(noticeId, { itemRef: ids.voucher, text: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
      expectProblem(await object(noticeId, { itemRef: ids.voucher, contact: '' }), 400, 'VALIDATION_FAILED');
      expectProblem(await object(noticeId, { itemRef: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
      expectProblem(await notices('?kind=other'), 400, 'VALIDATION_FAILED');
      expectProblem(await notices('?limit=101'), 400, 'VALIDATION_FAILED');
      // Nothing was written by the refusals.
      expect((await findNotice('?kind=voucher', noticeId)).objections).toEqual([]);
    });

    it('upholding revokes the voucher (one of two racing decisions wins); dismissing leaves it; attackers get 401/403/404', async () => {
      const first = await object(noticeId, { itemRef: ids.voucher, text: '该企业不符合申领条件' }).expect(201);
      const second = await object(noticeId, { itemRef: ids.other, text: '重复申领' }).expect(201);
      const officer = await w.officerOf('330702');

      expectProblem(await decide(await w.officerOf('330782'), first.body.id, 'uphold'), 404, 'NOT_FOUND');
      expectProblem(await decide(await w.financeOf('330702'), first.body.id, 'uphold'), 404, 'NOT_FOUND');
      const sme = await w.enterprise();
      expectProblem(await decide(sme.token, first.body.id, 'uphold'), 403, 'FORBIDDEN');
      expectProblem(await t.http().post(`/objections/${first.body.id}/uphold`).send({ reason: 'x' }), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http().get('/objections'), 401, 'UNAUTHENTICATED');
      const forged = officer.slice(0, -4) + 'AAAA';
      expectProblem(await t.http().get('/objections').set('authorization', forged), 401, 'UNAUTHENTICATED');
      expectProblem(await decide(officer, first.body.id, 'uphold', ''), 400, 'VALIDATION_FAILED');
      expectProblem(await decide(officer, randomUUID(), 'uphold'), 404, 'NOT_FOUND');

      // The officer of the issuing region sees both, with the objectors.
      const queue = await t.http().get('/objections?status=open').set('authorization', officer).expect(200);
      expect(queue.body.items.map((o: Body) => o.id).sort()).toEqual([first.body.id, second.body.id].sort());
      expect(queue.body.total).toBe(2);
      expect(queue.body.items[0]).toMatchObject(OBJECTOR);

      const [a, b] = await Promise.all([
        decide(officer, first.body.id, 'uphold', '经核查属实'),
        decide(officer, first.body.id, 'uphold', '经核查属实'),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      await decide(officer, second.body.id, 'dismiss', '不属于重复申领').expect(200);

      const revoked = await t.http().get(`/vouchers/${voucher.code}`).set('authorization', officer).expect(200);
      expect(revoked.body.status).toBe('revoked');
      const kept = await t.http().get(`/vouchers/${other.code}`).set('authorization', officer).expect(200);
      expect(kept.body.status).toBe('active');

      const notice = await findNotice('?kind=voucher', noticeId);
      const statusOf = (items: Body[], ref: string) => items.find((i) => i.itemRef === ref)?.status as string;
      expect([statusOf(notice.items, ids.voucher), statusOf(notice.items, ids.other)]).toEqual(['revoked', 'active']);
      expect(notice.objections).toHaveLength(2);
      expect(notice.objections).toContainEqual(expect.objectContaining({ id: first.body.id, status: 'upheld', outcome: '经核查属实' }));
      expect(notice.objections).toContainEqual(
        expect.objectContaining({ id: second.body.id, status: 'dismissed', outcome: '不属于重复申领' }),
      );
      expectNothingPrivate(notice);

      // After VOUCHER_NOTICE_DAYS (10) after the issue day, still listed, no more objections.
      t.clock.set('2026-03-21T00:00:00+08:00');
      expectProblem(await object(noticeId, { itemRef: ids.other }), 409, 'INVALID_STATE');
      expect((await findNotice('?kind=voucher', noticeId)).objections).toHaveLength(2);
    });
  });

  describe('batches before payment (兑付公示)', () => {
    it("the region's finance sets its payment notice days; others may not", async () => {
      const finance = await w.financeOf('330702');
      expectProblem(
        await t
          .http()
          .patch('/regions/330702')
          .set('authorization', await w.officerOf('330702'))
          .send({ paymentNoticeDays: 5 }),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await t
          .http()
          .patch('/regions/330702')
          .set('authorization', await w.financeOf('330782'))
          .send({ paymentNoticeDays: 5 }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.http().patch('/regions/330702').set('authorization', finance).send({ paymentNoticeDays: -1 }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await t.http().patch('/regions/999999').set('authorization', t.adminToken).send({ paymentNoticeDays: 1 }),
        404,
        'NOT_FOUND',
      );
      const set = await t.http().patch('/regions/330702').set('authorization', finance).send({ paymentNoticeDays: 5 }).expect(200);
      expect(set.body).toMatchObject({ code: '330702', paymentNoticeDays: 5 });
      const regions = await t.http().get('/regions').set('authorization', finance).expect(200);
      expect(regions.body.find((r: Body) => r.code === '330782').paymentNoticeDays).toBe(0);
    });

    it('a batch is on notice after approval: no payment while it runs or while an objection holds a line; upheld returns the line', async () => {
      t.clock.set('2026-03-10T10:00:00+08:00');
      const fund = await w.fund('330702', 100_000_000);
      const program = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000 });
      const sme = await w.enterprise({ regionCode: '330702' });
      const voucher = await w.voucher(sme.token, program, 1_000_000);
      const objected = await w.provider({ regionCode: '330702', name: '金华市被异议服务有限公司' });
      const cleared = await w.provider({ regionCode: '330702', name: '金华市清白服务有限公司' });
      await w.approvedClaim(sme.token, objected.token, voucher.code, 100_000);
      await w.approvedClaim(sme.token, cleared.token, voucher.code, 200_000);
      t.clock.set('2026-04-01T09:00:00+08:00');
      const [batchId] = await w.settle('330702', '2026-03');
      const finance = await w.financeOf('330702');
      const noticeId = `payment-${batchId}`;

      // A draft batch is not on notice yet.
      expect(((await notices('?kind=payment').expect(200)).body as Body[]).map((n) => n.id)).not.toContain(noticeId);
      await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).expect(200);
      const notice = await findNotice('?kind=payment&regionCode=330702', noticeId);
      expect(notice).toMatchObject({
        kind: 'payment',
        title: '婺城区创新券兑付公示（2026-03 第1批）',
        startsAt: '2026-04-01T09:00:00.000+08:00',
        endsAt: '2026-04-06T09:00:00.000+08:00',
      });
      expect(notice.items).toHaveLength(2);
      expect(notice.items).toContainEqual({
        itemRef: objected.id,
        providerName: '金华市被异议服务有限公司',
        amount: 100_000,
        status: 'pending',
      });
      expect(notice.items).toContainEqual({
        itemRef: cleared.id,
        providerName: '金华市清白服务有限公司',
        amount: 200_000,
        status: 'pending',
      });
      expectNothingPrivate(notice);
      expect(JSON.stringify(notice)).not.toMatch(/account/i);

      const pay = () =>
        t.http().post(`/settlements/${batchId}/pay`).set('authorization', finance).send({ paymentReference: 'ICBC-20260406-0001' });
      expectProblem(await pay(), 409, 'INVALID_STATE');
      expectProblem(await object(noticeId), 400, 'VALIDATION_FAILED');
      const upheld = await object(noticeId, { itemRef: objected.id, text: '该机构服务未实际履行' }).expect(201);
      const dismissed = await object(noticeId, { itemRef: cleared.id, text: '金额有误' }).expect(201);

      t.clock.set('2026-04-06T09:00:00+08:00');
      expectProblem(await object(noticeId, { itemRef: cleared.id }), 409, 'INVALID_STATE');
      expectProblem(await pay(), 409, 'INVALID_STATE'); // held by the open objections

      expectProblem(await decide(t.adminToken, upheld.body.id, 'uphold'), 403, 'FORBIDDEN');
      expectProblem(await decide(await w.financeOf('330782'), upheld.body.id, 'uphold'), 404, 'NOT_FOUND');
      expectProblem(await decide(await w.officerOf('330702'), upheld.body.id, 'uphold'), 404, 'NOT_FOUND');
      await decide(finance, upheld.body.id, 'uphold', '服务未履行，退回').expect(200);
      expectProblem(await pay(), 409, 'INVALID_STATE'); // the other one still holds it
      await decide(finance, dismissed.body.id, 'dismiss', '金额核对无误').expect(200);

      const paid = await pay().expect(200);
      expect(paid.body.lines.map((l: Body) => [l.providerId, l.status]).sort()).toEqual(
        [
          [objected.id, 'returned'],
          [cleared.id, 'paid'],
        ].sort(),
      );
      expect(paid.body.total).toBe(200_000);
      const after = await findNotice('?kind=payment', noticeId);
      expect(Object.fromEntries(after.items.map((i: Body) => [i.itemRef, i.status]))).toEqual({
        [objected.id]: 'returned',
        [cleared.id]: 'paid',
      });
      expect(after.objections.map((o: Body) => [o.status, o.outcome]).sort()).toEqual(
        [
          ['upheld', '服务未履行，退回'],
          ['dismissed', '金额核对无误'],
        ].sort(),
      );
      // The returned money is payable again (the next batch takes it).
      expect((await w.fundBalances(fund)).payable).toBe(100_000);
    });

    it('a region without payment notice days pays at once and lists no payment notice', async () => {
      t.clock.set('2026-03-10T10:00:00+08:00');
      const fund = await w.fund('330782', 10_000_000);
      const program = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000, issuerRegionCode: '330782' });
      const sme = await w.enterprise({ regionCode: '330782' });
      const voucher = await w.voucher(sme.token, program, 100_000);
      const provider = await w.provider({ regionCode: '330782' });
      await w.approvedClaim(sme.token, provider.token, voucher.code, 50_000, '330782');
      t.clock.set('2026-04-01T09:00:00+08:00');
      const [batchId] = await w.settle('330782', '2026-03');
      const finance = await w.financeOf('330782');
      await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).expect(200);
      expect(((await notices('?kind=payment').expect(200)).body as Body[]).map((n) => n.id)).not.toContain(`payment-${batchId}`);
      expectProblem(await object(`payment-${batchId}`, { itemRef: provider.id }), 404, 'NOT_FOUND');
      await t.http().post(`/settlements/${batchId}/pay`).set('authorization', finance).send({ paymentReference: 'ICBC-1' }).expect(200);
    });
  });

  it('pages newest first with X-Total-Count', async () => {
    const all = await notices('?limit=100').expect(200);
    const total = Number(all.headers['x-total-count']);
    expect(total).toBe(all.body.length);
    expect(total).toBeGreaterThanOrEqual(5);
    const starts = (all.body as Body[]).map((n) => n.startsAt as string);
    expect([...starts].sort((a, b) => Date.parse(b) - Date.parse(a))).toEqual(starts);
    const page = await notices('?limit=2&offset=1').expect(200);
    expect(page.headers['x-total-count']).toBe(String(total));
    expect((page.body as Body[]).map((n) => n.id)).toEqual((all.body as Body[]).slice(1, 3).map((n) => n.id));
  });
});

describe('objections are limited per address', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_OBJECTIONS_PER_ADDRESS_PER_MINUTE', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_OBJECTIONS_PER_ADDRESS_PER_MINUTE: '2' } });
    try {
      const body = { name: '甲', contact: '1', text: '异议', itemRef: randomUUID() };
      const file = () => t.http().post(`/public/notices/provider-${randomUUID()}/objections`).send(body);
      expectProblem(await file(), 404, 'NOT_FOUND');
      expectProblem(await file(), 404, 'NOT_FOUND');
      const refused = await file();
      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Reading the notices is not an objection: still answered.
      await t.http().get('/public/notices').expect(200);
    } finally {
      await t.close();
    }
  });
});
