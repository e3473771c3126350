import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  createProvider,
  createUser,
  enterpriseBody,
  expectProblem,
  providerBody,
  startTestApp,
  type TestApp,
} from '../support/test-app.js';
import { pdf, upload } from '../support/documents.js';
import { World } from '../support/world.js';

const JSON_TYPE = 'application/json';
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const CAP = 9_000_000_000_000_000n;
const MAX_ALLOCATION = 10_000_000_000_000; // 10^13 fen, the largest single amount

/** `depth` nested arrays: `[[[…]]]`. */
function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('bad input is a 400, never a 500 (issue 10 items 2 and 7)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(() => w.finish());

  const login = (body: string) => t.http().post('/auth/login').set('content-type', JSON_TYPE).send(body);

  describe('deep JSON', () => {
    it('answers six parallel 1 MB bodies of [[[[…]]]] with 400, and /health still answers right after', async () => {
      const body = nested(500_000); // 1 000 000 bytes, within the 1 MB body limit
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 6 }, () => login(body)));
      const health = await t.http().get('/health');
      console.log(`six 1 MB deep bodies answered and /health checked in ${Date.now() - started} ms`);
      for (const answer of answers) {
        expectProblem(answer, 400, 'VALIDATION_FAILED');
        expect(answer.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('32') }]);
      }
      expect(health.status).toBe(200);
    });

    it('refuses 33 levels, lets 32 through to validation, and ignores brackets inside strings', async () => {
      const deep = await login(`{"username":${nested(32)}}`);
      expectProblem(deep, 400, 'VALIDATION_FAILED');
      expect(deep.body.errors[0].field).toBe('body');
      const at32 = await login(`{"username":${nested(31)}}`);
      expectProblem(at32, 400, 'VALIDATION_FAILED');
      expect(at32.body.errors.map((e: { field: string }) => e.field)).toContain('username');
      const brackets = await login(JSON.stringify({ username: '['.repeat(40) + '"\\' + '{'.repeat(40), password: 'x' }));
      expectProblem(brackets, 401, 'UNAUTHENTICATED');
    });

    it('keeps answering malformed JSON with 400', async () => {
      for (const body of ['{', '{"username":', '[1,]', '{"a":1}}', 'nul', '"\\x"'])
        expectProblem(await login(body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('text, null and paging', () => {
    it('refuses NUL and unpaired surrogates in bodies, naming the field, and writes nothing', async () => {
      for (const name of ['金华\u0000公司', 'a\uD800b', 'a\uDC00', '\uDBFF']) {
        const answer = await t.http().post('/enterprises').set('authorization', t.adminToken).send(enterpriseBody({ name }));
        expectProblem(answer, 400, 'VALIDATION_FAILED');
        expect(answer.body.errors).toEqual([{ field: 'name', message: expect.stringContaining('NUL') }]);
      }
      const nestedField = await t
        .http()
        .post('/providers')
        .set('authorization', t.adminToken)
        .send(providerBody({ bankAccount: { bankName: 'x\u0000', accountName: 'y', accountNo: '1208010009200123456' } }));
      expectProblem(nestedField, 400, 'VALIDATION_FAILED');
      expect(nestedField.body.errors[0].field).toBe('bankAccount.bankName');
      // A pair is a real character (𠀀, U+20000) and passes.
      await t
        .http()
        .post('/enterprises')
        .set('authorization', t.adminToken)
        .send(enterpriseBody({ name: '金华\uD840\uDC00公司' }))
        .expect(201);
      const names = (await t.http().get('/enterprises?limit=1000').set('authorization', t.adminToken).expect(200)).body.map(
        (e: { name: string }) => e.name,
      );
      expect(names.filter((n: string) => n.includes('\u0000') || n.includes('\uFFFD'))).toEqual([]);
    });

    it('refuses NUL and unpaired surrogates in query strings and path parameters', async () => {
      const query = await t.http().get('/audit-log?entityId=a%00b').set('authorization', t.adminToken);
      expectProblem(query, 400, 'VALIDATION_FAILED');
      expect(query.body.errors[0].field).toBe('entityId');
      expectProblem(await t.http().get('/vouchers/AB%00CD').set('authorization', t.adminToken), 400, 'VALIDATION_FAILED');
    });

    it('takes null for an optional field as absent, and still refuses null for a required one', async () => {
      const cases: Array<{ url: string; body: Record<string, unknown>; key: string }> = [
        { url: '/enterprises', body: enterpriseBody(), key: 'controllerKey' },
        { url: '/providers', body: providerBody(), key: 'complexId' },
        { url: '/regions', body: { name: '测试县', level: 'county', code: '' }, key: 'parentCode' },
      ];
      let code = 339_900;
      for (const { url, body, key } of cases) {
        const fresh = () =>
          url === '/regions' ? { ...body, code: String(code++) } : url === '/providers' ? providerBody() : enterpriseBody();
        const absent = await t.http().post(url).set('authorization', t.adminToken).send(fresh());
        const asNull = await t
          .http()
          .post(url)
          .set('authorization', t.adminToken)
          .send({ ...fresh(), [key]: null });
        expect({ url, status: asNull.status }).toEqual({ url, status: absent.status });
        expect(asNull.status).toBe(201);
        expect(asNull.body[key] ?? null).toBeNull();
      }
      const required = await t
        .http()
        .post('/enterprises')
        .set('authorization', t.adminToken)
        .send(enterpriseBody({ name: null }));
      expectProblem(required, 400, 'VALIDATION_FAILED');
      expect(required.body.errors[0].field).toBe('name');
      expectProblem(
        await t
          .http()
          .post('/enterprises')
          .set('authorization', t.adminToken)
          .send(enterpriseBody({ bankAccount: null, extra: 1 })),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('answers huge, negative and fractional limit and offset with 400', async () => {
      for (const query of [
        'offset=1e20',
        'offset=100000000000000000000',
        'offset=-1',
        'offset=1.5',
        'limit=1e20',
        'limit=-5',
        'limit=2.5',
        'limit=0',
        'offset=abc',
        'offset=1000000001',
      ]) {
        const answer = await t.http().get(`/enterprises?${query}`).set('authorization', t.adminToken);
        expectProblem(answer, 400, 'VALIDATION_FAILED');
      }
      await t.http().get('/enterprises?limit=1000&offset=1000000000').set('authorization', t.adminToken).expect(200);
    });
  });

  describe('periods and dates', () => {
    // The test clock is 2026-03-10 in Shanghai: periods run from 2000-01 to 2027-12.
    it('reads a period only from 2000-01 to December of next year', async () => {
      const finance = await w.financeOf('330702');
      for (const period of ['1999-12', '0000-01', '2028-01', '9999-12', '2026-13', '2026-3']) {
        expectProblem(await t.http().get(`/reconciliation/330702/${period}`).set('authorization', t.adminToken), 400, 'VALIDATION_FAILED');
        expectProblem(
          await t.http().post('/settlements/runs').set('authorization', finance).send({ regionCode: '330702', period }),
          400,
          'VALIDATION_FAILED',
        );
        expectProblem(
          await t.http().post('/audit/samples').set('authorization', t.adminToken).send({ regionCode: '330702', period }),
          400,
          'VALIDATION_FAILED',
        );
        expectProblem(await t.http().get(`/settlements?period=${period}`).set('authorization', t.adminToken), 400, 'VALIDATION_FAILED');
      }
      await t.http().get('/reconciliation/330702/2000-01').set('authorization', t.adminToken).expect(200);
      await t.http().get('/reconciliation/330702/2027-12').set('authorization', t.adminToken).expect(200);
    });

    it('refuses an invoice dated after today (Shanghai, by the app clock) and dates that do not exist', async () => {
      const provider = await createProvider(t);
      const { token } = await createUser(t, 'provider', { providerId: provider.id });
      const invoiceFile = (await upload(t, token, pdf(`invoice ${randomUUID()}`), '发票.pdf')).id as string;
      const claim = (date: string) =>
        t
          .http()
          .post('/claims')
          .set('authorization', token)
          .set('idempotency-key', randomUUID())
          .send({ redemptionIds: [randomUUID()], invoice: { number: `INV-${date}`, date, amount: 100 }, documentIds: [invoiceFile] });
      // 2026-03-10T10:00+08:00: the 11th is tomorrow.
      const tomorrow = await claim('2026-03-11');
      expectProblem(tomorrow, 400, 'VALIDATION_FAILED');
      expect(tomorrow.body.errors[0].field).toBe('invoice.date');
      for (const date of ['2026-02-30', '2026-02-29', '0000-01-01', '2026-3-1']) expectProblem(await claim(date), 400, 'VALIDATION_FAILED');
      // Today is allowed: the claim then fails on the unknown redemption, not on the date.
      expectProblem(await claim('2026-03-10'), 404, 'NOT_FOUND');
    });
  });

  describe('allocations cap', () => {
    it('stops a fund at 9 × 10^15 fen, one of two racing allocations at the cap, and every sum stays exact', async () => {
      const finance = await w.financeOf('330702');
      const fundId = await w.fund('330702', 0, 'cap-fund');
      const allocate = (amount: number) =>
        t
          .http()
          .post(`/funds/${fundId}/allocations`)
          .set('authorization', finance)
          .set('idempotency-key', randomUUID())
          .send({ amount, reference: 'cap' });
      const below = Number(CAP / BigInt(MAX_ALLOCATION)) - 1; // 899 allocations of 10^13: 10^13 below the cap
      for (let done = 0; done < below;) {
        const batch = Math.min(10, below - done);
        const answers = await Promise.all(Array.from({ length: batch }, () => allocate(MAX_ALLOCATION)));
        expect(answers.map((a) => a.status)).toEqual(Array(batch).fill(201));
        done += batch;
      }
      const race = await Promise.all([allocate(MAX_ALLOCATION), allocate(MAX_ALLOCATION)]);
      expect(race.map((a) => a.status).sort()).toEqual([201, 400]);
      expectProblem(
        race.find((a) => a.status === 400)!,
        400,
        'VALIDATION_FAILED',
      );
      // The cap is per fund (docs/api.md): another fund of the region takes its own 9 × 10^15, and the
      // region's sums (1.8 × 10^16, past 2^53) still come out as exact JSON integers.
      const second = await w.fund('330702', 0, 'cap-fund-2');
      for (let done = 0; done < below + 1;) {
        const batch = Math.min(10, below + 1 - done);
        const answers = await Promise.all(
          Array.from({ length: batch }, () =>
            t
              .http()
              .post(`/funds/${second}/allocations`)
              .set('authorization', finance)
              .set('idempotency-key', randomUUID())
              .send({ amount: MAX_ALLOCATION, reference: 'cap' }),
          ),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(batch).fill(201));
        done += batch;
      }

      const fund = (await t.http().get(`/funds/${fundId}`).set('authorization', finance).expect(200)).body;
      expect(BigInt(fund.balances.allocated)).toBe(CAP);
      expect(BigInt(fund.balances.available)).toBe(CAP);
      expect(CAP <= MAX_SAFE).toBe(true);
      await t.http().get('/funds').set('authorization', t.adminToken).expect(200);
      const period = '2026-03';
      const rec = await t.http().get(`/reconciliation/330702/${period}`).set('authorization', t.adminToken).expect(200);
      // JSON.parse would round 2 × CAP; the text must carry its exact digits.
      expect(rec.text).toContain(`"closing":${2n * CAP}`);
      await t.http().get('/reconciliation/330700/2026-03').set('authorization', t.adminToken).expect(200);
      await t.http().get('/dashboard/330700/2026').set('authorization', t.adminToken).expect(200);
      await t.http().get('/dashboard/330702/2026').set('authorization', t.adminToken).expect(200);
    }, 180_000);
  });

  describe('hostile sweep over every route of the OpenAPI document', () => {
    const HUGE = 'x'.repeat(100_000);
    /** Whole bodies, as raw JSON text. */
    const RAW_BODIES = [
      'null',
      '[]',
      '{}',
      '1e400',
      '""',
      '"\\u0000"',
      '"\\ud800"',
      'true',
      '-0',
      '[null]',
      '[{}]',
      '{"a":{"b":{"c":[]}}}',
      JSON.stringify(HUGE),
    ];
    /** Values put in every field of a body at once. */
    const FIELD_VALUES: unknown[] = [
      null,
      [],
      {},
      '',
      HUGE,
      'a\u0000b',
      '\uD800',
      '12',
      '1e400',
      1e300,
      -1,
      1.5,
      0,
      true,
      { a: 'b' },
      [{ a: 1 }],
      ['\u0000'],
    ];
    const QUERIES = [
      'limit=1e20&offset=1e20',
      'offset=-1',
      'limit=abc',
      'limit=1.5',
      'year=1e400',
      'year=-1',
      'regionCode=%00',
      'regionCode[]=1',
      'regionCode=330702&regionCode=330703',
      'status=%ED%A0%80',
      'period=0000-00',
      'period=9999-12',
      'q=%00',
      'beforeId=99999999999999999999',
      'programId=not-a-uuid',
      'fundId=%00',
      `name=${HUGE.slice(0, 5000)}`,
    ];

    let doc: {
      paths: Record<string, Partial<Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>>;
      components: { schemas: Partial<Record<string, { properties?: Record<string, unknown> }>> };
    };
    const five: string[] = [];

    beforeAll(async () => {
      doc = (await t.http().get('/docs-json').expect(200)).body;
    });

    /** A path with its parameters filled in: a fresh uuid for ids, a well-formed value otherwise. */
    function concrete(path: string): string {
      return path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === 'regionCode'
          ? '330702'
          : name === 'period'
            ? '2026-03'
            : name === 'year'
              ? '2026'
              : name === 'code'
                ? 'ABCD-EFGH-JKMN-PQRS-T'
                : randomUUID(),
      );
    }

    function fieldsOf(path: string, method: string): string[] {
      const ref = doc.paths[path][method]?.requestBody?.content?.[JSON_TYPE]?.schema?.$ref;
      return ref ? Object.keys(doc.components.schemas[ref.split('/').pop()!]?.properties ?? {}) : [];
    }

    function note(what: string, status: number): void {
      if (status >= 500) five.push(`${what} → ${status}`);
    }

    it('answers hostile bodies to every POST, PUT and PATCH route without a 500', async () => {
      const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((m) => ['post', 'put', 'patch'].includes(m))
          .map((m) => ({ path, method: m })),
      );
      expect(routes.length).toBeGreaterThan(15);
      for (const { path, method } of routes) {
        const url = concrete(path);
        const send = (body: string) =>
          t
            .http()
            [method as 'post'](url)
            .set('authorization', t.adminToken)
            .set('idempotency-key', randomUUID())
            .set('content-type', JSON_TYPE)
            .send(body);
        for (const raw of RAW_BODIES) note(`${method} ${path} ${raw.slice(0, 20)}`, (await send(raw)).status);
        const fields = fieldsOf(path, method);
        for (const value of FIELD_VALUES) {
          const body = JSON.stringify(Object.fromEntries(fields.map((f) => [f, value])));
          note(
            `${method} ${path} all fields = ${JSON.stringify(value).slice(0, 20)}`,
            (await send(body.replace(/1e\+300/g, '1e400'))).status,
          );
        }
      }
      expect(five).toEqual([]);
    }, 120_000);

    it('answers hostile query strings to every GET route without a 500', async () => {
      const paths = Object.entries(doc.paths)
        .filter(([, methods]) => methods.get)
        .map(([path]) => path);
      for (const path of paths) {
        for (const query of QUERIES) {
          const answer = await t
            .http()
            .get(`${concrete(path)}?${query}`)
            .set('authorization', t.adminToken);
          note(`GET ${path}?${query.slice(0, 40)}`, answer.status);
        }
      }
      expect(five).toEqual([]);
    }, 120_000);
  });
});
