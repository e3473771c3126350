import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type request from 'supertest';
import type { Body } from './support/bodies.js';
import { pdf, png, upload } from './support/documents.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

// ---------------------------------------------------------------------------------------------
// Evidence on decisions (issue 13; API.md "Documents"; DOMAIN.md "Documents (evidence)"): the project
// plan of an application, the invoice file and service report of a claim, the bank receipt of a
// payment. Attached in the write's transaction by their uploader only; read by the parties of what
// they are attached to, its reviewers, finance of the paying region and auditors; 404 to anyone else.
// ---------------------------------------------------------------------------------------------

const WUCHENG = '330702';
const JINDONG = '330703';
const CITY = '330700';

interface Party {
  id: string;
  token: string;
}

describe('evidence on decisions', () => {
  let t: TestApp;
  let w: World;
  let program: Body;
  let sme: Party;
  let otherSme: Party;
  let lab: Party;
  let otherLab: Party;
  let officer: string;
  let jindongOfficer: string;
  let auditor: string;
  let wuchengFinance: string;
  let cityFinance: string;
  let jindongFinance: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { DOCUMENT_DIR: `.data/test-documents/evidence-${process.pid}-${Date.now()}` } });
    w = new World(t);
    const cityFund = await w.fund(CITY, 100_000_000);
    const wuchengFund = await w.fund(WUCHENG, 100_000_000);
    // Issued by Wucheng, paid 30% by the city's fund and 70% by Wucheng's.
    program = await w.program({
      issuerRegionCode: WUCHENG,
      funding: [
        { fundId: cityFund, shareBp: 3000 },
        { fundId: wuchengFund, shareBp: 7000 },
      ],
    });
    sme = await w.enterprise({ regionCode: WUCHENG });
    otherSme = await w.enterprise({ regionCode: WUCHENG });
    lab = await w.provider({ regionCode: WUCHENG });
    otherLab = await w.provider({ regionCode: WUCHENG });
    officer = await w.officerOf(WUCHENG);
    jindongOfficer = await w.officerOf(JINDONG);
    auditor = (await createUser(t, 'auditor')).token;
    wuchengFinance = await w.financeOf(WUCHENG);
    cityFinance = await w.financeOf(CITY);
    jindongFinance = await w.financeOf(JINDONG);
  });
  afterAll(async () => {
    try {
      await w.finish();
    } finally {
      rmSync(t.config.documents.dir, { recursive: true, force: true });
    }
  });

  const get = (path: string, token: string) => t.http().get(path).set('authorization', token);
  const post = (path: string, token: string, body: object) => t.http().post(path).set('authorization', token).send(body);
  const postClaim = (token: string, body: object, key: string = randomUUID()) =>
    t.http().post('/claims').set('authorization', token).set('idempotency-key', key).send(body);

  /** Metadata and bytes of `document` are readable with `token`, and the bytes are `content`. */
  async function expectReadable(token: string, document: Body, content: Buffer): Promise<void> {
    expect((await get(`/documents/${document.id}`, token).expect(200)).body).toEqual(document);
    const bytes = await get(`/documents/${document.id}/content`, token).buffer(true).expect(200);
    expect(Buffer.compare(bytes.body as Buffer, content)).toBe(0);
  }

  /** Neither the metadata nor the bytes of `document` exist for `token`. */
  async function expectHidden(token: string, document: Body): Promise<void> {
    expectProblem(await get(`/documents/${document.id}`, token), 404, 'NOT_FOUND');
    expectProblem(await get(`/documents/${document.id}/content`, token), 404, 'NOT_FOUND');
  }

  /** A 400 VALIDATION_FAILED naming `field` among its errors. */
  function expectInvalid(response: request.Response, field: string): void {
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect((response.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
  }

  const byId = (documents: Body[]) => [...documents].sort((a, b) => String(a.id).localeCompare(String(b.id)));

  async function confirmedRedemption(voucherCode: string, orderAmount: number, provider = lab): Promise<Body> {
    const r = await w.redeem(provider.token, { voucherCode, orderAmount }).expect(201);
    await t.http().post(`/redemptions/${r.body.id}/confirm`).set('authorization', sme.token).expect(200);
    return r.body;
  }

  describe('applications: the project plan', () => {
    it('is attached on POST /applications; the county officer lists and downloads it, another region gets 404 on both', async () => {
      const content = pdf('project plan');
      const plan = await upload(t, sme.token, content, '项目计划书.pdf');
      const created = await post('/applications', sme.token, {
        programId: program.id,
        amount: 1_000_000,
        purpose: '新产品检测',
        documentIds: [plan.id],
      }).expect(201);
      expect(created.body.documents).toEqual([plan]);

      const seen = await get(`/applications/${created.body.id}`, officer).expect(200);
      expect(seen.body).toMatchObject({ id: created.body.id, status: 'pending', documents: [plan] });
      await expectReadable(officer, plan, content);
      await expectReadable(auditor, plan, content);
      expect((await get(`/applications/${created.body.id}`, t.adminToken).expect(200)).body.documents).toEqual([plan]);

      // Another region's officer: neither the application nor its plan exists.
      expectProblem(await get(`/applications/${created.body.id}`, jindongOfficer), 404, 'NOT_FOUND');
      await expectHidden(jindongOfficer, plan);
      // Nor for another enterprise, a provider, or finance (applications are not theirs to read).
      for (const token of [otherSme.token, lab.token, wuchengFinance]) await expectHidden(token, plan);

      // A list leaves the documents out; an application without documents lists none.
      const listed = (await get('/applications', sme.token).expect(200)).body as Body[];
      expect(listed.find((a) => a.id === created.body.id)).not.toHaveProperty('documents');
      const bare = await post('/applications', sme.token, { programId: program.id, amount: 1_000, purpose: '检测' }).expect(201);
      expect(bare.body.documents).toEqual([]);
      expect((await get(`/applications/${bare.body.id}`, officer).expect(200)).body.documents).toEqual([]);
      // null means absent.
      await post('/applications', sme.token, { programId: program.id, amount: 1_000, purpose: '检测', documentIds: null }).expect(201);
    });

    it("refuses another user's or an unknown document with 400 on documentIds, and creates nothing", async () => {
      const theirs = await upload(t, otherSme.token, pdf('their plan'), 'plan.pdf');
      const before = ((await get('/applications', sme.token).expect(200)).body as Body[]).length;
      const body = { programId: program.id, amount: 1_000, purpose: '检测' };
      expectInvalid(await post('/applications', sme.token, { ...body, documentIds: [theirs.id] }), 'documentIds');
      expectInvalid(await post('/applications', sme.token, { ...body, documentIds: [randomUUID()] }), 'documentIds');
      expect(((await get('/applications', sme.token).expect(200)).body as Body[]).length).toBe(before);
      // The refused one stays unattached: still hidden from the officer.
      await expectHidden(officer, theirs);
    });

    it('refuses malformed documentIds with 400 problem+json, never a 500; 401 without a token; 403 for a provider', async () => {
      const mine = await upload(t, sme.token, pdf('plan again'), 'plan.pdf');
      const body = { programId: program.id, amount: 1_000, purpose: '检测' };
      const bad: unknown[] = [
        'not-an-array',
        ['not-a-uuid'],
        [mine.id, mine.id],
        Array.from({ length: 21 }, () => randomUUID()),
        [{ id: mine.id }],
        [null],
        {},
      ];
      for (const documentIds of bad) expectInvalid(await post('/applications', sme.token, { ...body, documentIds }), 'documentIds');
      expectProblem(
        await t
          .http()
          .post('/applications')
          .send({ ...body, documentIds: [mine.id] }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(await post('/applications', lab.token, { ...body, documentIds: [mine.id] }), 403, 'FORBIDDEN');
    });
  });

  describe('claims: the invoice file and the service report', () => {
    let voucherCode: string;

    beforeAll(async () => {
      voucherCode = (await w.voucher(sme.token, program, 5_000_000)).code;
    });

    it('needs at least one document: none, an empty list, or 21 → 400 on documentIds, the redemption stays claimable', async () => {
      const r = await confirmedRedemption(voucherCode, 100_000);
      const body = { redemptionIds: [r.id], invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-10', amount: r.subsidy } };
      expectInvalid(await postClaim(lab.token, body), 'documentIds');
      expectInvalid(await postClaim(lab.token, { ...body, documentIds: [] }), 'documentIds');
      expectInvalid(await postClaim(lab.token, { ...body, documentIds: null }), 'documentIds');
      expectInvalid(await postClaim(lab.token, { ...body, documentIds: ['nope'] }), 'documentIds');
      expectInvalid(await postClaim(lab.token, { ...body, documentIds: Array.from({ length: 21 }, () => randomUUID()) }), 'documentIds');
      expectProblem(await t.http().post('/claims').set('idempotency-key', randomUUID()).send(body), 401, 'UNAUTHENTICATED');
      expect(((await get('/claims', lab.token).expect(200)).body as Body[]).some((c) => (c.redemptionIds as string[]).includes(r.id))).toBe(
        false,
      );
      await postClaim(lab.token, { ...body, documentIds: [await w.invoiceFile(lab.token)] }).expect(201);
    });

    it("refuses another user's document (or an unknown one) with 400, in the same transaction as the claim", async () => {
      const r = await confirmedRedemption(voucherCode, 100_000);
      const theirs = await upload(t, otherLab.token, pdf('their invoice'), '发票.pdf');
      const number = `INV-${randomUUID().slice(0, 8)}`;
      const body = { redemptionIds: [r.id], invoice: { number, date: '2026-03-10', amount: r.subsidy } };
      expectInvalid(await postClaim(lab.token, { ...body, documentIds: [theirs.id] }), 'documentIds');
      const mine = await w.invoiceFile(lab.token);
      expectInvalid(await postClaim(lab.token, { ...body, documentIds: [mine, randomUUID()] }), 'documentIds');
      // Nothing was kept: the same redemption and invoice number claim fine afterwards.
      await postClaim(lab.token, { ...body, documentIds: [mine] }).expect(201);
    });

    it('with its invoice and service report → 201; the officer, finance of the paying regions and the auditor read both; others get 404', async () => {
      const r = await confirmedRedemption(voucherCode, 300_000);
      const invoiceContent = pdf('invoice 330702');
      const reportContent = png(0x42);
      const invoice = await upload(t, lab.token, invoiceContent, '增值税普通发票.pdf');
      const report = await upload(t, lab.token, reportContent, '检测报告.png');
      const created = await postClaim(lab.token, {
        redemptionIds: [r.id],
        invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-10', amount: r.subsidy },
        documentIds: [invoice.id, report.id],
      }).expect(201);
      expect(byId(created.body.documents)).toEqual(byId([invoice, report]));
      const claimId = created.body.id as string;

      // The reviewing officer sees every document of what it decides on, and downloads them.
      const reviewed = await get(`/claims/${claimId}`, officer).expect(200);
      expect(byId(reviewed.body.documents)).toEqual(byId([invoice, report]));
      expect(reviewed.body).toEqual(created.body);
      for (const token of [officer, wuchengFinance, auditor, t.adminToken, lab.token]) {
        await expectReadable(token, invoice, invoiceContent);
        await expectReadable(token, report, reportContent);
      }
      expect((await get('/claims', officer).expect(200)).body.find((c: Body) => c.id === claimId)).not.toHaveProperty('documents');

      // Another provider, the enterprise, another region's officer and finance: 404.
      expectProblem(await get(`/claims/${claimId}`, otherLab.token), 404, 'NOT_FOUND');
      for (const token of [otherLab.token, sme.token, jindongOfficer, jindongFinance]) {
        await expectHidden(token, invoice);
        await expectHidden(token, report);
      }
      // The city pays 30% of it: its finance bureau reads the evidence once the claim is approved
      // and owed by its fund (the claim itself stays the issuing region's to read).
      await expectHidden(cityFinance, invoice);
      await t.http().post(`/claims/${claimId}/approve`).set('authorization', officer).send({}).expect(200);
      await expectReadable(cityFinance, invoice, invoiceContent);
      await expectReadable(cityFinance, report, reportContent);
      expectProblem(await get(`/claims/${claimId}`, cityFinance), 404, 'NOT_FOUND');
      await expectHidden(jindongFinance, invoice);
    });

    it('a document attached once cannot be attached by anyone else, even by those who may read it', async () => {
      const r = await confirmedRedemption(voucherCode, 100_000);
      const invoice = await upload(t, lab.token, pdf('attached once'), '发票.pdf');
      const claim = await postClaim(lab.token, {
        redemptionIds: [r.id],
        invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-10', amount: r.subsidy },
        documentIds: [invoice.id],
      }).expect(201);

      // Another provider cannot put it into its own claim.
      const theirs = await confirmedRedemption(voucherCode, 100_000, otherLab);
      expectInvalid(
        await postClaim(otherLab.token, {
          redemptionIds: [theirs.id],
          invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-10', amount: theirs.subsidy },
          documentIds: [invoice.id],
        }),
        'documentIds',
      );
      await expectHidden(otherLab.token, invoice);
      // The enterprise cannot make it its project plan.
      expectInvalid(
        await post('/applications', sme.token, { programId: program.id, amount: 1_000, purpose: '检测', documentIds: [invoice.id] }),
        'documentIds',
      );
      // The officer and finance read it, but reading is not owning: finance cannot file it as a bank receipt.
      await t.http().post(`/claims/${claim.body.id}/approve`).set('authorization', officer).send({}).expect(200);
      await get(`/documents/${invoice.id}`, wuchengFinance).expect(200);
      const [batchId] = await w.settle(WUCHENG, '2026-03');
      await t.http().post(`/settlements/${batchId}/approve`).set('authorization', wuchengFinance).expect(200);
      expectInvalid(
        await post(`/settlements/${batchId}/pay`, wuchengFinance, { paymentReference: 'ICBC-0310-X', documentIds: [invoice.id] }),
        'documentIds',
      );
      expect((await get(`/settlements/${batchId}`, wuchengFinance).expect(200)).body).toMatchObject({ status: 'approved', documents: [] });
      // The claim still lists it, once.
      expect((await get(`/claims/${claim.body.id}`, officer).expect(200)).body.documents).toEqual([invoice]);
      await post(`/settlements/${batchId}/pay`, wuchengFinance, { paymentReference: 'ICBC-0310-X' }).expect(200);
    });
  });

  describe('payments: the bank receipt', () => {
    it('is attached on pay; the provider paid sees and downloads it in its batch, another provider gets 404', async () => {
      const voucherCode = (await w.voucher(sme.token, program, 1_000_000)).code as string;
      const r = await confirmedRedemption(voucherCode, 200_000);
      const claim = await postClaim(lab.token, {
        redemptionIds: [r.id],
        invoice: { number: `INV-${randomUUID().slice(0, 8)}`, date: '2026-03-10', amount: r.subsidy },
        documentIds: [await w.invoiceFile(lab.token)],
      }).expect(201);
      await t.http().post(`/claims/${claim.body.id}/approve`).set('authorization', officer).send({}).expect(200);
      const [batchId] = await w.settle(WUCHENG, '2026-03');
      await t.http().post(`/settlements/${batchId}/approve`).set('authorization', wuchengFinance).expect(200);

      const content = pdf('bank receipt ICBC-0310-0002');
      const receipt = await upload(t, wuchengFinance, content, '银行回单.pdf');
      // Malformed or foreign ids are refused before anything is paid.
      for (const documentIds of [['nope'], [receipt.id, receipt.id], [await w.invoiceFile(lab.token)]]) {
        expectInvalid(
          await post(`/settlements/${batchId}/pay`, wuchengFinance, { paymentReference: 'ICBC-0310-0002', documentIds }),
          'documentIds',
        );
      }
      expect((await get(`/settlements/${batchId}`, wuchengFinance).expect(200)).body.status).toBe('approved');
      // Only finance of the region pays, with or without documents.
      expectProblem(
        await post(`/settlements/${batchId}/pay`, lab.token, { paymentReference: 'ICBC-0310-0002', documentIds: [receipt.id] }),
        403,
        'FORBIDDEN',
      );

      const paid = await post(`/settlements/${batchId}/pay`, wuchengFinance, {
        paymentReference: 'ICBC-0310-0002',
        documentIds: [receipt.id],
      }).expect(200);
      expect(paid.body).toMatchObject({ status: 'paid', paymentReference: 'ICBC-0310-0002', documents: [receipt] });

      // The provider it pays sees the receipt in its batch and downloads it.
      const seen = await get(`/settlements/${batchId}`, lab.token).expect(200);
      expect(seen.body.documents).toEqual([receipt]);
      await expectReadable(lab.token, receipt, content);
      await expectReadable(auditor, receipt, content);
      await expectReadable(t.adminToken, receipt, content);
      expect((await get('/settlements', lab.token).expect(200)).body.find((b: Body) => b.id === batchId)).not.toHaveProperty('documents');

      // A provider the batch does not pay, another region's finance, an enterprise: 404.
      expectProblem(await get(`/settlements/${batchId}`, otherLab.token), 404, 'NOT_FOUND');
      for (const token of [otherLab.token, jindongFinance, sme.token]) await expectHidden(token, receipt);
    });
  });
});
