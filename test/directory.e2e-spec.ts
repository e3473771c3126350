import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CatalogService } from '@ivl/catalog';
import type { Body } from './support/bodies.js';
import { attachLicence, signUp } from './support/registrations.js';
import { expectProblem, PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

interface Party {
  id: string;
  token: string;
  uscc: string;
}

/**
 * Service products (服务产品) and the public directory (服务机构库). The world, at 2026-03-10:
 * - 婺城 精密检测 (330702, NEV complex, TESTING+DESIGN, CMA valid to 2028): rated 3 stars;
 * - 金东 工业设计 (330703, BIOMED complex, DESIGN+RND, no accreditation): rated 5 stars;
 * - 创研科技 (330702, no complex, RND+TESTING, CNAS expired 2025-12-31): unrated, one product withdrawn;
 * - 光谱 (suspended after publishing) and a provider still on notice (公示): never in the directory.
 */
describe('service products and the public directory', () => {
  let t: TestApp;
  let w: World;
  let testing: Party;
  let design: Party;
  let research: Party;
  let suspended: Party;
  let sme: Party;
  let nevComplex: string;
  let emcService: Body;
  let designService: Body;

  const publish = (token: string, body: Record<string, unknown>) => t.http().post('/services').set('authorization', token).send(body);
  const search = (query: Record<string, string | number | boolean>) => t.http().get('/directory/providers').query(query);
  const names = (response: Body) => (response.body.items as Array<{ name: string }>).map((p) => p.name);

  async function product(party: Party, body: Record<string, unknown>): Promise<Body> {
    const response = await publish(party.token, { priceFrom: 300_000, unit: '次', ...body });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function rate(provider: Party, voucherCode: string, stars: number): Promise<void> {
    const redeemed = await w.redeem(provider.token, { voucherCode, orderAmount: 200_000 });
    expect(redeemed.status).toBe(201);
    await t.http().post(`/redemptions/${redeemed.body.id}/confirm`).set('authorization', sme.token).send().expect(200);
    await t
      .http()
      .post(`/redemptions/${redeemed.body.id}/rating`)
      .set('authorization', sme.token)
      .send({ stars, comment: '服务规范' })
      .expect(201);
  }

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    const complex = (name: string, sector: string, regionCode: string) =>
      t.http().post('/complexes').set('authorization', t.adminToken).send({ name, sector, level: 'county', regionCode });
    nevComplex = (await complex('婺城区新能源汽车产业创新服务综合体', 'NEV', '330702').expect(201)).body.id;
    const biomed = (await complex('金东区生物医药产业创新服务综合体', 'BIOMED', '330703').expect(201)).body.id;

    testing = await w.provider({ name: '金华婺城精密检测有限公司', complexId: nevComplex, categories: ['TESTING', 'DESIGN'] });
    design = await w.provider({
      name: '金东工业设计中心有限公司',
      regionCode: '330703',
      complexId: biomed,
      categories: ['DESIGN', 'RND'],
      accreditations: [],
    });
    research = await w.provider({
      name: '金华创研科技有限公司',
      categories: ['RND', 'TESTING'],
      accreditations: [{ type: 'CNAS', number: 'CNAS-L0001', validUntil: '2025-12-31' }],
    });
    suspended = await w.provider({ name: '金华光谱分析有限公司', categories: ['TESTING'] });
    sme = await w.enterprise();

    emcService = await product(testing, {
      name: '电磁兼容(EMC)检测',
      category: 'TESTING',
      description: '新能源汽车零部件电磁兼容测试，出具CMA报告',
      priceTo: 800_000,
      turnaroundDays: 10,
    });
    designService = await product(design, {
      name: '小家电外观设计',
      category: 'DESIGN',
      description: '外观与结构设计，含手板打样与外观检测',
      unit: '项',
    });
    await product(research, { name: '高分子材料成分分析', category: 'RND', description: '材料成分与老化性能分析', unit: '样品' });
    const old = await product(research, { name: '激光切割工艺开发', category: 'RND', description: '旧的服务项目' });
    await t.http().post(`/services/${old.id}/withdraw`).set('authorization', research.token).expect(200);
    await product(suspended, { name: '红外光谱检测', category: 'TESTING', description: '近红外光谱定性分析' });
    await t
      .http()
      .post(`/providers/${suspended.id}/status`)
      .set('authorization', t.adminToken)
      .send({ status: 'suspended', reason: '年检不合格' })
      .expect(200);

    const fund = await w.fund('330702', 1_000_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10_000 }] });
    const voucher = await w.voucher(sme.token, program, 5_000_000);
    await rate(testing, voucher.code as string, 3);
    await rate(design, voucher.code as string, 5);
  });
  afterAll(() => t.close());

  describe('the public directory (no token)', () => {
    it('lists only active providers, best rated first, each with its published products, rating and no private data', async () => {
      const all = await search({}).expect(200);
      expect(all.body.total).toBe(3);
      expect(names(all)).toEqual(['金东工业设计中心有限公司', '金华婺城精密检测有限公司', '金华创研科技有限公司']);
      const [first, second, third] = all.body.items as Body[];
      expect(first.rating).toEqual({ mean: 5, count: 1 });
      expect(second.rating).toEqual({ mean: 3, count: 1 });
      expect(third.rating).toEqual({ mean: null, count: 0 });
      expect(second).toEqual({
        id: testing.id,
        name: '金华婺城精密检测有限公司',
        regionCode: '330702',
        complex: { id: nevComplex, name: '婺城区新能源汽车产业创新服务综合体', sector: 'NEV' },
        categories: ['TESTING', 'DESIGN'],
        accreditations: [{ type: 'CMA', number: 'CMA-2024-001', validUntil: '2028-12-31' }],
        rating: { mean: 3, count: 1 },
        services: [
          {
            id: emcService.id,
            name: '电磁兼容(EMC)检测',
            category: 'TESTING',
            description: '新能源汽车零部件电磁兼容测试，出具CMA报告',
            priceFrom: 300_000,
            priceTo: 800_000,
            unit: '次',
            turnaroundDays: 10,
          },
        ],
      });
      // No USCC, no bank account; a provider without a complex has none.
      expect(JSON.stringify(all.body)).not.toContain(testing.uscc);
      expect(JSON.stringify(all.body)).not.toContain('1208010009200123456');
      expect(third).not.toHaveProperty('complex');
      // The withdrawn product is not shown.
      expect((third.services as Body[]).map((s) => s.name)).toEqual(['高分子材料成分分析']);
    });

    it('filters by category, region, sector (the complex) and a valid CMA/CNAS accreditation', async () => {
      const byCategory = await search({ category: 'TESTING' }).expect(200);
      expect(names(byCategory)).toEqual(['金华婺城精密检测有限公司', '金华创研科技有限公司']);
      expect(byCategory.body.total).toBe(2);
      expect(names(await search({ regionCode: '330703' }).expect(200))).toEqual(['金东工业设计中心有限公司']);
      expect(names(await search({ sector: 'NEV' }).expect(200))).toEqual(['金华婺城精密检测有限公司']);
      expect((await search({ sector: 'ROBOTICS' }).expect(200)).body).toEqual({ items: [], total: 0 });
      // The expired CNAS does not count; accredited=false does not filter.
      expect(names(await search({ accredited: true }).expect(200))).toEqual(['金华婺城精密检测有限公司']);
      expect((await search({ accredited: false }).expect(200)).body.total).toBe(3);
      expect(names(await search({ category: 'RND', regionCode: '330702' }).expect(200))).toEqual(['金华创研科技有限公司']);
    });

    it('finds two Chinese characters anywhere in a provider name or a product name or description', async () => {
      expect(names(await search({ q: '婺城' }).expect(200))).toEqual(['金华婺城精密检测有限公司']);
      expect(names(await search({ q: '打样' }).expect(200))).toEqual(['金东工业设计中心有限公司']);
      expect(names(await search({ q: '老化' }).expect(200))).toEqual(['金华创研科技有限公司']);
      expect(names(await search({ q: 'emc' }).expect(200))).toEqual(['金华婺城精密检测有限公司']);
      // A provider's own name matching comes before a product's description, whatever the rating.
      const ranked = await search({ q: '检测' }).expect(200);
      expect(names(ranked)).toEqual(['金华婺城精密检测有限公司', '金东工业设计中心有限公司']);
      expect(ranked.body.total).toBe(2);
      // Withdrawn products and suspended providers are not found; wildcards are taken literally.
      expect((await search({ q: '激光' }).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await search({ q: '光谱' }).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await search({ q: '%' }).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await search({ q: '_' }).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await search({ q: '\\' }).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await search({ q: "检测' OR 1=1 --" }).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await search({ q: '   ' }).expect(200)).body.total).toBe(3);
    });

    it('pages with limit and offset, the total counting every match', async () => {
      const first = await search({ limit: 2 }).expect(200);
      const second = await search({ limit: 2, offset: 2 }).expect(200);
      expect(first.body.total).toBe(3);
      expect(second.body.total).toBe(3);
      expect(first.body.items).toHaveLength(2);
      expect(second.body.items).toHaveLength(1);
      const ids = [...first.body.items, ...second.body.items].map((p: Body) => p.id);
      expect(new Set(ids)).toEqual(new Set([testing.id, design.id, research.id]));
      expect((await search({ offset: 10 }).expect(200)).body).toEqual({ items: [], total: 3 });
    });

    it('shows one active provider; any other is 404', async () => {
      const one = await t.http().get(`/directory/providers/${design.id}`).expect(200);
      expect(one.body).toMatchObject({ id: design.id, name: '金东工业设计中心有限公司', rating: { mean: 5, count: 1 } });
      expect(one.body.services).toEqual([
        expect.objectContaining({ id: designService.id, priceTo: null, unit: '项', turnaroundDays: null }),
      ]);
      expectProblem(await t.http().get(`/directory/providers/${suspended.id}`), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/directory/providers/${randomUUID()}`), 404, 'NOT_FOUND');
      expectProblem(await t.http().get('/directory/providers/not-a-uuid'), 400, 'VALIDATION_FAILED');
    });

    it('refuses bad input with 400 problem+json', async () => {
      const bad: Array<Record<string, string | number>> = [
        { limit: 101 },
        { limit: 0 },
        { limit: 'ten' },
        { offset: -1 },
        { category: 'CLEANING' },
        { sector: 'nev' },
        { regionCode: '3307' },
        { accredited: 'yes' },
        { q: 'x'.repeat(101) },
        { unknown: '1' },
      ];
      for (const query of bad) {
        expectProblem(await search(query), 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('service products', () => {
    it('a provider publishes, changes and withdraws its own products and lists them', async () => {
      t.clock.advanceDays(1); // newer than the products of the world
      const created = await publish(testing.token, {
        name: '结构设计优化',
        category: 'DESIGN',
        description: '产品结构轻量化设计',
        priceFrom: 1_000_000,
        unit: '项',
        turnaroundDays: 30,
      }).expect(201);
      expect(created.body).toMatchObject({
        providerId: testing.id,
        status: 'published',
        priceFrom: 1_000_000,
        priceTo: null,
        turnaroundDays: 30,
        withdrawnAt: null,
      });
      const id = created.body.id as string;

      const changed = await t
        .http()
        .patch(`/services/${id}`)
        .set('authorization', testing.token)
        .send({ priceTo: 2_000_000, description: '产品结构轻量化与可制造性设计' })
        .expect(200);
      expect(changed.body).toMatchObject({ priceFrom: 1_000_000, priceTo: 2_000_000, description: '产品结构轻量化与可制造性设计' });
      expect(names(await search({ q: '可制造' }).expect(200))).toEqual(['金华婺城精密检测有限公司']);

      const own = await t.http().get('/services').set('authorization', testing.token).expect(200);
      expect((own.body as Body[]).map((s) => s.id)).toEqual([id, emcService.id]);

      const withdrawn = await t.http().post(`/services/${id}/withdraw`).set('authorization', testing.token).expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) });
      expect((await search({ q: '可制造' }).expect(200)).body.total).toBe(0);
      expectProblem(await t.http().post(`/services/${id}/withdraw`).set('authorization', testing.token), 409, 'INVALID_STATE');
      expectProblem(
        await t.http().patch(`/services/${id}`).set('authorization', testing.token).send({ name: '再上架' }),
        409,
        'INVALID_STATE',
      );
      // Each step is in the audit log, read by the provider itself.
      const audit = await t
        .http()
        .get('/audit-log')
        .query({ entityType: 'service', entityId: id })
        .set('authorization', testing.token)
        .expect(200);
      const entries = audit.body as Body[];
      expect(entries.map((e) => [e.action, e.toState, e.data]).reverse()).toEqual([
        ['publish', 'published', { name: '结构设计优化', category: 'DESIGN' }],
        ['change', 'published', { changed: ['description', 'priceTo'] }],
        ['withdraw', 'withdrawn', null],
      ]);
      const published = await t.http().get('/services?status=published').set('authorization', testing.token).expect(200);
      expect((published.body as Body[]).map((s) => s.id)).toEqual([emcService.id]);
    });

    it("another provider's product is 404; an enterprise may never (403); no token is 401", async () => {
      expectProblem(
        await t.http().patch(`/services/${emcService.id}`).set('authorization', design.token).send({ name: '冒名' }),
        404,
        'NOT_FOUND',
      );
      expectProblem(await t.http().post(`/services/${emcService.id}/withdraw`).set('authorization', design.token), 404, 'NOT_FOUND');
      expectProblem(await t.http().patch(`/services/${randomUUID()}`).set('authorization', design.token).send({}), 404, 'NOT_FOUND');
      const mine = await t.http().get('/services').set('authorization', design.token).expect(200);
      expect((mine.body as Body[]).map((s) => s.id)).toEqual([designService.id]);

      const body = { name: '冒名检测', category: 'TESTING', description: '无', priceFrom: 100, unit: '次' };
      expectProblem(await publish(sme.token, body), 403, 'FORBIDDEN');
      expectProblem(
        await t.http().patch(`/services/${emcService.id}`).set('authorization', sme.token).send({ name: 'x' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await t.http().get('/services').set('authorization', sme.token), 403, 'FORBIDDEN');
      expectProblem(await publish(t.adminToken, body), 403, 'FORBIDDEN');
      expectProblem(await t.http().post('/services').send(body), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http().get('/services'), 401, 'UNAUTHENTICATED');
      const unchanged = await t.http().get(`/directory/providers/${testing.id}`).expect(200);
      expect(unchanged.body.services[0]).toMatchObject({ id: emcService.id, name: '电磁兼容(EMC)检测' });
    });

    it('only an active provider publishes or changes (notice, suspended: 409); withdrawing stays possible', async () => {
      const applicant = await signUp(t, 'provider');
      await attachLicence(t, applicant);
      const approved = await t
        .http()
        .post(`/registrations/${applicant.id}/approve`)
        .set('authorization', t.adminToken)
        .send({})
        .expect(200);
      const noticed = await t.login(applicant.username, PASSWORD);
      const body = { name: '委托检测', category: 'TESTING', description: '常规理化检测', priceFrom: 50_000, unit: '样品' };
      expectProblem(await publish(noticed, body), 409, 'INVALID_STATE');
      expectProblem(await t.http().get(`/directory/providers/${approved.body.providerId}`), 404, 'NOT_FOUND');

      expectProblem(await publish(suspended.token, body), 409, 'INVALID_STATE');
      const own = await t.http().get('/services').set('authorization', suspended.token).expect(200);
      const [offer] = own.body as Body[];
      expectProblem(
        await t.http().patch(`/services/${offer.id}`).set('authorization', suspended.token).send({ priceFrom: 1 }),
        409,
        'INVALID_STATE',
      );
      await t.http().post(`/services/${offer.id}/withdraw`).set('authorization', suspended.token).expect(200);
    });

    it('a category the provider does not cover is 422 CATEGORY_NOT_ELIGIBLE; bad fields are 400', async () => {
      const good = { name: '检测服务', category: 'DESIGN', description: '说明', priceFrom: 100_000, priceTo: 200_000, unit: '小时' };
      expectProblem(await publish(design.token, { ...good, category: 'TESTING' }), 422, 'CATEGORY_NOT_ELIGIBLE');
      expectProblem(
        await t.http().patch(`/services/${designService.id}`).set('authorization', design.token).send({ category: 'CERTIFICATION' }),
        422,
        'CATEGORY_NOT_ELIGIBLE',
      );
      for (const bad of [
        { priceTo: 99_999 },
        { priceFrom: 1.5 },
        { priceFrom: '100000' },
        { priceFrom: 0 },
        { name: 'x'.repeat(201) },
        { name: '' },
        { description: 'x'.repeat(2001) },
        { unit: '一二三四五六七八九十一二三四五六七八九十一' },
        { turnaroundDays: 0 },
        { turnaroundDays: 366 },
        { category: 'CLEANING' },
        { providerId: testing.id },
      ]) {
        expectProblem(await publish(design.token, { ...good, ...bad }), 400, 'VALIDATION_FAILED');
      }
      // Changed alone, a price must still fit the other one.
      expectProblem(
        await t.http().patch(`/services/${emcService.id}`).set('authorization', testing.token).send({ priceFrom: 900_000 }),
        400,
        'VALIDATION_FAILED',
      );
      await t
        .http()
        .patch(`/services/${designService.id}`)
        .set('authorization', design.token)
        .send({ priceFrom: 10_000_000, priceTo: 12_000_000 })
        .expect(200);
    });
  });
  describe('for the orders lib', () => {
    it('findPublished answers a published product and nothing for a withdrawn, unknown or malformed id', async () => {
      const catalog = t.app.get(CatalogService);
      const manager = t.app.get(DataSource).manager;
      expect(await catalog.findPublished(manager, emcService.id as string)).toEqual({
        id: emcService.id,
        providerId: testing.id,
        name: '电磁兼容(EMC)检测',
        category: 'TESTING',
        status: 'published',
      });
      const [withdrawn] = (await t.http().get('/services?status=withdrawn').set('authorization', research.token).expect(200))
        .body as Body[];
      expect(await catalog.findPublished(manager, withdrawn.id as string)).toBeUndefined();
      expect(await catalog.findPublished(manager, randomUUID())).toBeUndefined();
      expect(await catalog.findPublished(manager, 'not-a-uuid')).toBeUndefined();
    });
  });
});

describe('the public directory is limited per address like every route without a token', () => {
  it('answers 429 with Retry-After past the limit', async () => {
    const t = await startTestApp({ env: { QUEUE_PREFIX: `ivl-test-dir-${randomUUID()}`, RATE_LIMIT_PUBLIC_PER_ADDRESS_PER_MINUTE: '3' } });
    try {
      // startTestApp's admin login was the first of 3.
      await t.http().get('/directory/providers').expect(200);
      await t.http().get(`/directory/providers/${randomUUID()}`).expect(404);
      const refused = await t.http().get('/directory/providers');
      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await t.close();
    }
  });
});
