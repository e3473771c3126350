import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { DataSource } from 'typeorm';
import type { Body as Json } from './support/bodies.js';
import { binary } from './support/files.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/*
 * The complex evaluation (考核评价) of a generated year, against sums the test makes itself from
 * the redemptions it drove and from the ledger's confirm entries:
 * - 婺城 NEV complex (330702): providers a1, a2; 5 services in 2026 (one at 00:30 on 2 March in
 *   Shanghai, still 1 March in UTC; one at 23:50 on 31 December), one more at 00:10 on 1 January 2027;
 * - 金东 BIOMED complex (330703): provider b1; 3 services;
 * - two complexes without services (tied, ranked by name); a provider outside every complex;
 * - a pending and a cancelled redemption, counted nowhere.
 */

const at = (iso: string) => new Date(iso);
/** The Shanghai year of an instant (UTC+8, no daylight saving). */
const shanghaiYear = (d: Date) => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
const shanghaiMonth = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);

interface Done {
  provider: string;
  enterprise: string;
  category: string;
  subsidy: number;
  orderAmount: number;
  confirmedAt: Date;
  stars?: number;
}

/** The figures of a set of confirmed redemptions, computed here independently of the API's SQL. */
function figures(done: Done[]) {
  const perEnterprise = new Map<string, number>();
  for (const d of done) perEnterprise.set(d.enterprise, (perEnterprise.get(d.enterprise) ?? 0) + 1);
  const stars = done.flatMap((d) => (d.stars === undefined ? [] : [d.stars]));
  return {
    servicesDelivered: done.length,
    subsidies: done.reduce((s, d) => s + d.subsidy, 0),
    orderAmount: done.reduce((s, d) => s + d.orderAmount, 0),
    enterprisesServed: perEnterprise.size,
    repeatEnterprises: [...perEnterprise.values()].filter((n) => n > 1).length,
    ratings: stars.length,
    meanRating: stars.length === 0 ? null : Math.round((stars.reduce((s, n) => s + n, 0) / stars.length) * 100) / 100,
  };
}

describe('complex evaluation (考核评价) and the city ranking', () => {
  let t: TestApp;
  let w: World;
  const complexes: Record<'nev' | 'biomed' | 'hardware' | 'textile', string> = { nev: '', biomed: '', hardware: '', textile: '' };
  const providers: Record<string, { id: string; token: string }> = {};
  const enterprises: Record<string, { id: string; token: string }> = {};
  const done: Done[] = [];
  let auditor: string;

  async function complex(name: string, sector: string, regionCode: string): Promise<string> {
    const response = await t
      .http()
      .post('/complexes')
      .set('authorization', t.adminToken)
      .send({ name, sector, level: 'county', regionCode });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  /** Redeems `code` at `provider` at the clock's time `when`, confirms (unless told not to) and rates. */
  async function serve(
    p: string,
    e: string,
    code: string,
    category: string,
    orderAmount: number,
    when: string,
    options: { stars?: number; confirm?: boolean; cancel?: boolean } = {},
  ): Promise<void> {
    t.clock.set(when);
    const redeemed = await w.redeem(providers[p].token, { voucherCode: code, orderAmount, category, description: '创新服务' });
    expect(redeemed.status).toBe(201);
    const id = redeemed.body.id as string;
    if (options.cancel) {
      await t.http().post(`/redemptions/${id}/cancel`).set('authorization', enterprises[e].token).send({}).expect(200);
      return;
    }
    if (options.confirm === false) return;
    await t.http().post(`/redemptions/${id}/confirm`).set('authorization', enterprises[e].token).send().expect(200);
    if (options.stars !== undefined) {
      await t
        .http()
        .post(`/redemptions/${id}/rating`)
        .set('authorization', enterprises[e].token)
        .send({ stars: options.stars })
        .expect(201);
    }
    done.push({
      provider: providers[p].id,
      enterprise: enterprises[e].id,
      category,
      subsidy: redeemed.body.subsidy as number,
      orderAmount,
      confirmedAt: at(when),
      stars: options.stars,
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T10:00:00+08:00' });
    w = new World(t);
    auditor = (await createUser(t, 'auditor')).token;
    complexes.nev = await complex('婺城区新能源汽车产业创新服务综合体', 'NEV', '330702');
    complexes.biomed = await complex('金东区生物医药产业创新服务综合体', 'BIOMED', '330703');
    complexes.hardware = await complex('婺城区现代五金产业创新服务综合体', 'HARDWARE', '330702');
    complexes.textile = await complex('金东区时尚纺织产业创新服务综合体', 'TEXTILE', '330703');
    const categories = ['TESTING', 'DESIGN', 'RND'];
    for (const [key, complexId, name] of [
      ['a1', complexes.nev, '金华婺城精密检测有限公司'],
      ['a2', complexes.nev, '金华新能源研发服务有限公司'],
      ['b1', complexes.biomed, '金东生物医药检测有限公司'],
      ['x', undefined, '金华独立设计工作室'],
    ] as const) {
      providers[key] = await w.provider({ name, categories, ...(complexId ? { complexId } : {}) });
    }
    for (const key of ['e1', 'e2', 'e3', 'e4']) enterprises[key] = await w.enterprise({ name: `金华${key}五金制品有限公司` });

    const fund = await w.fund('330702', 10_000_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10_000 }], validityDays: 365 });
    const code: Record<string, string> = {};
    for (const key of ['e1', 'e2', 'e3']) code[key] = (await w.voucher(enterprises[key].token, program, 2_000_000)).code as string;

    await serve('a1', 'e1', code.e1, 'TESTING', 200_000, '2026-01-20T09:00:00+08:00', { stars: 5 });
    await serve('a1', 'e1', code.e1, 'DESIGN', 300_000, '2026-03-02T00:30:00+08:00', { stars: 4 });
    await serve('a2', 'e2', code.e2, 'RND', 150_001, '2026-03-15T14:00:00+08:00');
    await serve('a2', 'e1', code.e1, 'TESTING', 100_000, '2026-06-30T23:30:00+08:00', { stars: 2 });
    await serve('b1', 'e3', code.e3, 'DESIGN', 400_000, '2026-02-10T10:00:00+08:00', { stars: 3 });
    await serve('b1', 'e3', code.e3, 'DESIGN', 100_000, '2026-04-10T10:00:00+08:00');
    await serve('b1', 'e2', code.e2, 'TESTING', 120_000, '2026-05-10T10:00:00+08:00', { stars: 5 });
    await serve('x', 'e2', code.e2, 'DESIGN', 100_000, '2026-05-11T10:00:00+08:00', { stars: 1 });
    await serve('a1', 'e3', code.e3, 'TESTING', 50_000, '2026-07-01T10:00:00+08:00', { confirm: false });
    await serve('a1', 'e2', code.e2, 'DESIGN', 60_000, '2026-07-02T10:00:00+08:00', { cancel: true });

    t.clock.set('2026-12-01T10:00:00+08:00');
    code.e4 = (await w.voucher(enterprises.e4.token, program, 2_000_000)).code as string;
    await serve('a1', 'e4', code.e4, 'RND', 200_000, '2026-12-31T23:50:00+08:00', { stars: 4 });
    await serve('a2', 'e4', code.e4, 'TESTING', 100_000, '2027-01-01T00:10:00+08:00', { stars: 1 });
  }, 120_000);
  afterAll(async () => {
    await (t as TestApp | undefined)?.close(); // unset when beforeAll failed
  });

  const get = (path: string, token: string) => t.http().get(path).set('authorization', token);
  const of = (complexId: string, year = 2026) => {
    const ids = complexId === complexes.nev ? [providers.a1.id, providers.a2.id] : complexId === complexes.biomed ? [providers.b1.id] : [];
    return done.filter((d) => ids.includes(d.provider) && shanghaiYear(d.confirmedAt) === year);
  };

  it("equals sums over the year's confirmed redemptions and the ledger: totals, months, categories, providers", async () => {
    const e = (await get(`/complexes/${complexes.nev}/evaluation/2026`, t.adminToken).expect(200)).body;
    const mine = of(complexes.nev);
    expect(mine).toHaveLength(5);
    expect(e.complex).toEqual({
      id: complexes.nev,
      name: '婺城区新能源汽车产业创新服务综合体',
      sector: 'NEV',
      level: 'county',
      regionCode: '330702',
      regionName: expect.any(String),
    });
    expect(e.totals).toEqual({ providers: 2, ...figures(mine) });
    expect(e.totals).toMatchObject({ servicesDelivered: 5, enterprisesServed: 3, repeatEnterprises: 1, ratings: 4, meanRating: 3.75 });

    // The subsidies equal the ledger's confirm entries (held → payable) owned by the complex's providers in the Shanghai year.
    const db = t.app.get(DataSource);
    const [ledger] = await db.query(
      `SELECT coalesce(sum(amount), 0)::bigint::int AS fen FROM ledger_entries
        WHERE kind = 'confirm' AND class = 'payable' AND owner = ANY($1::uuid[])
          AND extract(year FROM at AT TIME ZONE 'Asia/Shanghai') = 2026`,
      [[providers.a1.id, providers.a2.id]],
    );
    expect(e.totals.subsidies).toBe(ledger.fen);

    expect(e.byMonth).toHaveLength(12);
    for (const m of e.byMonth as Json[]) {
      const inMonth = mine.filter((d) => shanghaiMonth(d.confirmedAt) === m.period);
      const f = figures(inMonth);
      expect(m).toEqual({
        period: m.period,
        servicesDelivered: f.servicesDelivered,
        subsidies: f.subsidies,
        enterprisesServed: f.enterprisesServed,
      });
    }
    expect((e.byMonth as Json[]).find((m) => m.period === '2026-03').servicesDelivered).toBe(2);
    expect((e.byMonth as Json[]).find((m) => m.period === '2026-12').servicesDelivered).toBe(1);

    const categories = [...new Set(mine.map((d) => d.category))].sort();
    expect(e.byCategory).toEqual(
      categories.map((category) => {
        const f = figures(mine.filter((d) => d.category === category));
        return { category, servicesDelivered: f.servicesDelivered, subsidies: f.subsidies, enterprisesServed: f.enterprisesServed };
      }),
    );

    const line = (key: string) => (e.providers as Json[]).find((p) => p.providerId === providers[key].id);
    expect(e.providers).toHaveLength(2);
    for (const key of ['a1', 'a2']) {
      expect(line(key)).toMatchObject(figures(mine.filter((d) => d.provider === providers[key].id)));
    }
    expect(line('a1')).toMatchObject({ servicesDelivered: 3, repeatEnterprises: 1, name: '金华婺城精密检测有限公司', status: 'active' });
    expect(e.ownLineOnly).toBe(false);

    // 2027 holds the one confirmed at 00:10 on 1 January (Shanghai).
    const next = (await get(`/complexes/${complexes.nev}/evaluation/2027`, auditor).expect(200)).body;
    expect(next.totals).toEqual({ providers: 2, ...figures(of(complexes.nev, 2027)) });
    expect(next.totals.servicesDelivered).toBe(1);

    const empty = (await get(`/complexes/${complexes.hardware}/evaluation/2026`, auditor).expect(200)).body;
    expect(empty.totals).toEqual({
      providers: 0,
      servicesDelivered: 0,
      subsidies: 0,
      orderAmount: 0,
      enterprisesServed: 0,
      repeatEnterprises: 0,
      ratings: 0,
      meanRating: null,
    });
    expect(empty.byCategory).toEqual([]);
  });

  it('ranks every complex by services, then subsidies, enterprises and rating; ties share a rank, listed by name', async () => {
    const r = (await get('/evaluation/2026', t.adminToken).expect(200)).body;
    expect(typeof r.order).toBe('string');
    const rows = r.complexes as Json[];
    expect(rows.map((c) => [c.rank, c.complex.id])).toEqual([
      [1, complexes.nev],
      [2, complexes.biomed],
      // Equal on every key: the same rank, by name (婺城… < 金东… in code-point order).
      ...[
        [3, complexes.hardware, '婺城区现代五金产业创新服务综合体'],
        [3, complexes.textile, '金东区时尚纺织产业创新服务综合体'],
      ]
        .sort((a, b) => ((a[2] as string) < (b[2] as string) ? -1 : 1))
        .map(([rank, id]) => [rank, id]),
    ]);
    expect(rows[0]).toMatchObject({ providers: 2, ...figures(of(complexes.nev)) });
    expect(rows[1]).toMatchObject({ providers: 1, ...figures(of(complexes.biomed)) });
    expect(rows[1]).toMatchObject({ servicesDelivered: 3, enterprisesServed: 2, repeatEnterprises: 1, meanRating: 4 });

    // A county's bureaus see their region's complexes with their city-wide rank.
    const county = (await get('/evaluation/2026', await w.financeOf('330703')).expect(200)).body;
    expect((county.complexes as Json[]).map((c) => [c.rank, c.complex.id])).toEqual(
      rows.filter((c) => c.complex.regionCode === '330703').map((c) => [c.rank, c.complex.id]),
    );
    expect((county.complexes as Json[]).map((c) => c.rank)).toEqual([2, 3]);
  });

  it('exports the evaluation and the ranking as XLSX in Chinese', async () => {
    const load = async (path: string, token: string) => {
      const response = await t.http().get(path).set('authorization', token).buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.body);
      return book;
    };
    const rowsOf = (sheet: ExcelJS.Worksheet | undefined) => {
      const out: unknown[][] = [];
      sheet?.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const book = await load(`/complexes/${complexes.nev}/evaluation/2026.xlsx`, t.adminToken);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '按月', '按服务类别', '服务机构']);
    const mine = figures(of(complexes.nev));
    const summary = rowsOf(book.getWorksheet('汇总'));
    expect(summary[0]).toEqual(['婺城区新能源汽车产业创新服务综合体 2026年度考核评价']);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['产业', '节能与新能源汽车'],
        ['级别', '县级'],
        ['服务机构数', 2],
        ['服务次数', 5],
        ['补贴金额（元）', mine.subsidies / 100],
        ['服务企业数', 3],
        ['复购企业数', 1],
        ['平均评分', 3.75],
      ]),
    );
    expect(rowsOf(book.getWorksheet('按月'))[0]).toEqual(['月份', '服务次数', '补贴金额（元）', '服务企业数']);
    const categories = rowsOf(book.getWorksheet('按服务类别'));
    // In the order of the category codes (DESIGN, RND, TESTING), named by the glossary.
    expect(categories.map((r) => r[0])).toEqual(['服务类别', '工业设计', '研发服务', '检验检测']);
    const lines = rowsOf(book.getWorksheet('服务机构'));
    expect(lines[0]).toEqual([
      '服务机构',
      '状态',
      '服务次数',
      '补贴金额（元）',
      '订单金额（元）',
      '服务企业数',
      '复购企业数',
      '评价数',
      '平均评分',
    ]);
    expect(
      lines
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['金华婺城精密检测有限公司', '金华新能源研发服务有限公司'].sort());
    // No ASCII-only English heading anywhere in the workbook.
    for (const sheet of book.worksheets) {
      for (const row of rowsOf(sheet))
        for (const cell of row) if (typeof cell === 'string') expect(cell).not.toMatch(/^[A-Za-z][A-Za-z _-]*$/);
    }

    const ranking = await load('/evaluation/2026.xlsx', auditor);
    const rankRows = rowsOf(ranking.getWorksheet('综合体排名'));
    expect(rankRows[0]).toEqual(['2026年度创新服务综合体考核排名']);
    expect(rankRows[2].slice(0, 6)).toEqual(['名次', '创新服务综合体', '产业', '级别', '所在区域', '服务机构数']);
    expect(rankRows[3].slice(0, 2)).toEqual([1, '婺城区新能源汽车产业创新服务综合体']);
    expect(rankRows[3][7]).toBe(mine.subsidies / 100);
  });

  it('prints the evaluation and the ranking as PDF in Chinese, amounts in yuan', async () => {
    const text = async (path: string, token: string) => {
      const response = await get(path, token).buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toContain('application/pdf');
      const doc = await getDocumentProxy(new Uint8Array(response.body as Buffer));
      // Table cells wrap: compare without the line breaks and spaces the layout put in.
      return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, '');
    };
    const mine = figures(of(complexes.nev));
    const yuan = (mine.subsidies / 100).toFixed(2);
    const evaluation = await text(`/complexes/${complexes.nev}/evaluation/2026.pdf`, t.adminToken);
    for (const words of [
      '婺城区新能源汽车产业创新服务综合体2026年度考核评价',
      '服务次数',
      '补贴金额（元）',
      '复购企业数',
      '平均评分',
      '检验检测',
      '审核人',
      yuan,
    ]) {
      expect(evaluation).toContain(words);
    }
    const ranking = await text('/evaluation/2026.pdf', auditor);
    for (const words of ['2026年度创新服务综合体考核排名', '名次', '排序规则', '婺城区新能源汽车产业创新服务综合体', yuan]) {
      expect(ranking).toContain(words);
    }
    // No English word in either document (numbers, dates and ids aside).
    expect(`${evaluation}${ranking}`.match(/[A-Za-z]{3,}/g) ?? []).toEqual([]);
    expectProblem(await get('/evaluation/2026.pdf', enterprises.e1.token), 403, 'FORBIDDEN');
    expectProblem(await get(`/complexes/${complexes.biomed}/evaluation/2026.pdf`, providers.a2.token), 404, 'NOT_FOUND');
  });

  describe('who reads what', () => {
    it("a complex's provider reads its complex's totals and only its own line (JSON and XLSX); other complexes are 404, the ranking 403", async () => {
      const e = (await get(`/complexes/${complexes.nev}/evaluation/2026`, providers.a2.token).expect(200)).body;
      expect(e.totals).toEqual({ providers: 2, ...figures(of(complexes.nev)) });
      expect(e.ownLineOnly).toBe(true);
      expect((e.providers as Json[]).map((p) => p.providerId)).toEqual([providers.a2.id]);
      const xlsx = await get(`/complexes/${complexes.nev}/evaluation/2026.xlsx`, providers.a2.token).buffer(true).parse(binary).expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body);
      expect(book.getWorksheet('服务机构')?.rowCount).toBe(2);
      expect(book.getWorksheet('服务机构')?.getRow(2).getCell(1).value).toBe('金华新能源研发服务有限公司');

      expectProblem(await get(`/complexes/${complexes.biomed}/evaluation/2026`, providers.a2.token), 404, 'NOT_FOUND');
      expectProblem(await get(`/complexes/${complexes.nev}/evaluation/2026`, providers.x.token), 404, 'NOT_FOUND');
      expectProblem(await get(`/complexes/${complexes.nev}/evaluation/2026.xlsx`, providers.b1.token), 404, 'NOT_FOUND');
      expectProblem(await get('/evaluation/2026', providers.a1.token), 403, 'FORBIDDEN');
    });

    it("a county's bureaus read their region's complexes; another region's is 404", async () => {
      const officer = await w.officerOf('330702');
      const e = (await get(`/complexes/${complexes.nev}/evaluation/2026`, officer).expect(200)).body;
      expect(e.providers).toHaveLength(2);
      expectProblem(await get(`/complexes/${complexes.biomed}/evaluation/2026`, officer), 404, 'NOT_FOUND');
      expectProblem(await get(`/complexes/${complexes.nev}/evaluation/2026`, await w.financeOf('330703')), 404, 'NOT_FOUND');
      await get(`/complexes/${complexes.biomed}/evaluation/2026`, await w.financeOf('330703')).expect(200);
    });

    it('enterprises are refused (403); no or a forged token is 401; bad input 400; an unknown complex 404', async () => {
      expectProblem(await get(`/complexes/${complexes.nev}/evaluation/2026`, enterprises.e1.token), 403, 'FORBIDDEN');
      expectProblem(await get('/evaluation/2026', enterprises.e1.token), 403, 'FORBIDDEN');
      expectProblem(await get('/evaluation/2026.xlsx', enterprises.e1.token), 403, 'FORBIDDEN');
      expect((await t.http().get(`/complexes/${complexes.nev}/evaluation/2026`)).status).toBe(401);
      expect((await t.http().get('/evaluation/2026')).status).toBe(401);
      expect((await get('/evaluation/2026', 'Bearer forged.token.value')).status).toBe(401);
      expectProblem(await get('/evaluation/20x6', t.adminToken), 400, 'VALIDATION_FAILED');
      expectProblem(await get('/evaluation/1999', t.adminToken), 400, 'VALIDATION_FAILED');
      expectProblem(await get(`/complexes/not-a-uuid/evaluation/2026`, t.adminToken), 400, 'VALIDATION_FAILED');
      expectProblem(await get(`/complexes/${complexes.nev}/evaluation/twenty`, t.adminToken), 400, 'VALIDATION_FAILED');
      expectProblem(await get('/complexes/00000000-0000-4000-8000-000000000000/evaluation/2026', t.adminToken), 404, 'NOT_FOUND');
    });
  });
});
