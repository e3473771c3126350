import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Body } from './support/bodies.js';
import { pdf, upload } from './support/documents.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

// Orders (服务订单) and ratings: an enterprise orders a published service with its voucher, the
// provider accepts (agreed amount, contract) or declines, the order is redeemed by a redemption naming
// it, the enterprise confirms and rates. Every refusal of docs/api.md "Directory, services, orders, ratings".

interface Party {
  id: string;
  token: string;
  uscc: string;
}

describe('orders and ratings', () => {
  let t: TestApp;
  let w: World;
  let countyFund: string;
  let program: Body;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    countyFund = await w.fund('330702', 10_000_000_000);
    program = await w.program({ funding: [{ fundId: countyFund, shareBp: 10_000 }] });
    auditor = (await createUser(t, 'auditor')).token;
  });
  afterAll(async () => {
    await (t as TestApp | undefined)?.close(); // unset when beforeAll failed
  });

  /** A service product `provider` publishes through `POST /services`. */
  async function service(provider: Party, category = 'DESIGN', name = '外观与结构工业设计'): Promise<string> {
    const body = { name, category, description: '小家电外观设计，含三轮修改', priceFrom: 500_000, priceTo: 2_000_000, unit: '项' };
    const response = await t.http().post('/services').set('authorization', provider.token).send(body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function withdraw(provider: Party, serviceId: string): Promise<void> {
    await t.http().post(`/services/${serviceId}/withdraw`).set('authorization', provider.token).send({}).expect(200);
  }

  interface World2 {
    sme: Party;
    provider: Party;
    serviceId: string;
    code: string;
  }

  /** An enterprise with a voucher of 1 000 000 fen and a provider with a published DESIGN product. */
  async function scenario(options: { provider?: Record<string, unknown>; enterprise?: Record<string, unknown> } = {}): Promise<World2> {
    const sme = await w.enterprise(options.enterprise);
    const provider = await w.provider(options.provider);
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    return { sme, provider, serviceId: await service(provider), code: voucher.code as string };
  }

  function order(token: string, body: Record<string, unknown>) {
    return t
      .http()
      .post('/orders')
      .set('authorization', token)
      .send({ description: '为新款电熨斗做外观设计，需提供三套方案', ...body });
  }

  async function requested(s: World2): Promise<string> {
    const response = await order(s.sme.token, { serviceId: s.serviceId, voucherCode: s.code });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  function act(token: string, id: string, action: 'accept' | 'decline' | 'cancel', body: Record<string, unknown> = {}) {
    return t.http().post(`/orders/${id}/${action}`).set('authorization', token).send(body);
  }

  async function accepted(s: World2, agreedAmount = 400_000): Promise<string> {
    const id = await requested(s);
    await act(s.provider.token, id, 'accept', { agreedAmount }).expect(200);
    return id;
  }

  function getOrder(token: string, id: string) {
    return t.http().get(`/orders/${id}`).set('authorization', token);
  }

  function rate(token: string, id: string, body: Record<string, unknown>) {
    return t.http().post(`/redemptions/${id}/rating`).set('authorization', token).send(body);
  }

  it('order → accept with a contract → redeem naming the order → confirm → rate', async () => {
    const s = await scenario();
    const created = await order(s.sme.token, { serviceId: s.serviceId, voucherCode: s.code.toLowerCase() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'requested',
      serviceId: s.serviceId,
      providerId: s.provider.id,
      enterpriseId: s.sme.id,
      voucherCode: s.code,
      category: 'DESIGN',
      documents: [],
    });
    const id = created.body.id as string;

    // The provider finds it in its queue; another provider does not.
    const queue = await t.http().get('/orders?status=requested').set('authorization', s.provider.token).expect(200);
    expect(queue.body).toEqual({ items: [expect.objectContaining({ id, status: 'requested' })], total: 1 });
    const stranger = await w.provider();
    expect((await t.http().get('/orders').set('authorization', stranger.token).expect(200)).body).toEqual({ items: [], total: 0 });

    const contract = await upload(t, s.provider.token, pdf(`contract ${randomUUID()}`), '技术服务合同.pdf');
    const acceptance = await act(s.provider.token, id, 'accept', { agreedAmount: 400_000, contractDocumentId: contract.id });
    expect(acceptance.status).toBe(200);
    expect(acceptance.body).toMatchObject({ status: 'accepted', agreedAmount: 400_000, contractDocumentId: contract.id });
    expect(acceptance.body.documents).toEqual([expect.objectContaining({ id: contract.id, name: '技术服务合同.pdf' })]);

    // The contract is read by the order's parties and its region's officer, not by others.
    await t.http().get(`/documents/${contract.id}/content`).set('authorization', s.sme.token).expect(200);
    await t
      .http()
      .get(`/documents/${contract.id}`)
      .set('authorization', await w.officerOf('330702'))
      .expect(200);
    const otherSme = await w.enterprise();
    expectProblem(await t.http().get(`/documents/${contract.id}`).set('authorization', otherSme.token), 404, 'NOT_FOUND');
    expectProblem(await t.http().get(`/documents/${contract.id}`).set('authorization', stranger.token), 404, 'NOT_FOUND');

    const redemption = await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 400_000, orderId: id });
    expect(redemption.status).toBe(201);
    expect(redemption.body).toMatchObject({ status: 'pending', orderAmount: 400_000, subsidy: 200_000, enterprisePays: 200_000 });
    const redemptionId = redemption.body.id as string;
    const redeemed = await getOrder(s.sme.token, id).expect(200);
    expect(redeemed.body).toMatchObject({ status: 'redeemed', redemptionId });

    // A second redemption naming the same order: 409.
    expectProblem(await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 400_000, orderId: id }), 409, 'INVALID_STATE');

    // Rating before confirmation: 409 INVALID_STATE.
    expectProblem(await rate(s.sme.token, redemptionId, { stars: 5 }), 409, 'INVALID_STATE');
    await t.http().post(`/redemptions/${redemptionId}/confirm`).set('authorization', s.sme.token).expect(200);

    const rating = await rate(s.sme.token, redemptionId, { stars: 4, comment: '方案出得快，修改也及时，整体满意。' });
    expect(rating.status).toBe(201);
    expect(rating.body.rating).toMatchObject({ stars: 4, comment: '方案出得快，修改也及时，整体满意。' });
    const shown = await t.http().get(`/redemptions/${redemptionId}`).set('authorization', s.provider.token).expect(200);
    expect(shown.body.rating).toMatchObject({ stars: 4, comment: '方案出得快，修改也及时，整体满意。' });
    expect(typeof shown.body.rating.createdAt).toBe('string');

    expectProblem(await rate(s.sme.token, redemptionId, { stars: 1 }), 409, 'DUPLICATE');

    // The provider's rating as the public directory shows it.
    const listed = await t.http().get(`/directory/providers/${s.provider.id}`).expect(200);
    expect(listed.body.rating).toEqual({ mean: 4, count: 1 });

    // The audit log follows the order.
    const log = await t.http().get(`/audit-log?entityType=order&entityId=${id}`).set('authorization', t.adminToken).expect(200);
    const actions = (log.body as Body[]).map((e: Body) => e.action as string);
    expect(actions).toEqual(expect.arrayContaining(['request', 'accept', 'redeem']));
  });

  describe('POST /orders refuses', () => {
    let s: World2;
    beforeAll(async () => {
      s = await scenario();
    });

    it('without a token 401, a role that never orders 403', async () => {
      expectProblem(
        await t.http().post('/orders').send({ serviceId: s.serviceId, voucherCode: s.code, description: 'x' }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(await order(s.provider.token, { serviceId: s.serviceId, voucherCode: s.code }), 403, 'FORBIDDEN');
      expectProblem(await order(auditor, { serviceId: s.serviceId, voucherCode: s.code }), 403, 'FORBIDDEN');
      expectProblem(await order(t.adminToken, { serviceId: s.serviceId, voucherCode: s.code }), 403, 'FORBIDDEN');
    });

    it('another enterprise’s voucher, an unknown or mistyped code alike: 422 VOUCHER_NOT_USABLE', async () => {
      const other = await scenario();
      for (const code of [other.code, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-Z', `${s.code.slice(0, -1)}${s.code.endsWith('0') ? '1' : '0'}`, '']) {
        expectProblem(await order(s.sme.token, { serviceId: s.serviceId, voucherCode: code }), 422, 'VOUCHER_NOT_USABLE');
      }
      const mine = await order(s.sme.token, { serviceId: s.serviceId, voucherCode: other.code });
      const unknown = await order(s.sme.token, { serviceId: s.serviceId, voucherCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-Z' });
      expect(mine.body.detail).toBe(unknown.body.detail);
    });

    it('a revoked voucher: 422 VOUCHER_NOT_USABLE', async () => {
      const r = await scenario();
      await t
        .http()
        .post(`/vouchers/${r.code}/revoke`)
        .set('authorization', await w.officerOf('330702'))
        .send({ reason: '企业申报材料不实' })
        .expect(200);
      expectProblem(await order(r.sme.token, { serviceId: r.serviceId, voucherCode: r.code }), 422, 'VOUCHER_NOT_USABLE');
    });

    it('a category the program does not cover: 422 CATEGORY_NOT_ELIGIBLE', async () => {
      const certifier = await w.provider({ categories: ['CERTIFICATION'] });
      const serviceId = await service(certifier, 'CERTIFICATION', '3C 认证咨询');
      expectProblem(await order(s.sme.token, { serviceId, voucherCode: s.code }), 422, 'CATEGORY_NOT_ELIGIBLE');
    });

    it('testing at a provider without a valid accreditation: 422 CATEGORY_NOT_ELIGIBLE', async () => {
      const lab = await w.provider({ accreditations: [{ type: 'CMA', number: 'CMA-2019-7', validUntil: '2025-12-31' }] });
      const serviceId = await service(lab, 'TESTING', 'EMC 检测');
      expectProblem(await order(s.sme.token, { serviceId, voucherCode: s.code }), 422, 'CATEGORY_NOT_ELIGIBLE');
    });

    it('related parties: 422 RELATED_PARTY', async () => {
      const r = await scenario({ enterprise: { controllerKey: 'ctrl-chen-330702' }, provider: { controllerKey: 'ctrl-chen-330702' } });
      expectProblem(await order(r.sme.token, { serviceId: r.serviceId, voucherCode: r.code }), 422, 'RELATED_PARTY');
    });

    it('an unknown or withdrawn service, or one of a provider not active: 404', async () => {
      expectProblem(await order(s.sme.token, { serviceId: randomUUID(), voucherCode: s.code }), 404, 'NOT_FOUND');
      const other = await w.provider();
      const withdrawn = await service(other);
      await withdraw(other, withdrawn);
      expectProblem(await order(s.sme.token, { serviceId: withdrawn, voucherCode: s.code }), 404, 'NOT_FOUND');
      const suspended = await w.provider();
      const serviceId = await service(suspended);
      await t
        .http()
        .post(`/providers/${suspended.id}/status`)
        .set('authorization', t.adminToken)
        .send({ status: 'suspended', reason: '检测报告造假，暂停服务' })
        .expect(200);
      expectProblem(await order(s.sme.token, { serviceId, voucherCode: s.code }), 404, 'NOT_FOUND');
    });

    it('bad input: 400 problem+json, never 500', async () => {
      const bodies: Array<Record<string, unknown>> = [
        { serviceId: 'not-a-uuid', voucherCode: s.code },
        { serviceId: s.serviceId, voucherCode: s.code, description: '' },
        { serviceId: s.serviceId, voucherCode: s.code, description: 'x'.repeat(2001) },
        { serviceId: s.serviceId, voucherCode: 12, description: 'x' },
        { serviceId: s.serviceId, voucherCode: s.code, description: 'x', price: 1 },
        { serviceId: s.serviceId, voucherCode: s.code, description: 'a\u0000b' },
      ];
      for (const body of bodies) {
        const response = await t
          .http()
          .post('/orders')
          .set('authorization', s.sme.token)
          .send({ description: 'x', ...body });
        expectProblem(response, 400, 'VALIDATION_FAILED');
      }
      expectProblem(
        await t.http().post('/orders').set('authorization', s.sme.token).send({ voucherCode: s.code, description: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('accept, decline, cancel', () => {
    let s: World2;
    beforeAll(async () => {
      s = await scenario();
    });

    it('another provider 404, an enterprise or auditor 403, no token 401', async () => {
      const id = await requested(s);
      const stranger = await w.provider();
      expectProblem(await act(stranger.token, id, 'accept', { agreedAmount: 100_000 }), 404, 'NOT_FOUND');
      expectProblem(await act(stranger.token, id, 'decline', { reason: '不接' }), 404, 'NOT_FOUND');
      expectProblem(await act(s.sme.token, id, 'accept', { agreedAmount: 100_000 }), 403, 'FORBIDDEN');
      expectProblem(await act(auditor, id, 'decline', { reason: '不接' }), 403, 'FORBIDDEN');
      expectProblem(await t.http().post(`/orders/${id}/accept`).send({ agreedAmount: 100_000 }), 401, 'UNAUTHENTICATED');
      expectProblem(await act(s.provider.token, randomUUID(), 'accept', { agreedAmount: 100_000 }), 404, 'NOT_FOUND');
      expectProblem(await act(s.provider.token, 'nope', 'accept', { agreedAmount: 100_000 }), 400, 'VALIDATION_FAILED');

      const otherSme = await w.enterprise();
      expectProblem(await act(otherSme.token, id, 'cancel'), 404, 'NOT_FOUND');
      expectProblem(await act(s.provider.token, id, 'cancel'), 403, 'FORBIDDEN');
      expectProblem(await getOrder(otherSme.token, id), 404, 'NOT_FOUND');
      expectProblem(await getOrder(stranger.token, id), 404, 'NOT_FOUND');
      expectProblem(await getOrder(await w.officerOf('330703'), id), 404, 'NOT_FOUND');
      expectProblem(await getOrder(await w.financeOf('330702'), id), 403, 'FORBIDDEN');
      await getOrder(await w.officerOf('330702'), id).expect(200);
      await getOrder(auditor, id).expect(200);
      expect((await t.http().get('/orders').set('authorization', otherSme.token).expect(200)).body.total).toBe(0);
      // Still requested: nothing above changed it.
      expect((await getOrder(s.sme.token, id).expect(200)).body.status).toBe('requested');
    });

    it('bad amounts and a contract not one’s own: 400', async () => {
      const id = await requested(s);
      for (const agreedAmount of [0, -1, 1.5, '100', null, 10_000_000_000_001]) {
        expectProblem(await act(s.provider.token, id, 'accept', { agreedAmount }), 400, 'VALIDATION_FAILED');
      }
      const notMine = await upload(t, s.sme.token, pdf(`sme ${randomUUID()}`), '合同.pdf');
      expectProblem(
        await act(s.provider.token, id, 'accept', { agreedAmount: 1, contractDocumentId: notMine.id }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await act(s.provider.token, id, 'accept', { agreedAmount: 1, contractDocumentId: randomUUID() }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await act(s.provider.token, id, 'decline', {}), 400, 'VALIDATION_FAILED');
      expect((await getOrder(s.sme.token, id).expect(200)).body.status).toBe('requested');
    });

    it('decline with a reason; then nothing else: 409 INVALID_STATE', async () => {
      const id = await requested(s);
      const declined = await act(s.provider.token, id, 'decline', { reason: '本月设计排期已满，请下月再来' });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ status: 'declined', declineReason: '本月设计排期已满，请下月再来' });
      expectProblem(await act(s.provider.token, id, 'accept', { agreedAmount: 1 }), 409, 'INVALID_STATE');
      expectProblem(await act(s.provider.token, id, 'decline', { reason: '再拒一次' }), 409, 'INVALID_STATE');
      expectProblem(await act(s.sme.token, id, 'cancel'), 409, 'INVALID_STATE');
    });

    it('cancel while requested; not once accepted', async () => {
      const id = await requested(s);
      expect((await act(s.sme.token, id, 'cancel').expect(200)).body.status).toBe('cancelled');
      expectProblem(await act(s.provider.token, id, 'accept', { agreedAmount: 1 }), 409, 'INVALID_STATE');
      const acceptedId = await accepted(s);
      expectProblem(await act(s.sme.token, acceptedId, 'cancel'), 409, 'INVALID_STATE');
      expectProblem(await act(s.provider.token, acceptedId, 'accept', { agreedAmount: 1 }), 409, 'INVALID_STATE');
    });

    it('accept and cancel fired together: exactly one wins', async () => {
      for (let round = 0; round < 6; round++) {
        const id = await requested(s);
        const [acceptance, cancellation] = await Promise.all([
          act(s.provider.token, id, 'accept', { agreedAmount: 300_000 }),
          act(s.sme.token, id, 'cancel'),
        ]);
        const statuses = [acceptance.status, cancellation.status].sort();
        expect(statuses).toEqual([200, 409]);
        const loser = acceptance.status === 409 ? acceptance : cancellation;
        expectProblem(loser, 409, 'INVALID_STATE');
        const final = (await getOrder(s.sme.token, id).expect(200)).body;
        expect(final.status).toBe(acceptance.status === 200 ? 'accepted' : 'cancelled');
      }
    });
  });

  describe('POST /redemptions with orderId', () => {
    let s: World2;
    beforeAll(async () => {
      s = await scenario();
    });

    it('refuses what does not match the order: 400 VALIDATION_FAILED', async () => {
      const id = await accepted(s, 400_000);
      const other = await scenario();
      const base = { voucherCode: s.code, orderAmount: 400_000, orderId: id };
      // the agreed amount, the order's voucher, its category, an accepted order of this provider
      expectProblem(await w.redeem(s.provider.token, { ...base, orderAmount: 400_001 }), 400, 'VALIDATION_FAILED');
      const secondVoucher = await w.voucher(s.sme.token, program, 500_000);
      expectProblem(await w.redeem(s.provider.token, { ...base, voucherCode: secondVoucher.code }), 400, 'VALIDATION_FAILED');
      expectProblem(await w.redeem(s.provider.token, { ...base, category: 'TESTING' }), 400, 'VALIDATION_FAILED');
      expectProblem(await w.redeem(other.provider.token, { ...base, voucherCode: s.code }), 400, 'VALIDATION_FAILED');
      expectProblem(await w.redeem(s.provider.token, { ...base, orderId: randomUUID() }), 400, 'VALIDATION_FAILED');
      expectProblem(await w.redeem(s.provider.token, { ...base, orderId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
      const stillRequested = await requested(s);
      expectProblem(await w.redeem(s.provider.token, { ...base, orderId: stillRequested }), 400, 'VALIDATION_FAILED');
      // Nothing was held by the refusals, and the order waits still.
      const voucher = await t.http().get(`/vouchers/${s.code}`).set('authorization', s.sme.token).expect(200);
      expect(voucher.body).toMatchObject({ balance: 1_000_000, held: 0 });
      expect((await getOrder(s.sme.token, id).expect(200)).body.status).toBe('accepted');
    });

    it('a redemption cancelled before confirmation gives the order back (accepted), to be redeemed again', async () => {
      const id = await accepted(s, 200_000);
      const first = await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 200_000, orderId: id });
      expect(first.status).toBe(201);
      await t.http().post(`/redemptions/${first.body.id}/cancel`).set('authorization', s.sme.token).expect(200);
      const back = (await getOrder(s.provider.token, id).expect(200)).body;
      expect(back.status).toBe('accepted');
      expect(back.redemptionId).toBeUndefined();
      const second = await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 200_000, orderId: id });
      expect(second.status).toBe(201);
      expect((await getOrder(s.provider.token, id).expect(200)).body).toMatchObject({ status: 'redeemed', redemptionId: second.body.id });
    });

    it('a pending redemption of an order lapses with its revoked voucher: the order is accepted again', async () => {
      const r = await scenario();
      const id = await accepted(r, 300_000);
      const held = await w.redeem(r.provider.token, { voucherCode: r.code, orderAmount: 300_000, orderId: id });
      expect(held.status).toBe(201);
      await t
        .http()
        .post(`/vouchers/${r.code}/revoke`)
        .set('authorization', await w.officerOf('330702'))
        .send({ reason: '企业已注销' })
        .expect(200);
      expect((await t.http().get(`/redemptions/${held.body.id}`).set('authorization', r.sme.token).expect(200)).body.status).toBe(
        'cancelled',
      );
      const back = (await getOrder(r.sme.token, id).expect(200)).body;
      expect(back.status).toBe('accepted');
      expect(back.redemptionId).toBeUndefined();
      // Its voucher is gone: redeeming the order again is refused like any unusable voucher.
      expectProblem(
        await w.redeem(r.provider.token, { voucherCode: r.code, orderAmount: 300_000, orderId: id }),
        422,
        'VOUCHER_NOT_USABLE',
      );
    });

    it('two redemptions naming one order at once: one is held, the other 409', async () => {
      const id = await accepted(s, 100_000);
      const [a, b] = await Promise.all([
        w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 100_000, orderId: id }),
        w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 100_000, orderId: id }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
    });

    it('walk-in redemption by code alone still works', async () => {
      const walkIn = await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 10_000 });
      expect(walkIn.status).toBe(201);
    });
  });

  describe('POST /redemptions/:id/rating', () => {
    let s: World2;
    let confirmedId: string;
    beforeAll(async () => {
      s = await scenario();
      const redemption = await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 100_000 });
      expect(redemption.status).toBe(201);
      confirmedId = redemption.body.id as string;
      await t.http().post(`/redemptions/${confirmedId}/confirm`).set('authorization', s.sme.token).expect(200);
    });

    it('its enterprise only: another 404, a provider or auditor 403, no token 401', async () => {
      const otherSme = await w.enterprise();
      expectProblem(await rate(otherSme.token, confirmedId, { stars: 1 }), 404, 'NOT_FOUND');
      expectProblem(await rate(s.provider.token, confirmedId, { stars: 5 }), 403, 'FORBIDDEN');
      expectProblem(await rate(auditor, confirmedId, { stars: 5 }), 403, 'FORBIDDEN');
      expectProblem(await t.http().post(`/redemptions/${confirmedId}/rating`).send({ stars: 5 }), 401, 'UNAUTHENTICATED');
      expectProblem(await rate(s.sme.token, randomUUID(), { stars: 5 }), 404, 'NOT_FOUND');
    });

    it('bad input: 400', async () => {
      for (const body of [
        { stars: 0 },
        { stars: 6 },
        { stars: 2.5 },
        { stars: '5' },
        {},
        { stars: 3, comment: 'x'.repeat(2001) },
        { stars: 3, extra: 1 },
      ]) {
        expectProblem(await rate(s.sme.token, confirmedId, body), 400, 'VALIDATION_FAILED');
      }
    });

    it('a cancelled redemption cannot be rated: 409 INVALID_STATE', async () => {
      const redemption = await w.redeem(s.provider.token, { voucherCode: s.code, orderAmount: 10_000 });
      await t.http().post(`/redemptions/${redemption.body.id}/cancel`).set('authorization', s.provider.token).expect(200);
      expectProblem(await rate(s.sme.token, redemption.body.id as string, { stars: 2 }), 409, 'INVALID_STATE');
    });

    it('two ratings racing: exactly one is kept, the other 409 DUPLICATE', async () => {
      const responses = await Promise.all([1, 2, 3, 4].map((stars) => rate(s.sme.token, confirmedId, { stars })));
      const created = responses.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      for (const r of responses.filter((x) => x.status !== 201)) expectProblem(r, 409, 'DUPLICATE');
      const shown = await t.http().get(`/redemptions/${confirmedId}`).set('authorization', s.sme.token).expect(200);
      expect(shown.body.rating.stars).toBe(created[0].body.rating.stars);
      expect(shown.body.rating.comment).toBeUndefined();
    });
  });
});

describe('orders and the worker', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    w = new World(t);
  });
  afterAll(async () => {
    await (t as TestApp | undefined)?.close();
  });

  it('the expiry job lapses the pending redemption of an order: the order is accepted again', async () => {
    const fund = await w.fund('330702', 100_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10_000 }], validityDays: 10 });
    const sme = await w.enterprise();
    const provider = await w.provider();
    const voucher = await w.voucher(sme.token, program, 500_000);
    const service = await t
      .http()
      .post('/services')
      .set('authorization', provider.token)
      .send({ name: '结构优化设计', category: 'DESIGN', description: '注塑件结构优化', priceFrom: 100_000, unit: '项' })
      .expect(201);
    const order = await t
      .http()
      .post('/orders')
      .set('authorization', sme.token)
      .send({ serviceId: service.body.id, voucherCode: voucher.code, description: '塑料外壳减重设计' })
      .expect(201);
    const id = order.body.id as string;
    await t.http().post(`/orders/${id}/accept`).set('authorization', provider.token).send({ agreedAmount: 200_000 }).expect(200);
    const held = await w.redeem(provider.token, { voucherCode: voucher.code, orderAmount: 200_000, orderId: id });
    expect(held.status).toBe(201);

    t.clock.advanceDays(11);
    expect(await t.runJob('vouchers.expire')).toEqual({ expired: 1 });
    const lapsed = await t.http().get(`/redemptions/${held.body.id}`).set('authorization', sme.token).expect(200);
    expect(lapsed.body.status).toBe('cancelled');
    const back = (await t.http().get(`/orders/${id}`).set('authorization', sme.token).expect(200)).body;
    expect(back.status).toBe('accepted');
    expect(back.redemptionId).toBeUndefined();
    await w.expectLedgerBalanced();
  });
});
