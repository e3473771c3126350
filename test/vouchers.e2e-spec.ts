import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';
import type { Body } from './support/bodies.js';

/** Crockford base32 as docs/domain.md names it, written out here so the tests check the API against the rule, not against itself. */
const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_SYMBOLS = `${SYMBOLS}*~$=U`;
const CODE_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z*~$=U]$/;

function checkSymbolOf(body: string): string {
  let value = 0n;
  for (const symbol of body) value = value * 32n + BigInt(SYMBOLS.indexOf(symbol));
  return CHECK_SYMBOLS[Number(value % 37n)];
}

function displayCode(body: string): string {
  return `${body.match(/.{4}/g)!.join('-')}-${checkSymbolOf(body)}`;
}

function bodyOf(code: string): string {
  return code.replace(/-/g, '').slice(0, 16);
}

/** A well-formed code (right check symbol) that no voucher has. */
function unknownCode(): string {
  return displayCode([...randomBytes(16)].map((byte) => SYMBOLS[byte % 32]).join(''));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('funds, programs, applications and vouchers', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  let provider: string;
  let bystander: string; // an enterprise of 330702 with no data of its own

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    auditor = (await createUser(t, 'auditor')).token;
    provider = (await w.provider()).token;
    bystander = (await w.enterprise()).token;
  });
  afterAll(() => w.finish());

  const get = (path: string, token: string) => t.http().get(path).set('authorization', token);
  const post = (path: string, token: string, body: object = {}) => t.http().post(path).set('authorization', token).send(body);
  const allocate = (fundId: string, token: string, key: string | undefined, body: object) => {
    const request = t.http().post(`/funds/${fundId}/allocations`).set('authorization', token);
    return (key === undefined ? request : request.set('idempotency-key', key)).send(body);
  };
  const approve = (applicationId: string, token: string, body: object = {}) => post(`/applications/${applicationId}/approve`, token, body);
  const reject = (applicationId: string, token: string, body: object) => post(`/applications/${applicationId}/reject`, token, body);
  const voucherPath = (code: string, suffix = '') => `/vouchers/${encodeURIComponent(code)}${suffix}`;
  const fundName = () => `fund-${randomUUID().slice(0, 8)}`;
  const ids = (response: { body: Body[] }) => response.body.map((item) => item.id as string);
  const codes = (response: { body: Body[] }) => response.body.map((item) => item.code as string);

  /** A program funded 100% by one fund, issued by 330702 unless overridden (see World.program). */
  async function singleFundProgram(fundId: string, overrides: Body = {}): Promise<Body> {
    return w.program({ funding: [{ fundId, shareBp: 10_000 }], ...overrides });
  }

  function programBody(fundId: string, overrides: Body = {}): Body {
    return {
      name: '婺城区2026年科技创新券',
      year: 2026,
      issuerRegionCode: '330702',
      funding: [{ fundId, shareBp: 10_000 }],
      categories: ['TESTING', 'DESIGN'],
      ratioBp: 5000,
      perVoucherMax: 5_000_000,
      enterpriseAnnualCap: 10_000_000,
      validityDays: 180,
      claimWindowDays: 90,
      cityReviewRequired: false,
      ...overrides,
    };
  }

  it('issues a co-funded voucher, splitting the face value by share with the leftover fen to the largest remainder', async () => {
    const city = await w.fund('330700', 100_000_00);
    const county = await w.fund('330702', 100_000_00);
    const program = await w.program({
      funding: [
        { fundId: city, shareBp: 3000 },
        { fundId: county, shareBp: 7000 },
      ],
    });
    const sme = await w.enterprise();
    const voucher = await w.voucher(sme.token, program, 1_000_001);
    expect(voucher).toMatchObject({ faceValue: 1_000_001, balance: 1_000_001, status: 'active' });
    const read = await t.http().get(`/vouchers/${voucher.code}`).set('authorization', sme.token).expect(200);
    expect(read.body.funding).toEqual([
      { fundId: city, faceValue: 300_000, balance: 300_000 },
      { fundId: county, faceValue: 700_001, balance: 700_001 },
    ]);
    expect(read.body.held).toBe(0);
    expect(read.body.validUntil).toBe('2026-09-06T23:59:59.999+08:00');
    expect(await w.fundBalances(city)).toMatchObject({ allocated: 100_000_00, available: 100_000_00 - 300_000, vouchers: 300_000 });
    expect(await w.fundBalances(county)).toMatchObject({ available: 100_000_00 - 700_001, vouchers: 700_001 });
  });

  it('gives the leftover fen of an even split to the earlier fund of the funding list', async () => {
    const a = await w.fund('330700', 10_000_000);
    const b = await w.fund('330702', 10_000_000);
    const sme = await w.enterprise();
    const ab = await w.program({
      funding: [
        { fundId: a, shareBp: 5000 },
        { fundId: b, shareBp: 5000 },
      ],
    });
    const ba = await w.program({
      funding: [
        { fundId: b, shareBp: 5000 },
        { fundId: a, shareBp: 5000 },
      ],
    });
    const first = await w.voucher(sme.token, ab, 1_000_001);
    const second = await w.voucher(sme.token, ba, 1_000_001);
    expect((await get(voucherPath(first.code), sme.token).expect(200)).body.funding).toEqual([
      { fundId: a, faceValue: 500_001, balance: 500_001 },
      { fundId: b, faceValue: 500_000, balance: 500_000 },
    ]);
    expect((await get(voucherPath(second.code), sme.token).expect(200)).body.funding).toEqual([
      { fundId: b, faceValue: 500_001, balance: 500_001 },
      { fundId: a, faceValue: 500_000, balance: 500_000 },
    ]);
    expect(await w.fundBalances(a)).toMatchObject({ vouchers: 1_000_001 });
    expect(await w.fundBalances(b)).toMatchObject({ vouchers: 1_000_001 });
  });

  describe('funds and allocations', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('lets the city admin create a fund of any region and the finance bureau one of its own region', async () => {
      const name = fundName();
      const byAdmin = await post('/funds', t.adminToken, { regionCode: '330783', year: 2026, name }).expect(201);
      expect(byAdmin.body).toMatchObject({
        regionCode: '330783',
        year: 2026,
        name,
        balances: { allocated: 0, available: 0, vouchers: 0, held: 0, payable: 0, inSettlement: 0, paid: 0 },
      });
      expect(byAdmin.body.id).toMatch(/^[0-9a-f-]{36}$/);
      const finance = await w.financeOf('330702');
      const own = await post('/funds', finance, { regionCode: '330702', year: 2026, name: fundName() }).expect(201);
      expect(own.body.regionCode).toBe('330702');
      expectProblem(await post('/funds', finance, { regionCode: '330703', year: 2026, name: fundName() }), 403, 'FORBIDDEN');
      expectProblem(await post('/funds', finance, { regionCode: '330700', year: 2026, name: fundName() }), 403, 'FORBIDDEN');
    });

    it('refuses funds from the science bureau, enterprises, providers and auditors', async () => {
      const body = { regionCode: '330702', year: 2026, name: fundName() };
      expectProblem(await post('/funds', await w.officerOf('330702'), body), 403, 'FORBIDDEN');
      expectProblem(await post('/funds', bystander, body), 403, 'FORBIDDEN');
      expectProblem(await post('/funds', provider, body), 403, 'FORBIDDEN');
      expectProblem(await post('/funds', auditor, body), 403, 'FORBIDDEN');
    });

    it('keeps (region, year, name) unique', async () => {
      const body = { regionCode: '330702', year: 2026, name: fundName() };
      await post('/funds', t.adminToken, body).expect(201);
      expectProblem(await post('/funds', t.adminToken, body), 409, 'DUPLICATE');
      expectProblem(await post('/funds', await w.financeOf('330702'), body), 409, 'DUPLICATE');
      await post('/funds', t.adminToken, { ...body, year: 2027 }).expect(201);
      await post('/funds', t.adminToken, { ...body, regionCode: '330703' }).expect(201);
    });

    it('refuses malformed fund bodies with 400 problem+json', async () => {
      const valid = { regionCode: '330702', year: 2026, name: fundName() };
      const year = await post('/funds', t.adminToken, { ...valid, year: '2026' });
      expectProblem(year, 400, 'VALIDATION_FAILED');
      expect(year.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'year' })]));
      expectProblem(await post('/funds', t.adminToken, { ...valid, colour: 'red' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post('/funds', t.adminToken, { ...valid, name: 'x'.repeat(10_000) }), 400, 'VALIDATION_FAILED');
      expectProblem(await post('/funds', t.adminToken, { ...valid, name: '' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post('/funds', t.adminToken, { ...valid, regionCode: '999999' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post('/funds', t.adminToken, { regionCode: '330702', name: fundName() }), 400, 'VALIDATION_FAILED');
      expectProblem(
        await t.http().post('/funds').set('authorization', t.adminToken).set('content-type', 'application/json').send('{"regionCode":'),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('requires an Idempotency-Key on allocations', async () => {
      const fundId = await w.fund('330702', 0);
      const finance = await w.financeOf('330702');
      expectProblem(await allocate(fundId, finance, undefined, { amount: 100, reference: 'r' }), 400, 'VALIDATION_FAILED');
      expectProblem(await allocate(fundId, finance, 'x'.repeat(129), { amount: 100, reference: 'r' }), 400, 'VALIDATION_FAILED');
      expectProblem(await allocate(fundId, finance, '', { amount: 100, reference: 'r' }), 400, 'VALIDATION_FAILED');
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 0, available: 0 });
      await allocate(fundId, finance, 'k'.repeat(128), { amount: 100, reference: 'r' }).expect(201);
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 100, available: 100 });
    });

    it('lets only the finance bureau of the fund region allocate', async () => {
      const fundId = await w.fund('330702', 0);
      const body = { amount: 1_000_000, reference: '金财预〔2026〕12号' };
      expectProblem(await allocate(fundId, t.adminToken, randomUUID(), body), 403, 'FORBIDDEN');
      expectProblem(await allocate(fundId, await w.officerOf('330702'), randomUUID(), body), 403, 'FORBIDDEN');
      expectProblem(await allocate(fundId, auditor, randomUUID(), body), 403, 'FORBIDDEN');
      expectProblem(await allocate(fundId, await w.financeOf('330703'), randomUUID(), body), 404, 'NOT_FOUND');
      expectProblem(await allocate(randomUUID(), await w.financeOf('330702'), randomUUID(), body), 404, 'NOT_FOUND');
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 0, available: 0 });
      const created = await allocate(fundId, await w.financeOf('330702'), randomUUID(), body).expect(201);
      expect(created.body).toMatchObject({ fundId, amount: 1_000_000, reference: '金财预〔2026〕12号' });
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 1_000_000, available: 1_000_000 });
    });

    it('refuses allocation amounts that are not integers from 1 to 10^13 fen', async () => {
      const fundId = await w.fund('330702', 0);
      const finance = await w.financeOf('330702');
      for (const amount of [0, -1, 1.5, '100', null, 10_000_000_000_001]) {
        const response = await allocate(fundId, finance, randomUUID(), { amount, reference: 'r' });
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'amount' })]));
      }
      expectProblem(await allocate(fundId, finance, randomUUID(), { reference: 'r' }), 400, 'VALIDATION_FAILED');
      expectProblem(await allocate(fundId, finance, randomUUID(), { amount: 100 }), 400, 'VALIDATION_FAILED');
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 0 });
      await allocate(fundId, finance, randomUUID(), { amount: 10_000_000_000_000, reference: 'the largest amount' }).expect(201);
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 10_000_000_000_000, available: 10_000_000_000_000 });
    });

    it('replays an allocation for the same key and body and allocates once; another body is 422', async () => {
      const fundId = await w.fund('330702', 0);
      const finance = await w.financeOf('330702');
      const key = randomUUID();
      const first = await allocate(fundId, finance, key, { amount: 2_500_000, reference: 'r-1' }).expect(201);
      const again = await allocate(fundId, finance, key, { reference: 'r-1', amount: 2_500_000 }).expect(201);
      expect(again.body).toEqual(first.body);
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 2_500_000, available: 2_500_000 });

      expectProblem(await allocate(fundId, finance, key, { amount: 2_500_001, reference: 'r-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
      expectProblem(await allocate(fundId, finance, key, { amount: 2_500_000, reference: 'r-2' }), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 2_500_000 });
      expect((await get(`/funds/${fundId}/allocations`, finance).expect(200)).body).toHaveLength(1);
    });

    it('stores a 4xx answer under its key and replays it', async () => {
      const theirs = await w.fund('330703', 0);
      const ours = await w.fund('330702', 0);
      const finance = await w.financeOf('330702');
      const key = randomUUID();
      const body = { amount: 5_000, reference: 'wrong fund' };
      expectProblem(await allocate(theirs, finance, key, body), 404, 'NOT_FOUND');
      expectProblem(await allocate(theirs, finance, key, body), 404, 'NOT_FOUND');
      expectProblem(await allocate(ours, finance, key, body), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await w.fundBalances(ours)).toMatchObject({ allocated: 0 });
    });

    it('keeps Idempotency-Keys per user: another finance user may use the same key', async () => {
      const fundId = await w.fund('330702', 0);
      const key = randomUUID();
      const body = { amount: 1_000, reference: 'shared key' };
      const first = await allocate(fundId, await w.financeOf('330702'), key, body).expect(201);
      const colleague = (await createUser(t, 'finance', { regionCode: '330702' })).token;
      const second = await allocate(fundId, colleague, key, body).expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 2_000 });
    });

    it('answers duplicates sent in parallel with the one stored allocation', async () => {
      const fundId = await w.fund('330702', 0);
      const finance = await w.financeOf('330702');
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => allocate(fundId, finance, key, { amount: 777, reference: 'parallel' })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 777, available: 777 });
    });

    it('scopes fund reads: own region and city-wide readers see it, other regions get 404, parties 403', async () => {
      const fundId = await w.fund('330702', 5_000);
      await get(`/funds/${fundId}`, await w.financeOf('330702')).expect(200);
      await get(`/funds/${fundId}`, await w.officerOf('330702')).expect(200);
      const read = await get(`/funds/${fundId}`, auditor).expect(200);
      expect(read.body).toMatchObject({ id: fundId, regionCode: '330702', year: 2026, balances: { allocated: 5_000, available: 5_000 } });
      await get(`/funds/${fundId}`, t.adminToken).expect(200);
      expectProblem(await get(`/funds/${fundId}`, await w.financeOf('330703')), 404, 'NOT_FOUND');
      expectProblem(await get(`/funds/${fundId}`, await w.officerOf('330703')), 404, 'NOT_FOUND');
      expectProblem(await get(`/funds/${fundId}`, bystander), 403, 'FORBIDDEN');
      expectProblem(await get(`/funds/${fundId}`, provider), 403, 'FORBIDDEN');
      expectProblem(await get(`/funds/${randomUUID()}`, auditor), 404, 'NOT_FOUND');
      expectProblem(await get('/funds/not-a-uuid', auditor), 400, 'VALIDATION_FAILED');
    });

    it("lists a fund's allocations to those who may read the fund", async () => {
      const fundId = await w.fund('330702', 0);
      const finance = await w.financeOf('330702');
      await allocate(fundId, finance, randomUUID(), { amount: 1_000_000, reference: '第一批' }).expect(201);
      await allocate(fundId, finance, randomUUID(), { amount: 250_000, reference: '第二批' }).expect(201);
      const list = await get(`/funds/${fundId}/allocations`, auditor).expect(200);
      expect(list.body).toHaveLength(2);
      expect(list.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ fundId, amount: 1_000_000, reference: '第一批' }),
          expect.objectContaining({ fundId, amount: 250_000, reference: '第二批' }),
        ]),
      );
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 1_250_000, available: 1_250_000 });
      expectProblem(await get(`/funds/${fundId}/allocations`, await w.financeOf('330703')), 404, 'NOT_FOUND');
      expectProblem(await get(`/funds/${fundId}/allocations`, bystander), 403, 'FORBIDDEN');
    });
  });

  describe('programs', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('lets the city admin create a program for any region and answers its rules', async () => {
      const city = await w.fund('330700', 0);
      const county = await w.fund('330781', 0);
      const body = programBody(city, {
        issuerRegionCode: '330781',
        funding: [
          { fundId: city, shareBp: 3000 },
          { fundId: county, shareBp: 7000 },
        ],
        fullCoverageUpTo: 100_000,
        outOfRegionRatioBp: 3000,
        controllerAnnualCap: 20_000_000,
        cityReviewRequired: true,
      });
      const created = await post('/programs', t.adminToken, body).expect(201);
      expect(created.body).toMatchObject(body);
      expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
      // Each share names the region whose fund pays it.
      expect(created.body.funding).toEqual([
        { fundId: city, shareBp: 3000, regionCode: '330700', approvedAt: expect.any(String) },
        { fundId: county, shareBp: 7000, regionCode: '330781', approvedAt: expect.any(String) },
      ]);
      // The city admin may commit any region's fund: the program is active at once.
      expect(created.body.status).toBe('active');
      const minimal = await post('/programs', t.adminToken, programBody(city, { issuerRegionCode: '330700' })).expect(201);
      expect(minimal.body).toMatchObject({ fullCoverageUpTo: null, outOfRegionRatioBp: null, controllerAnnualCap: null });
    });

    it('lets a county officer create programs of its own region only; finance never', async () => {
      const fundId = await w.fund('330702', 0);
      const officer = await w.officerOf('330702');
      const own = await post('/programs', officer, programBody(fundId)).expect(201);
      expect(own.body.issuerRegionCode).toBe('330702');
      expectProblem(await post('/programs', officer, programBody(fundId, { issuerRegionCode: '330703' })), 403, 'FORBIDDEN');
      expectProblem(await post('/programs', officer, programBody(fundId, { issuerRegionCode: '330700' })), 403, 'FORBIDDEN');
      expectProblem(await post('/programs', await w.financeOf('330702'), programBody(fundId)), 403, 'FORBIDDEN');
      expectProblem(await post('/programs', bystander, programBody(fundId)), 403, 'FORBIDDEN');
      expectProblem(await post('/programs', auditor, programBody(fundId)), 403, 'FORBIDDEN');
    });

    it('refuses funding shares that do not sum to 10000, a repeated fund and an unknown fund', async () => {
      const a = await w.fund('330700', 0);
      const b = await w.fund('330702', 0);
      const programs = (funding: object[]) => post('/programs', t.adminToken, programBody(a, { funding }));
      expectProblem(
        await programs([
          { fundId: a, shareBp: 3000 },
          { fundId: b, shareBp: 6999 },
        ]),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await programs([
          { fundId: a, shareBp: 3000 },
          { fundId: b, shareBp: 7001 },
        ]),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await programs([
          { fundId: a, shareBp: 5000 },
          { fundId: a, shareBp: 5000 },
        ]),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await programs([{ fundId: randomUUID(), shareBp: 10_000 }]), 400, 'VALIDATION_FAILED');
      expectProblem(await programs([{ fundId: 'not-a-uuid', shareBp: 10_000 }]), 400, 'VALIDATION_FAILED');
      expectProblem(
        await programs([
          { fundId: a, shareBp: 0 },
          { fundId: b, shareBp: 10_000 },
        ]),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await programs([]), 400, 'VALIDATION_FAILED');
      await programs([
        { fundId: a, shareBp: 3000 },
        { fundId: b, shareBp: 7000 },
      ]).expect(201);
    });

    it('refuses empty or unknown categories, out-of-range ratios and validity, unknown fields and regions', async () => {
      const fundId = await w.fund('330702', 0);
      const bad: Body[] = [
        { categories: [] },
        { categories: ['PAINTING'] },
        { categories: 'TESTING' },
        { ratioBp: 10_001 },
        { ratioBp: -1 },
        { outOfRegionRatioBp: 10_001 },
        { validityDays: 0 },
        { claimWindowDays: 0 },
        { perVoucherMax: 0 },
        { enterpriseAnnualCap: 1.5 },
        { cityReviewRequired: 'yes' },
        { issuerRegionCode: '999999' },
        { name: 'x'.repeat(10_000) },
        { colour: 'red' },
      ];
      for (const overrides of bad) {
        const response = await post('/programs', t.adminToken, programBody(fundId, overrides));
        if (response.status !== 400)
          throw new Error(`${JSON.stringify(overrides)}: expected 400, got ${response.status} ${JSON.stringify(response.body)}`);
        expectProblem(response, 400, 'VALIDATION_FAILED');
      }
    });

    it('shows programs to every role', async () => {
      const fundId = await w.fund('330702', 0);
      const created = (await post('/programs', t.adminToken, programBody(fundId)).expect(201)).body;
      const readers = [t.adminToken, await w.officerOf('330703'), await w.financeOf('330784'), provider, bystander, auditor];
      for (const token of readers) {
        expect((await get(`/programs/${created.id}`, token).expect(200)).body).toEqual(created);
        expect(ids(await get('/programs', token).expect(200))).toContain(created.id);
      }
    });

    it('answers 404 for an unknown program and 400 for a malformed id', async () => {
      expectProblem(await get(`/programs/${randomUUID()}`, bystander), 404, 'NOT_FOUND');
      expectProblem(await get('/programs/42', bystander), 400, 'VALIDATION_FAILED');
    });
  });

  describe('applications and review', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('lets only an enterprise apply, for at most the per-voucher maximum', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId, { perVoucherMax: 2_000_000 });
      const sme = await w.enterprise();
      const body = { programId: program.id, amount: 2_000_000, purpose: '新产品型式试验' };
      const created = await post('/applications', sme.token, body).expect(201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        status: 'pending',
        programId: program.id,
        enterpriseId: sme.id,
        amount: 2_000_000,
      });
      expectProblem(await post('/applications', sme.token, { ...body, amount: 2_000_001 }), 422, 'CAP_EXCEEDED');
      for (const token of [t.adminToken, await w.officerOf('330702'), await w.financeOf('330702'), provider, auditor]) {
        expectProblem(await post('/applications', token, body), 403, 'FORBIDDEN');
      }
    });

    it('refuses malformed applications and unknown programs', async () => {
      const program = await singleFundProgram(await w.fund('330702', 0));
      const sme = await w.enterprise();
      const body = { programId: program.id, amount: 1_000, purpose: '检测' };
      for (const overrides of [
        { amount: 0 },
        { amount: '1000' },
        { amount: 1.5 },
        { purpose: '' },
        { purpose: 'x'.repeat(2001) },
        { programId: 'x' },
        { extra: 1 },
      ]) {
        expectProblem(await post('/applications', sme.token, { ...body, ...overrides }), 400, 'VALIDATION_FAILED');
      }
      expectProblem(await post('/applications', sme.token, { ...body, programId: randomUUID() }), 404, 'NOT_FOUND');
    });

    it("hides another county's program from an enterprise but opens the city's programs to every county", async () => {
      const sme = await w.enterprise({ regionCode: '330702' });
      const jindong = await singleFundProgram(await w.fund('330703', 0), { issuerRegionCode: '330703' });
      expectProblem(await post('/applications', sme.token, { programId: jindong.id, amount: 1_000, purpose: '检测' }), 404, 'NOT_FOUND');
      const city = await singleFundProgram(await w.fund('330700', 0), { issuerRegionCode: '330700' });
      await post('/applications', sme.token, { programId: city.id, amount: 1_000, purpose: '检测' }).expect(201);
    });

    it('issues the voucher when the officer of the issuing region approves', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId, { validityDays: 30 });
      const sme = await w.enterprise();
      const id = await w.apply(sme.token, program.id, 1_234_567);
      const approved = await approve(id, await w.officerOf('330702'), { comment: '材料齐全' }).expect(200);
      expect(approved.body).toMatchObject({ id, status: 'approved', amount: 1_234_567 });
      expect(approved.body.countyDecision).toMatchObject({ approved: true, comment: '材料齐全', role: 'county_officer' });
      const voucher = approved.body.voucher;
      expect(voucher).toMatchObject({
        faceValue: 1_234_567,
        balance: 1_234_567,
        status: 'active',
        validUntil: '2026-04-09T23:59:59.999+08:00',
      });
      expect(voucher.code).toMatch(CODE_SHAPE);
      expect(voucher.code.slice(-1)).toBe(checkSymbolOf(bodyOf(voucher.code)));
      const read = await get(voucherPath(voucher.code), sme.token).expect(200);
      expect(read.body).toMatchObject({
        code: voucher.code,
        programId: program.id,
        enterpriseId: sme.id,
        faceValue: 1_234_567,
        balance: 1_234_567,
        held: 0,
        status: 'active',
        issuedAt: '2026-03-10T10:00:00.000+08:00',
        funding: [{ fundId, faceValue: 1_234_567, balance: 1_234_567 }],
      });
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 10_000_000, available: 10_000_000 - 1_234_567, vouchers: 1_234_567 });
      expect((await get(`/applications/${id}`, sme.token).expect(200)).body.status).toBe('approved');
    });

    it('lets only the officers of the issuing region review; approving twice is 409', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId);
      const sme = await w.enterprise();
      const id = await w.apply(sme.token, program.id, 1_000_000);
      expectProblem(await approve(id, await w.officerOf('330703')), 404, 'NOT_FOUND');
      expectProblem(await reject(id, await w.officerOf('330703'), { reason: 'x' }), 404, 'NOT_FOUND');
      for (const token of [await w.financeOf('330702'), provider, auditor, sme.token]) {
        expectProblem(await approve(id, token), 403, 'FORBIDDEN');
        expectProblem(await reject(id, token, { reason: 'x' }), 403, 'FORBIDDEN');
      }
      expectProblem(await approve(randomUUID(), await w.officerOf('330702')), 404, 'NOT_FOUND');
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 10_000_000, vouchers: 0 });

      await approve(id, await w.officerOf('330702')).expect(200);
      expectProblem(await approve(id, await w.officerOf('330702')), 409, 'INVALID_STATE');
      expectProblem(await approve(id, t.adminToken), 409, 'INVALID_STATE');
      expectProblem(await reject(id, await w.officerOf('330702'), { reason: '迟到的驳回' }), 409, 'INVALID_STATE');
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 9_000_000, vouchers: 1_000_000 });
    });

    it('rejects only with a reason, and a rejected application cannot be approved', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId);
      const sme = await w.enterprise();
      const id = await w.apply(sme.token, program.id, 1_000_000);
      const officer = await w.officerOf('330702');
      expectProblem(await reject(id, officer, {}), 400, 'VALIDATION_FAILED');
      expectProblem(await reject(id, officer, { reason: '' }), 400, 'VALIDATION_FAILED');
      expectProblem(await reject(id, officer, { reason: 'x'.repeat(2001) }), 400, 'VALIDATION_FAILED');
      const rejected = await reject(id, officer, { reason: '申报材料不全' }).expect(200);
      expect(rejected.body).toMatchObject({ id, status: 'rejected', rejectReason: '申报材料不全' });
      expect(rejected.body.voucher).toBeUndefined();
      expectProblem(await approve(id, officer), 409, 'INVALID_STATE');
      expectProblem(await reject(id, officer, { reason: 'again' }), 409, 'INVALID_STATE');
      expect((await get(`/applications/${id}`, sme.token).expect(200)).body).toMatchObject({
        status: 'rejected',
        rejectReason: '申报材料不全',
      });
      expect((await get('/vouchers', sme.token).expect(200)).body).toEqual([]);
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 10_000_000, vouchers: 0 });
    });

    it('with cityReviewRequired, waits for the city after the county and issues on the city approval', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId, { cityReviewRequired: true });
      const sme = await w.enterprise();
      const id = await w.apply(sme.token, program.id, 800_000);
      const officer = await w.officerOf('330702');

      const county = await approve(id, officer).expect(200);
      expect(county.body).toMatchObject({ status: 'pending', stage: 'city' });
      expect(county.body.voucher).toBeUndefined();
      expect(county.body.countyDecision).toMatchObject({ approved: true });
      expect((await get('/vouchers', sme.token).expect(200)).body).toEqual([]);
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 10_000_000, vouchers: 0 });

      expectProblem(await approve(id, officer), 409, 'INVALID_STATE');
      expectProblem(await reject(id, officer, { reason: 'changed my mind' }), 409, 'INVALID_STATE');

      const city = await approve(id, t.adminToken).expect(200);
      expect(city.body).toMatchObject({ status: 'approved' });
      expect(city.body.cityDecision).toMatchObject({ approved: true, role: 'city_admin' });
      expect(city.body.voucher).toMatchObject({ faceValue: 800_000, balance: 800_000, status: 'active' });
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 10_000_000 - 800_000, vouchers: 800_000 });
      expectProblem(await approve(id, t.adminToken), 409, 'INVALID_STATE');
    });

    it('lets the city reject at its step, and refuses the city taking the county step first', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId, { cityReviewRequired: true });
      const sme = await w.enterprise();

      const early = await w.apply(sme.token, program.id, 100_000);
      expectProblem(await approve(early, t.adminToken), 409, 'INVALID_STATE');
      expect((await get(`/applications/${early}`, sme.token).expect(200)).body).toMatchObject({ status: 'pending', stage: 'county' });

      const plain = await singleFundProgram(fundId);
      const plainId = await w.apply(sme.token, plain.id, 100_000);
      expectProblem(await approve(plainId, t.adminToken), 409, 'INVALID_STATE');

      const id = await w.apply(sme.token, program.id, 100_000);
      await approve(id, await w.officerOf('330702')).expect(200);
      const rejected = await reject(id, t.adminToken, { reason: '市级复核未通过' }).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '市级复核未通过' });
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 10_000_000, vouchers: 0 });
    });

    it('has the city admin alone approve a program the city issues', async () => {
      const cityFund = await w.fund('330700', 10_000_000);
      const program = await singleFundProgram(cityFund, { issuerRegionCode: '330700', cityReviewRequired: true });
      const sme = await w.enterprise({ regionCode: '330702' });
      const id = await w.apply(sme.token, program.id, 600_000);
      expectProblem(await approve(id, await w.officerOf('330702')), 404, 'NOT_FOUND');
      const approved = await approve(id, t.adminToken).expect(200);
      expect(approved.body).toMatchObject({ status: 'approved' });
      expect(approved.body.voucher).toMatchObject({ faceValue: 600_000, status: 'active' });
      expect(await w.fundBalances(cityFund)).toMatchObject({ available: 10_000_000 - 600_000, vouchers: 600_000 });
    });

    it('scopes the application lists and reads', async () => {
      const wucheng = await singleFundProgram(await w.fund('330702', 10_000));
      const jindong = await singleFundProgram(await w.fund('330703', 0), { issuerRegionCode: '330703' });
      const mine = await w.enterprise({ regionCode: '330702' });
      const theirs = await w.enterprise({ regionCode: '330703' });
      const mineId = await w.apply(mine.token, wucheng.id, 1_000);
      const mineId2 = await w.apply(mine.token, wucheng.id, 2_000);
      const theirsId = await w.apply(theirs.token, jindong.id, 3_000);

      expect(ids(await get('/applications', mine.token).expect(200)).sort()).toEqual([mineId, mineId2].sort());
      expect(ids(await get('/applications', theirs.token).expect(200))).toEqual([theirsId]);
      const jindongPrograms = new Set(ids(await get('/programs?issuerRegionCode=330703', auditor).expect(200)));
      const officerList = await get('/applications?limit=1000', await w.officerOf('330703')).expect(200);
      expect(ids(officerList)).toContain(theirsId);
      expect(ids(officerList)).not.toContain(mineId);
      expect(officerList.body.every((a: Body) => jindongPrograms.has(a.programId))).toBe(true);
      expect(ids(await get(`/applications?programId=${wucheng.id}`, await w.officerOf('330702')).expect(200)).sort()).toEqual(
        [mineId, mineId2].sort(),
      );
      expect(ids(await get('/applications?limit=1000', auditor).expect(200))).toEqual(expect.arrayContaining([mineId, mineId2, theirsId]));
      expectProblem(await get('/applications', provider), 403, 'FORBIDDEN');
      await approve(mineId2, await w.officerOf('330702')).expect(200);
      expect(ids(await get('/applications?status=pending', mine.token).expect(200))).toEqual([mineId]);
      expect(ids(await get('/applications?status=approved', mine.token).expect(200))).toEqual([mineId2]);
      expectProblem(await get('/applications?status=lost', mine.token), 400, 'VALIDATION_FAILED');

      await get(`/applications/${mineId}`, mine.token).expect(200);
      await get(`/applications/${mineId}`, auditor).expect(200);
      expectProblem(await get(`/applications/${mineId}`, theirs.token), 404, 'NOT_FOUND');
      expectProblem(await get(`/applications/${mineId}`, await w.officerOf('330703')), 404, 'NOT_FOUND');
      expectProblem(await get(`/applications/${randomUUID()}`, mine.token), 404, 'NOT_FOUND');
      expectProblem(await get(`/applications/${mineId}`, provider), 403, 'FORBIDDEN');
    });
  });

  describe('caps and budgets', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('allows reaching the enterprise cap exactly, not one fen more; rejected and pending applications do not count', async () => {
      const fundId = await w.fund('330702', 100_000_000);
      const program = await singleFundProgram(fundId, { perVoucherMax: 5_000_000, enterpriseAnnualCap: 5_000_000 });
      const sme = await w.enterprise();
      const officer = await w.officerOf('330702');

      const rejected = await w.apply(sme.token, program.id, 5_000_000);
      await reject(rejected, officer, { reason: '重复申报' }).expect(200);
      const pending = await w.apply(sme.token, program.id, 1);

      const first = await w.voucher(sme.token, program, 3_000_000);
      const second = await w.voucher(sme.token, program, 2_000_000);
      expect((first.faceValue as number) + (second.faceValue as number)).toBe(5_000_000);

      // The application made before the cap was reached is refused at its approval, and stays pending.
      expectProblem(await approve(pending, officer), 422, 'CAP_EXCEEDED');
      expect((await get(`/applications/${pending}`, sme.token).expect(200)).body).toMatchObject({ status: 'pending' });
      const late = await w.apply(sme.token, program.id, 1);
      expectProblem(await approve(late, officer), 422, 'CAP_EXCEEDED');

      // The cap is per enterprise.
      const other = await w.enterprise();
      await w.voucher(other.token, program, 5_000_000);
      expect(await w.fundBalances(fundId)).toMatchObject({ vouchers: 10_000_000, available: 90_000_000 });
    });

    it('counts revoked vouchers against the enterprise cap', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId, { perVoucherMax: 2_000_000, enterpriseAnnualCap: 2_000_000 });
      const sme = await w.enterprise();
      const voucher = await w.voucher(sme.token, program, 2_000_000);
      await post(voucherPath(voucher.code, '/revoke'), await w.officerOf('330702'), { reason: '虚报材料' }).expect(200);
      const id = await w.apply(sme.token, program.id, 1);
      expectProblem(await approve(id, await w.officerOf('330702')), 422, 'CAP_EXCEEDED');
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 10_000_000, vouchers: 0 });
    });

    it('sums the controller cap over the enterprises of one controllerKey', async () => {
      const fundId = await w.fund('330702', 100_000_000);
      // perVoucherMax may not exceed the controller cap (issue 10 item 12).
      const program = await singleFundProgram(fundId, {
        perVoucherMax: 3_000_000,
        enterpriseAnnualCap: 5_000_000,
        controllerAnnualCap: 3_000_000,
      });
      const controllerKey = `ctrl-${randomUUID()}`;
      const first = await w.enterprise({ controllerKey });
      const sibling = await w.enterprise({ controllerKey });
      const officer = await w.officerOf('330702');

      await w.voucher(first.token, program, 2_000_000);
      const over = await w.apply(sibling.token, program.id, 1_000_001);
      expectProblem(await approve(over, officer), 422, 'CAP_EXCEEDED');
      const exact = await w.voucher(sibling.token, program, 1_000_000);
      expect(exact.faceValue).toBe(1_000_000);
      const more = await w.apply(first.token, program.id, 1);
      expectProblem(await approve(more, officer), 422, 'CAP_EXCEEDED');

      // Other controllers and enterprises without one are not affected.
      await w.voucher((await w.enterprise({ controllerKey: `ctrl-${randomUUID()}` })).token, program, 3_000_000);
      await w.voucher((await w.enterprise()).token, program, 3_000_000);
      await w.voucher((await w.enterprise()).token, program, 3_000_000);
      expect(await w.fundBalances(fundId)).toMatchObject({ vouchers: 12_000_000 });
    });

    it('enforces caps at the city approval: county-approved applications do not count until issued', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId, {
        perVoucherMax: 1_000_000,
        enterpriseAnnualCap: 1_000_000,
        cityReviewRequired: true,
      });
      const sme = await w.enterprise();
      const officer = await w.officerOf('330702');
      const a = await w.apply(sme.token, program.id, 1_000_000);
      const b = await w.apply(sme.token, program.id, 1_000_000);
      expect((await approve(a, officer).expect(200)).body.stage).toBe('city');
      expect((await approve(b, officer).expect(200)).body.stage).toBe('city');
      await approve(a, t.adminToken).expect(200);
      expectProblem(await approve(b, t.adminToken), 422, 'CAP_EXCEEDED');
      expect(await w.fundBalances(fundId)).toMatchObject({ vouchers: 1_000_000 });
    });

    it('refuses with BUDGET_EXHAUSTED when a co-funding fund lacks budget, writing nothing', async () => {
      const cityFund = await w.fund('330700', 10_000_000);
      const countyFund = await w.fund('330702', 500_000);
      const program = await w.program({
        funding: [
          { fundId: cityFund, shareBp: 3000 },
          { fundId: countyFund, shareBp: 7000 },
        ],
      });
      const sme = await w.enterprise();
      const officer = await w.officerOf('330702');
      const id = await w.apply(sme.token, program.id, 1_000_000);

      expectProblem(await approve(id, officer), 422, 'BUDGET_EXHAUSTED');
      expect(await w.fundBalances(cityFund)).toMatchObject({ allocated: 10_000_000, available: 10_000_000, vouchers: 0 });
      expect(await w.fundBalances(countyFund)).toMatchObject({ allocated: 500_000, available: 500_000, vouchers: 0 });
      expect((await get(`/applications/${id}`, sme.token).expect(200)).body).toMatchObject({ status: 'pending' });
      expect((await get('/vouchers', sme.token).expect(200)).body).toEqual([]);

      // With 200,000 more, the county share of 700,000 fits exactly.
      await w.allocate(countyFund, '330702', 200_000);
      const approved = await approve(id, officer).expect(200);
      expect(approved.body.voucher).toMatchObject({ faceValue: 1_000_000 });
      expect(await w.fundBalances(cityFund)).toMatchObject({ available: 10_000_000 - 300_000, vouchers: 300_000 });
      expect(await w.fundBalances(countyFund)).toMatchObject({ available: 0, vouchers: 700_000 });
    });

    it('refuses with BUDGET_EXHAUSTED when a fund never received an allocation', async () => {
      const empty = await w.fund('330702', 0);
      const program = await singleFundProgram(empty);
      const sme = await w.enterprise();
      const id = await w.apply(sme.token, program.id, 1);
      expectProblem(await approve(id, await w.officerOf('330702')), 422, 'BUDGET_EXHAUSTED');
      expect(await w.fundBalances(empty)).toMatchObject({ allocated: 0, available: 0, vouchers: 0 });
    });
  });

  describe('racing approvals', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('holds the enterprise cap when ten approvals of one enterprise race', async () => {
      const fundId = await w.fund('330702', 100_000_000);
      const program = await singleFundProgram(fundId, { perVoucherMax: 1_000_000, enterpriseAnnualCap: 5_000_000 });
      const sme = await w.enterprise();
      const officer = await w.officerOf('330702');
      const applications: string[] = [];
      for (let i = 0; i < 10; i++) applications.push(await w.apply(sme.token, program.id, 1_000_000));

      const answers = await Promise.all(applications.map((id) => approve(id, officer)));
      const approved = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status !== 200);
      expect(approved).toHaveLength(5);
      expect(refused).toHaveLength(5);
      refused.forEach((answer) => {
        expectProblem(answer, 422, 'CAP_EXCEEDED');
      });
      expect(sum(approved.map((a) => a.body.voucher.faceValue))).toBe(5_000_000);

      const vouchers = await get(`/vouchers?programId=${program.id}`, sme.token).expect(200);
      expect(vouchers.body).toHaveLength(5);
      expect(sum(vouchers.body.map((v: Body) => v.faceValue))).toBe(5_000_000);
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 95_000_000, vouchers: 5_000_000 });
    });

    it('holds the controller cap when approvals of related enterprises race', async () => {
      const fundId = await w.fund('330702', 100_000_000);
      const program = await singleFundProgram(fundId, {
        perVoucherMax: 1_000_000,
        enterpriseAnnualCap: 5_000_000,
        controllerAnnualCap: 3_000_000,
      });
      const controllerKey = `ctrl-${randomUUID()}`;
      const officer = await w.officerOf('330702');
      const applications: string[] = [];
      for (let i = 0; i < 6; i++) applications.push(await w.apply((await w.enterprise({ controllerKey })).token, program.id, 1_000_000));

      const answers = await Promise.all(applications.map((id) => approve(id, officer)));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
      answers
        .filter((a) => a.status !== 200)
        .forEach((answer) => {
          expectProblem(answer, 422, 'CAP_EXCEEDED');
        });
      expect(await w.fundBalances(fundId)).toMatchObject({ vouchers: 3_000_000 });
    });

    it('never overdraws a fund when approvals of ten enterprises race', async () => {
      const fundId = await w.fund('330702', 3_500_000);
      const program = await singleFundProgram(fundId, { perVoucherMax: 1_000_000 });
      const officer = await w.officerOf('330702');
      const applications: string[] = [];
      for (let i = 0; i < 10; i++) applications.push(await w.apply((await w.enterprise()).token, program.id, 1_000_000));

      const answers = await Promise.all(applications.map((id) => approve(id, officer)));
      const approved = answers.filter((a) => a.status === 200);
      expect(approved).toHaveLength(3);
      answers
        .filter((a) => a.status !== 200)
        .forEach((answer) => {
          expectProblem(answer, 422, 'BUDGET_EXHAUSTED');
        });
      expect(approved.every((a) => a.body.voucher.faceValue === 1_000_000)).toBe(true);
      expect(await w.fundBalances(fundId)).toMatchObject({ allocated: 3_500_000, available: 500_000, vouchers: 3_000_000 });
    });

    it('issues one voucher when the same application is approved several times at once', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId);
      const sme = await w.enterprise();
      const id = await w.apply(sme.token, program.id, 1_000_000);
      const officer = await w.officerOf('330702');

      const answers = await Promise.all(Array.from({ length: 5 }, () => approve(id, officer)));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      answers
        .filter((a) => a.status !== 200)
        .forEach((answer) => {
          expectProblem(answer, 409, 'INVALID_STATE');
        });
      expect((await get('/vouchers', sme.token).expect(200)).body).toHaveLength(1);
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 9_000_000, vouchers: 1_000_000 });
    });
  });

  describe('vouchers', () => {
    afterAll(() => w.expectLedgerBalanced());

    it('scopes the voucher list and reads: the enterprise its own, the officer its issuing region', async () => {
      // 330723 (武义县) is used by no other test, so its officer's list is known exactly.
      const wuyi = await singleFundProgram(await w.fund('330723', 10_000_000), { issuerRegionCode: '330723' });
      const wucheng = await singleFundProgram(await w.fund('330702', 10_000_000));
      const a = await w.enterprise({ regionCode: '330723' });
      const b = await w.enterprise({ regionCode: '330723' });
      const c = await w.enterprise({ regionCode: '330702' });
      const va = await w.voucher(a.token, wuyi, 100_000);
      const vb = await w.voucher(b.token, wuyi, 200_000);
      const vc = await w.voucher(c.token, wucheng, 300_000);

      expect(codes(await get('/vouchers', a.token).expect(200))).toEqual([va.code]);
      expect(codes(await get('/vouchers', c.token).expect(200))).toEqual([vc.code]);
      const officer = await w.officerOf('330723');
      expect(codes(await get('/vouchers', officer).expect(200)).sort()).toEqual([va.code, vb.code].sort());
      expect(codes(await get('/vouchers?limit=1000', await w.officerOf('330702')).expect(200))).toEqual(expect.arrayContaining([vc.code]));
      expect(codes(await get('/vouchers?limit=1000', await w.officerOf('330702')).expect(200))).not.toContain(va.code);
      expect(codes(await get('/vouchers?limit=1000', auditor).expect(200))).toEqual(expect.arrayContaining([va.code, vb.code, vc.code]));
      expectProblem(await get('/vouchers', provider), 403, 'FORBIDDEN');

      await get(voucherPath(va.code), officer).expect(200);
      await get(voucherPath(va.code), auditor).expect(200);
      expectProblem(await get(voucherPath(va.code), b.token), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(va.code), await w.officerOf('330702')), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(vc.code), officer), 404, 'NOT_FOUND');
    });

    it('filters the voucher list by status and program', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const first = await singleFundProgram(fundId);
      const second = await singleFundProgram(fundId);
      const sme = await w.enterprise();
      const keep = await w.voucher(sme.token, first, 100_000);
      const revoke = await w.voucher(sme.token, second, 200_000);
      await post(voucherPath(revoke.code, '/revoke'), await w.officerOf('330702'), { reason: '企业注销' }).expect(200);

      expect(codes(await get('/vouchers?status=revoked', sme.token).expect(200))).toEqual([revoke.code]);
      expect(codes(await get('/vouchers?status=active', sme.token).expect(200))).toEqual([keep.code]);
      expect(codes(await get(`/vouchers?programId=${second.id}`, sme.token).expect(200))).toEqual([revoke.code]);
      expect(codes(await get(`/vouchers?programId=${first.id}&status=revoked`, sme.token).expect(200))).toEqual([]);
      expect(codes(await get(`/vouchers?programId=${first.id}`, await w.officerOf('330702')).expect(200))).toEqual([keep.code]);
      expectProblem(await get('/vouchers?status=lost', sme.token), 400, 'VALIDATION_FAILED');
      expectProblem(await get('/vouchers?programId=42', sme.token), 400, 'VALIDATION_FAILED');
    });

    it('reads a code typed in lower case, with spaces, and with I, L and O for 1 and 0', async () => {
      const program = await singleFundProgram(await w.fund('330702', 100_000_000));
      const sme = await w.enterprise();
      // A code holds a 1 and a 0 about one time in six: issue until one does.
      let code = '';
      for (let attempt = 0; attempt < 100 && !(bodyOf(code).includes('1') && bodyOf(code).includes('0')); attempt++) {
        code = (await w.voucher(sme.token, program, 100)).code as string;
      }
      expect(bodyOf(code)).toMatch(/1/);
      expect(bodyOf(code)).toMatch(/0/);

      const typed = [
        code.toLowerCase(),
        code.replace(/-/g, ' '),
        code.replace(/-/g, ''),
        ` ${code.toLowerCase().replace(/-/g, '  ')} `,
        code.replace(/1/g, 'I').replace(/0/g, 'O'),
        code.replace(/1/g, 'l').replace(/0/g, 'o'),
        code.replace(/1/g, 'L').replace(/0/g, 'O').toLowerCase(),
      ];
      for (const input of typed) {
        const response = await get(voucherPath(input), sme.token);
        if (response.status !== 200) throw new Error(`"${input}" for ${code}: ${response.status} ${JSON.stringify(response.body)}`);
        expect(response.body.code).toBe(code);
      }
    });

    it('answers 404 for a mistyped, unknown or malformed code', async () => {
      const program = await singleFundProgram(await w.fund('330702', 10_000_000));
      const sme = await w.enterprise();
      const code = (await w.voucher(sme.token, program, 1_000)).code as string;
      const body = bodyOf(code);
      for (const position of [0, 7, 15]) {
        const wrong = body[position] === 'A' ? 'B' : 'A';
        const mistyped = `${body.slice(0, position)}${wrong}${body.slice(position + 1)}${code.slice(-1)}`;
        expectProblem(await get(voucherPath(mistyped), sme.token), 404, 'NOT_FOUND');
      }
      const wrongCheck = CHECK_SYMBOLS[(CHECK_SYMBOLS.indexOf(code.slice(-1)) + 1) % 37];
      expectProblem(await get(voucherPath(`${body}${wrongCheck}`), sme.token), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(unknownCode()), sme.token), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(unknownCode()), auditor), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(code.slice(0, -2)), sme.token), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath('NOT-A-CODE'), sme.token), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(`${code}0`), sme.token), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(code), bystander), 404, 'NOT_FOUND');
    });

    it('draws the QR code as SVG for its enterprise only', async () => {
      const program = await singleFundProgram(await w.fund('330702', 10_000_000));
      const sme = await w.enterprise();
      const code = (await w.voucher(sme.token, program, 1_000)).code as string;
      const qr = await get(voucherPath(code.toLowerCase(), '/qr.svg'), sme.token)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            done(null, text);
          });
        })
        .expect(200);
      expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(qr.body).toContain('<svg');
      expectProblem(await get(voucherPath(code, '/qr.svg'), bystander), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(unknownCode(), '/qr.svg'), sme.token), 404, 'NOT_FOUND');
      expectProblem(await get(voucherPath(code, '/qr.svg'), await w.officerOf('330702')), 403, 'FORBIDDEN');
      expectProblem(await get(voucherPath(code, '/qr.svg'), provider), 403, 'FORBIDDEN');
    });

    it('revokes a voucher with a reason and returns its balance to the funds, once', async () => {
      const cityFund = await w.fund('330700', 10_000_000);
      const countyFund = await w.fund('330702', 10_000_000);
      const program = await w.program({
        funding: [
          { fundId: cityFund, shareBp: 3000 },
          { fundId: countyFund, shareBp: 7000 },
        ],
      });
      const sme = await w.enterprise();
      const voucher = await w.voucher(sme.token, program, 1_000_001);
      expect(await w.fundBalances(cityFund)).toMatchObject({ available: 10_000_000 - 300_000, vouchers: 300_000 });
      const path = voucherPath(voucher.code, '/revoke');

      expectProblem(await post(path, await w.officerOf('330703'), { reason: '虚报材料' }), 404, 'NOT_FOUND');
      expectProblem(await post(path, sme.token, { reason: '虚报材料' }), 403, 'FORBIDDEN');
      expectProblem(await post(path, provider, { reason: '虚报材料' }), 403, 'FORBIDDEN');
      expectProblem(await post(path, await w.financeOf('330702'), { reason: '虚报材料' }), 403, 'FORBIDDEN');
      expectProblem(await post(path, auditor, { reason: '虚报材料' }), 403, 'FORBIDDEN');
      expectProblem(await post(path, await w.officerOf('330702'), {}), 400, 'VALIDATION_FAILED');
      expectProblem(await post(voucherPath(unknownCode(), '/revoke'), await w.officerOf('330702'), { reason: 'x' }), 404, 'NOT_FOUND');

      const revoked = await post(path, await w.officerOf('330702'), { reason: '虚报材料' }).expect(200);
      expect(revoked.body).toMatchObject({ code: voucher.code, status: 'revoked', faceValue: 1_000_001, balance: 0, held: 0 });
      expect(revoked.body.funding).toEqual([
        { fundId: cityFund, faceValue: 300_000, balance: 0 },
        { fundId: countyFund, faceValue: 700_001, balance: 0 },
      ]);
      expect(await w.fundBalances(cityFund)).toMatchObject({ allocated: 10_000_000, available: 10_000_000, vouchers: 0 });
      expect(await w.fundBalances(countyFund)).toMatchObject({ allocated: 10_000_000, available: 10_000_000, vouchers: 0 });
      expect((await get(voucherPath(voucher.code), sme.token).expect(200)).body.status).toBe('revoked');

      expectProblem(await post(path, await w.officerOf('330702'), { reason: 'again' }), 409, 'INVALID_STATE');
      expectProblem(await post(path, t.adminToken, { reason: 'again' }), 409, 'INVALID_STATE');
      expect(await w.fundBalances(countyFund)).toMatchObject({ available: 10_000_000, vouchers: 0 });
    });

    it('lets the city admin revoke a voucher of any region', async () => {
      const fundId = await w.fund('330702', 10_000_000);
      const program = await singleFundProgram(fundId);
      const sme = await w.enterprise();
      const voucher = await w.voucher(sme.token, program, 400_000);
      const revoked = await post(voucherPath(voucher.code, '/revoke'), t.adminToken, { reason: '政策调整' }).expect(200);
      expect(revoked.body.status).toBe('revoked');
      expect(await w.fundBalances(fundId)).toMatchObject({ available: 10_000_000, vouchers: 0 });
    });
  });

  describe('ledger', () => {
    it('lets the city admin and auditors verify the ledger, nobody else', async () => {
      const report = await get('/ledger/verify', auditor).expect(200);
      expect(report.body).toMatchObject({ balanced: true, problems: [] });
      expect(report.body.transactionsChecked).toBeGreaterThan(0);
      expectProblem(await get('/ledger/verify', bystander), 403, 'FORBIDDEN');
      expectProblem(await get('/ledger/verify', provider), 403, 'FORBIDDEN');
      expectProblem(await get('/ledger/verify', await w.financeOf('330702')), 403, 'FORBIDDEN');
      expectProblem(await get('/ledger/verify', await w.officerOf('330702')), 403, 'FORBIDDEN');
    });
  });
});
