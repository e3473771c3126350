import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/**
 * GET /claims/:id answers its payment state per funding region (issue 16): a co-funded claim is paid
 * by each fund's region in its own batch, and the provider sees each part; and the provider's
 * redemptions name the enterprise served. Scope attacks: another provider's claim (404), a role that
 * never reads claims (403), no token (401).
 */
describe('a claim paid in parts by its funding regions', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-10T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
  });
  afterAll(() => w.finish());

  it('shows pending, in batch, returned and paid per region, to the provider and the bureaus', async () => {
    const city = await w.fund('330700', 50_000_000);
    const wucheng = await w.fund('330702', 50_000_000);
    const program = await w.program({
      funding: [
        { fundId: city, shareBp: 3000 },
        { fundId: wucheng, shareBp: 7000 },
      ],
      ratioBp: 10000,
    });
    const sme = await w.enterprise({ regionCode: '330702', name: '婺城精密机械有限公司' });
    const provider = await w.provider({ regionCode: '330702' });
    const other = await w.provider({ regionCode: '330702' });
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    const claimId = await w.approvedClaim(sme.token, provider.token, voucher.code, 100_000);

    const read = async (token: string) => (await t.http().get(`/claims/${claimId}`).set('authorization', token).expect(200)).body;
    const byRegion = (body: { payments: Array<{ regionCode: string }> }) =>
      Object.fromEntries(body.payments.map((p) => [p.regionCode, p])) as Record<string, Record<string, unknown>>;

    let mine = byRegion(await read(provider.token));
    expect(mine['330700']).toMatchObject({ regionName: expect.any(String), amount: 30_000, status: 'pending' });
    expect(mine['330702']).toMatchObject({ amount: 70_000, status: 'pending' });
    expect(mine['330702'].batchId).toBeUndefined();

    // The county settles first: its part is in a batch, the city's still pending.
    t.clock.set('2026-04-01T09:00:00+08:00');
    const [countyBatch] = await w.settle('330702', '2026-03');
    mine = byRegion(await read(provider.token));
    expect(mine['330702']).toMatchObject({ status: 'in_batch', batchId: countyBatch });
    expect(mine['330700']).toMatchObject({ status: 'pending' });

    // The county returns the line (a closed account): returned, until a later run takes it again.
    const countyFinance = await w.financeOf('330702');
    await t.http().post(`/settlements/${countyBatch}/approve`).set('authorization', countyFinance).expect(200);
    await t
      .http()
      .post(`/settlements/${countyBatch}/lines/${provider.id}/return`)
      .set('authorization', countyFinance)
      .send({ reason: '账户已销户' })
      .expect(200);
    expect(byRegion(await read(provider.token))['330702']).toMatchObject({ status: 'returned', batchId: countyBatch });

    // The city settles and pays its part.
    const [cityBatch] = await w.settle('330700', '2026-03');
    const cityFinance = await w.financeOf('330700');
    await t.http().post(`/settlements/${cityBatch}/approve`).set('authorization', cityFinance).expect(200);
    await t
      .http()
      .post(`/settlements/${cityBatch}/pay`)
      .set('authorization', cityFinance)
      .send({ paymentReference: 'ICBC-0402' })
      .expect(200);
    const officerView = byRegion(await read(await w.officerOf('330702')));
    expect(officerView['330700']).toMatchObject({ amount: 30_000, status: 'paid', batchId: cityBatch, paidAt: expect.any(String) });
    expect(officerView['330702']).toMatchObject({ status: 'returned' });
    // The list stays light: no payments there.
    const list = await t.http().get('/claims').set('authorization', provider.token).expect(200);
    expect(list.body[0].payments).toBeUndefined();

    // The provider's redemptions name the enterprise it served.
    const redemptions = await t.http().get('/redemptions').set('authorization', provider.token).expect(200);
    expect(redemptions.body[0]).toMatchObject({ enterpriseName: '婺城精密机械有限公司' });

    // Attacks: another provider's claim, a role that never reads claims, no or a forged token.
    await t.http().get(`/claims/${claimId}`).set('authorization', other.token).expect(404);
    await t.http().get(`/claims/${claimId}`).set('authorization', sme.token).expect(403);
    await t.http().get(`/claims/${claimId}`).expect(401);
    await t.http().get(`/claims/${claimId}`).set('authorization', 'Bearer forged.token.value').expect(401);
  });
});
