import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';

describe("a provider's view of a voucher by code", () => {
  let t: TestApp;
  let world: World;
  let code: string;
  let enterpriseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = new World(t);
    const county = await world.fund('330702', 10_000_000);
    const program = await world.program({ funding: [{ fundId: county, shareBp: 10_000 }] });
    const enterprise = await world.enterprise();
    enterpriseId = enterprise.id;
    code = (await world.voucher(enterprise.token, program, 500_000)).code;
  });
  afterAll(() => world.finish());

  it('answers an active provider what a redemption needs, and nothing about the holder or the funds', async () => {
    const provider = await world.provider();
    const answer = await t.http().get(`/vouchers/${code}`).set('authorization', provider.token).expect(200);
    expect(Object.keys(answer.body).sort()).toEqual(['balance', 'code', 'programId', 'status', 'validUntil']);
    expect(answer.body).toMatchObject({ code, balance: 500_000, status: 'active' });
    expect(JSON.stringify(answer.body)).not.toContain(enterpriseId);
    // The bureaus still see the whole voucher.
    const full = await t.http().get(`/vouchers/${code}`).set('authorization', t.adminToken).expect(200);
    expect(full.body).toMatchObject({ code, enterpriseId, faceValue: 500_000 });
  });

  it('answers 404 to a provider that is not active, as if the code did not exist', async () => {
    for (const status of ['suspended', 'blacklisted']) {
      const provider = await world.provider();
      await t.http().get(`/vouchers/${code}`).set('authorization', provider.token).expect(200);
      await t
        .http()
        .post(`/providers/${provider.id}/status`)
        .set('authorization', t.adminToken)
        .send({ status, reason: '资质核查' })
        .expect(200);
      expectProblem(await t.http().get(`/vouchers/${code}`).set('authorization', provider.token), 404, 'NOT_FOUND');
    }
  });
});
