import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Body } from './support/bodies.js';
import { pdf, upload } from './support/documents.js';
import { parseCsv } from './support/files.js';
import { until } from './support/polling.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

const CLASSES = ['available', 'vouchers', 'held', 'payable', 'inSettlement', 'paid', 'recoverable'] as const;

/** Every class of a reconciliation adds up: opening + Σ movements = closing (an oracle independent of the server's own flag). */
function expectAddsUp(rec: Body): void {
  for (const cls of CLASSES) {
    const c = rec.classes[cls];
    expect(c).toBeDefined();
    const moved = Object.values(c.movements as Record<string, number>).reduce((a, b) => a + b, 0);
    expect({ cls, closing: (c.opening as number) + moved }).toEqual({ cls, closing: c.closing });
  }
  expect(rec.balanced).toBe(true);
}

describe('clawback (追回) and recovery', () => {
  let t: TestApp;
  let w: World;
  let city: string;
  let wucheng: string;
  let program: Body;
  let sme: { id: string; token: string };
  let lab: { id: string; token: string };
  let other: { id: string; token: string };
  let auditor: string;
  /** Paid in March: a (the main path), b (the race); d confirmed and never claimed. */
  let a: Body;
  let b: Body;
  let d: Body;
  let clawback: Body;
  let marchBefore: { wucheng: Body; city: Body; csv: string };

  const today = () => t.clock.now().toISOString().slice(0, 10);

  const claim = (provider: { token: string }, redemptions: Body[]) =>
    w.invoiceFile(provider.token).then((file) =>
      t
        .http()
        .post('/claims')
        .set('authorization', provider.token)
        .set('idempotency-key', randomUUID())
        .send({
          redemptionIds: redemptions.map((r) => r.id),
          invoice: {
            number: `INV-${randomUUID().slice(0, 8)}`,
            date: today(),
            amount: redemptions.reduce((s: number, r) => s + (r.subsidy as number), 0),
          },
          documentIds: [file],
        }),
    );

  const confirmed = async (provider: { token: string }, voucherCode: string, orderAmount: number): Promise<Body> => {
    const r = await w.redeem(provider.token, { voucherCode, orderAmount }).expect(201);
    await t.http().post(`/redemptions/${r.body.id}/confirm`).set('authorization', sme.token).expect(200);
    return r.body;
  };

  const payRegion = async (regionCode: string, reference: string) => {
    const finance = await w.financeOf(regionCode);
    const [batchId] = await w.settle(regionCode, '2026-03');
    await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).expect(200);
    await t.http().post(`/settlements/${batchId}/pay`).set('authorization', finance).send({ paymentReference: reference }).expect(200);
  };

  const reconciliation = async (regionCode: string, period: string): Promise<Body> =>
    (await t.http().get(`/reconciliation/${regionCode}/${period}`).set('authorization', auditor).expect(200)).body;

  const clawBack = (redemptionId: string, token: string, body: Record<string, unknown> = { reason: '审计抽查：检测报告不实，追回补贴' }) =>
    t.http().post(`/redemptions/${redemptionId}/clawback`).set('authorization', token).send(body);

  const recover = (clawbackId: string, token: string, paymentReference = `BOC-${randomUUID().slice(0, 6)}`) =>
    t.http().post(`/clawbacks/${clawbackId}/recover`).set('authorization', token).send({ paymentReference });

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-10T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    auditor = (await createUser(t, 'auditor')).token;
    city = await w.fund('330700', 50_000_000);
    wucheng = await w.fund('330702', 50_000_000);
    program = await w.program({
      funding: [
        { fundId: city, shareBp: 3000 },
        { fundId: wucheng, shareBp: 7000 },
      ],
      ratioBp: 10000,
    });
    sme = await w.enterprise({ regionCode: '330702' });
    lab = await w.provider({ regionCode: '330702' });
    other = await w.provider({ regionCode: '330782' });
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    a = await confirmed(lab, voucher.code, 100_001);
    b = await confirmed(lab, voucher.code, 200_000);
    d = await confirmed(lab, voucher.code, 10_000);
    const c = await claim(lab, [a, b]);
    expect(c.status).toBe(201);
    await t
      .http()
      .post(`/claims/${c.body.id}/approve`)
      .set('authorization', await w.officerOf('330702'))
      .expect(200);
    await payRegion('330702', 'ICBC-0331');
    await payRegion('330700', 'CCB-0331');

    // April: March is closed before anything is clawed back.
    t.clock.set('2026-04-02T10:00:00+08:00');
    await t.runJob('reconciliation.close-months');
    marchBefore = {
      wucheng: await reconciliation('330702', '2026-03'),
      city: await reconciliation('330700', '2026-03'),
      csv: (await t.http().get('/reconciliation/330702/2026-03.csv').set('authorization', auditor).expect(200)).text,
    };
  });
  afterAll(() => w.finish());

  it('refuses a clawback to everyone but auditors and the city admin, before it looks at the redemption', async () => {
    const finance = await w.financeOf('330702');
    const officer = await w.officerOf('330702');
    for (const token of [lab.token, sme.token, finance, officer]) expectProblem(await clawBack(a.id, token), 403, 'FORBIDDEN');
    expectProblem(await t.http().post(`/redemptions/${a.id}/clawback`).send({ reason: 'x' }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.http().post(`/redemptions/${a.id}/clawback`).set('authorization', 'Bearer forged.token.here').send({ reason: 'x' }),
      401,
      'UNAUTHENTICATED',
    );
    expect((await t.http().get('/clawbacks').set('authorization', auditor).expect(200)).body).toEqual({ items: [], total: 0 });
  });

  it('refuses bad input with 400, an unknown redemption with 404 and one not paid with 409, writing nothing', async () => {
    expectProblem(await clawBack(a.id, auditor, {}), 400, 'VALIDATION_FAILED');
    expectProblem(await clawBack(a.id, auditor, { reason: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await clawBack(a.id, auditor, { reason: 'x', amount: 5 }), 400, 'VALIDATION_FAILED');
    expectProblem(await clawBack(a.id, auditor, { reason: 'x'.repeat(2001) }), 400, 'VALIDATION_FAILED');
    expectProblem(await clawBack(a.id, auditor, { reason: 'x', documentIds: ['not-a-uuid'] }), 400, 'VALIDATION_FAILED');
    // A document the auditor did not upload is refused like an unknown one.
    const theirs = await upload(t, lab.token, pdf('not the auditor'), '报告.pdf');
    expectProblem(await clawBack(a.id, auditor, { reason: 'x', documentIds: [theirs.id] }), 400, 'VALIDATION_FAILED');
    expectProblem(await clawBack('not-a-uuid', auditor), 400, 'VALIDATION_FAILED');
    expectProblem(await clawBack(randomUUID(), auditor), 404, 'NOT_FOUND');
    expectProblem(await clawBack(d.id, auditor), 409, 'INVALID_STATE');
    expect((await t.http().get('/clawbacks').set('authorization', t.adminToken).expect(200)).body.total).toBe(0);
    expect(await w.fundBalances(wucheng)).toMatchObject({ recoverable: 0 });
  });

  it('claws back a paid co-funded redemption: one part per fund, paid → recoverable, now; the ledger balances', async () => {
    const before = { city: await w.fundBalances(city), wucheng: await w.fundBalances(wucheng) };
    const finding = await upload(t, auditor, pdf('audit finding'), '审计意见书.pdf');
    const response = await clawBack(a.id, auditor, { reason: '审计抽查：检测报告不实，追回补贴', documentIds: [finding.id] });
    expect(response.status).toBe(201);
    clawback = response.body;
    const share = Object.fromEntries((a.parts as Array<{ fundId: string; amount: number }>).map((p) => [p.fundId, p.amount]));
    expect(share[city] + share[wucheng]).toBe(100_001);
    expect(clawback).toMatchObject({ redemptionId: a.id, providerId: lab.id, amount: 100_001, status: 'recoverable' });
    expect(
      (clawback.parts as Body[]).map((p) => ({ fundId: p.fundId, amount: p.amount, status: p.status })).sort((x, y) => x.amount - y.amount),
    ).toEqual(
      [
        { fundId: city, amount: share[city], status: 'recoverable' },
        { fundId: wucheng, amount: share[wucheng], status: 'recoverable' },
      ].sort((x, y) => x.amount - y.amount),
    );
    expect(clawback.documents).toEqual([expect.objectContaining({ id: finding.id })]);

    const after = { city: await w.fundBalances(city), wucheng: await w.fundBalances(wucheng) };
    for (const [name, fundId] of [
      ['city', city],
      ['wucheng', wucheng],
    ] as const) {
      expect(after[name].paid).toBe(before[name].paid - share[fundId]);
      expect(after[name].recoverable).toBe(share[fundId]);
      expect(after[name].available).toBe(before[name].available);
    }
    await w.expectLedgerBalanced();

    // Twice: 409, nothing more moves.
    expectProblem(await clawBack(a.id, t.adminToken), 409, 'INVALID_STATE');
    expect(await w.fundBalances(wucheng)).toEqual(after.wucheng);

    const log = await t.http().get(`/audit-log?entityType=clawback&entityId=${clawback.id}`).set('authorization', t.adminToken).expect(200);
    expect(log.body).toEqual([expect.objectContaining({ action: 'claw-back', toState: 'recoverable' })]);

    // The provider is told, in Chinese, with the amount and the reason, linking to the clawback.
    const inbox = await until(
      async () => (await t.http().get('/notifications').set('authorization', lab.token).expect(200)).body as { items: Body[] },
      (page) => page.items.some((n) => n.kind === 'clawback.created'),
    );
    expect(inbox.items.find((n) => n.kind === 'clawback.created')).toMatchObject({
      title: '创新券补贴追回通知',
      body: expect.stringContaining('1,000.01'),
      link: `#/clawbacks/${clawback.id}`,
    });
  });

  it('leaves the closed month untouched and books the clawback in the current one', async () => {
    expect(await reconciliation('330702', '2026-03')).toEqual(marchBefore.wucheng);
    expect(await reconciliation('330700', '2026-03')).toEqual(marchBefore.city);
    expect((await t.http().get('/reconciliation/330702/2026-03.csv').set('authorization', auditor).expect(200)).text).toBe(marchBefore.csv);

    const share = (fundId: string) => (clawback.parts as Body[]).find((p) => p.fundId === fundId)!.amount as number;
    const april = await reconciliation('330702', '2026-04');
    expectAddsUp(april);
    expect(april.classes.paid.opening).toBe(marchBefore.wucheng.classes.paid.closing);
    expect(april.classes.paid.movements).toEqual({ clawedBack: -share(wucheng) });
    expect(april.classes.recoverable).toMatchObject({ opening: 0, closing: share(wucheng), movements: { clawedBack: share(wucheng) } });
    expect(april.byProviderRegion).toEqual([]);
    expectAddsUp(await reconciliation('330700', '2026-04'));

    const csv = await t.http().get('/reconciliation/330702/2026-04.csv').set('authorization', auditor).expect(200);
    expect(parseCsv(csv.text.slice(1)).some((r) => r[0] === '可追回' && r[1] === '追回')).toBe(true);
    const xlsx = await t.http().get('/reconciliation/330702/2026-04.xlsx').set('authorization', auditor).buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('refuses a claim while money is recoverable from the provider', async () => {
    const refused = await claim(lab, [d]);
    expectProblem(refused, 409, 'INVALID_STATE');
    expect(refused.body.detail).toContain('recoverable');
    expect((await t.http().get(`/redemptions/${d.id}`).set('authorization', lab.token).expect(200)).body.claimId).toBeUndefined();
  });

  it('shows clawbacks in scope: auditors all, the provider its own, each funding region its parts', async () => {
    const get = (token: string, path = '/clawbacks') => t.http().get(path).set('authorization', token);
    expect((await get(lab.token).expect(200)).body).toMatchObject({ total: 1, items: [{ id: clawback.id }] });
    expect((await get(other.token).expect(200)).body).toEqual({ items: [], total: 0 });
    expect((await get(await w.financeOf('330700')).expect(200)).body.total).toBe(1);
    expect((await get(await w.officerOf('330702')).expect(200)).body.total).toBe(1);
    expect((await get(await w.financeOf('330703')).expect(200)).body.total).toBe(0);
    expectProblem(await get(sme.token), 403, 'FORBIDDEN');
    expectProblem(await t.http().get('/clawbacks'), 401, 'UNAUTHENTICATED');
    expect((await get(lab.token, `/clawbacks/${clawback.id}`).expect(200)).body.documents).toHaveLength(1);
    expectProblem(await get(other.token, `/clawbacks/${clawback.id}`), 404, 'NOT_FOUND');
    expectProblem(await get(await w.financeOf('330703'), `/clawbacks/${clawback.id}`), 404, 'NOT_FOUND');
    expectProblem(await get(auditor, '/clawbacks?status=gone'), 400, 'VALIDATION_FAILED');
    // The evidence is read by whoever reads the clawback.
    const documentId = clawback.documents[0].id as string;
    await get(lab.token, `/documents/${documentId}`).expect(200);
    expectProblem(await get(other.token, `/documents/${documentId}`), 404, 'NOT_FOUND');
  });

  it('lets two auditors race on one redemption: one clawback, one 409', async () => {
    const [x, y] = await Promise.all([clawBack(b.id, auditor), clawBack(b.id, t.adminToken)]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    const loser = x.status === 409 ? x : y;
    expectProblem(loser, 409, 'INVALID_STATE');
    expect((await t.http().get(`/clawbacks?providerId=${lab.id}`).set('authorization', auditor).expect(200)).body.total).toBe(2);
    await w.expectLedgerBalanced();
  });

  it("recovers each funding region's part by its own finance bureau; the clawback is recovered when every part is", async () => {
    const cityFinance = await w.financeOf('330700');
    const wuchengFinance = await w.financeOf('330702');
    // Roles that may never record a repayment: 403; a finance bureau without a part: 404.
    for (const token of [auditor, t.adminToken, lab.token, sme.token, await w.officerOf('330702')]) {
      expectProblem(await recover(clawback.id, token), 403, 'FORBIDDEN');
    }
    expectProblem(await recover(clawback.id, await w.financeOf('330703')), 404, 'NOT_FOUND');
    expectProblem(await recover(randomUUID(), cityFinance), 404, 'NOT_FOUND');
    expectProblem(await t.http().post(`/clawbacks/${clawback.id}/recover`).send({ paymentReference: 'x' }), 401, 'UNAUTHENTICATED');
    for (const body of [{}, { paymentReference: '' }, { paymentReference: 5 }, { paymentReference: 'x', extra: 1 }]) {
      expectProblem(
        await t.http().post(`/clawbacks/${clawback.id}/recover`).set('authorization', cityFinance).send(body),
        400,
        'VALIDATION_FAILED',
      );
    }

    const share = (fundId: string) => (clawback.parts as Body[]).find((p) => p.fundId === fundId)!.amount as number;
    const before = await w.fundBalances(city);
    const first = await recover(clawback.id, cityFinance, 'CCB-RET-1');
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('recoverable');
    expect((first.body.parts as Body[]).find((p) => p.fundId === city)).toMatchObject({
      status: 'recovered',
      paymentReference: 'CCB-RET-1',
    });
    expect((first.body.parts as Body[]).find((p) => p.fundId === wucheng)).toMatchObject({ status: 'recoverable', paymentReference: null });
    const after = await w.fundBalances(city);
    expect(after.recoverable).toBe(before.recoverable - share(city));
    expect(after.available).toBe(before.available + share(city));
    expectProblem(await recover(clawback.id, cityFinance), 409, 'INVALID_STATE');
    // Still owing the county's part: still no claim.
    expectProblem(await claim(lab, [d]), 409, 'INVALID_STATE');

    const second = await recover(clawback.id, wuchengFinance, 'ICBC-RET-2');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'recovered' });
    expect(second.body.recoveredAt).toEqual(expect.any(String));
    await w.expectLedgerBalanced();

    const april = await reconciliation('330702', '2026-04');
    expectAddsUp(april);
    expect(april.classes.recoverable.movements.recovered).toBe(-share(wucheng));
    expect(april.classes.available.movements.recovered).toBe(share(wucheng));
    const cityApril = await reconciliation('330700', '2026-04');
    expectAddsUp(cityApril);
    expect(cityApril.classes.available.movements.recovered).toBe(share(city));
  });

  it("lets two finance users race on one region's part: one 200, one 409; then the provider may claim again", async () => {
    const [race] = (await t.http().get(`/clawbacks?status=recoverable`).set('authorization', auditor).expect(200)).body.items as Body[];
    expect(race.redemptionId).toBe(b.id);
    const second = (await createUser(t, 'finance', { regionCode: '330702' })).token;
    const [x, y] = await Promise.all([recover(race.id, await w.financeOf('330702')), recover(race.id, second)]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    await recover(race.id, await w.financeOf('330700')).expect(200);
    expect((await t.http().get(`/clawbacks/${race.id}`).set('authorization', lab.token).expect(200)).body.status).toBe('recovered');
    expect(await w.fundBalances(wucheng)).toMatchObject({ recoverable: 0 });
    expect(await w.fundBalances(city)).toMatchObject({ recoverable: 0 });

    const claimed = await claim(lab, [d]);
    expect(claimed.status).toBe(201);
    expectAddsUp(await reconciliation('330702', '2026-04'));
    // March, closed, still as it was.
    expect(await reconciliation('330702', '2026-03')).toEqual(marchBefore.wucheng);
  });
});
