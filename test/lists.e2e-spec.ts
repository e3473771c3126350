import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/** The ids of a list's answer, and its X-Total-Count as a number (the header must be there). */
function page(response: Response): { ids: string[]; total: number } {
  expect(response.status).toBe(200);
  expect(Array.isArray(response.body)).toBe(true);
  const header = response.headers['x-total-count'] as string | undefined;
  expect(header).toMatch(/^\d+$/);
  return { ids: (response.body as Array<{ id: string }>).map((row) => row.id), total: Number(header) };
}

describe('lists: X-Total-Count, filters and q, within the reader’s scope (issue 16)', () => {
  let t: TestApp;
  let w: World;
  const get = (path: string, token: string) => t.http().get(path).set('authorization', token);
  const q = (text: string) => encodeURIComponent(text);

  // 婺城 (330702) and 金东 (330703): each with a program, an enterprise applying, a provider claiming.
  let wucheng: { id: string; token: string; uscc: string };
  let percent: { id: string; token: string; uscc: string };
  let underscore: { id: string; token: string; uscc: string };
  let jindong: { id: string; token: string; uscc: string };
  let localLab: { id: string; token: string; uscc: string };
  let jindongLab: { id: string; token: string; uscc: string };
  let localClaim: { id: string; invoiceNumber: string };
  let jindongClaim: { id: string; invoiceNumber: string };
  let wuchengApplication: string;
  let jindongApplication: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, now: '2026-03-10T10:00:00+08:00', env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    wucheng = await w.enterprise({ name: '婺城丙五金制品有限公司', regionCode: '330702' });
    percent = await w.enterprise({ name: '婺城甲精密100%制造有限公司', regionCode: '330702' });
    underscore = await w.enterprise({ name: '婺城乙_五金有限公司', regionCode: '330702' });
    jindong = await w.enterprise({ name: '金东丁五金机械有限公司', regionCode: '330703' });
    localLab = await w.provider({ name: '婺城星河检测技术有限公司', regionCode: '330702' });
    jindongLab = await w.provider({ name: '金东远山设计研究院', regionCode: '330703' });

    const programOf = async (regionCode: string, name: string) =>
      w.program({
        name,
        issuerRegionCode: regionCode,
        ratioBp: 10000,
        funding: [{ fundId: await w.fund(regionCode, 50_000_000), shareBp: 10000 }],
      });
    const wuchengProgram = await programOf('330702', '婺城区科技创新券');
    const jindongProgram = await programOf('330703', '金东区科技创新券');
    const wuchengVoucher = await w.voucher(wucheng.token, wuchengProgram, 1_000_000);
    const jindongVoucher = await w.voucher(jindong.token, jindongProgram, 1_000_000);
    [wuchengApplication] = page(await get('/applications', wucheng.token)).ids;
    [jindongApplication] = page(await get('/applications', jindong.token)).ids;
    const claimOf = async (id: string) => {
      const claim = await get(`/claims/${id}`, t.adminToken).expect(200);
      return { id, invoiceNumber: claim.body.invoice.number as string };
    };
    localClaim = await claimOf(await w.approvedClaim(wucheng.token, localLab.token, wuchengVoucher.code as string, 100_000, '330702'));
    jindongClaim = await claimOf(await w.approvedClaim(jindong.token, jindongLab.token, jindongVoucher.code as string, 200_000, '330703'));
  });
  afterAll(() => w.finish());

  it('every list sends its total before limit/offset, also past the last page', async () => {
    const all = page(await get('/enterprises', t.adminToken));
    expect(all.total).toBe(4);
    expect(all.ids).toHaveLength(4);
    const first = page(await get('/enterprises?limit=3', t.adminToken));
    expect(first).toEqual({ ids: all.ids.slice(0, 3), total: 4 });
    expect(page(await get('/enterprises?limit=3&offset=3', t.adminToken))).toEqual({ ids: all.ids.slice(3), total: 4 });
    expect(page(await get('/enterprises?offset=10', t.adminToken))).toEqual({ ids: [], total: 4 });

    for (const path of ['/providers', '/users', '/applications', '/claims', '/settlements', '/audit-log']) {
      const whole = page(await get(path, t.adminToken));
      expect(whole.total).toBe(whole.ids.length);
      const one = page(await get(`${path}?limit=1&offset=1`, t.adminToken));
      expect(one.total).toBe(whole.total);
      expect(one.ids).toEqual(whole.ids.slice(1, 2));
    }
  });

  it('q finds any part of a name or USCC, taking %, _ and \\ literally', async () => {
    expect(page(await get(`/enterprises?q=${q('五金')}`, t.adminToken)).ids.sort()).toEqual([wucheng.id, underscore.id, jindong.id].sort());
    expect(page(await get(`/enterprises?q=${q('%')}`, t.adminToken))).toEqual({ ids: [percent.id], total: 1 });
    expect(page(await get(`/enterprises?q=${q('_')}`, t.adminToken))).toEqual({ ids: [underscore.id], total: 1 });
    expect(page(await get(`/enterprises?q=${q('\\')}`, t.adminToken))).toEqual({ ids: [], total: 0 });
    expect(page(await get(`/enterprises?q=${q(jindong.uscc.slice(6, 14).toLowerCase())}`, t.adminToken)).ids).toEqual([jindong.id]);
    expect(page(await get(`/enterprises?q=${q('  丁五金  ')}`, t.adminToken)).ids).toEqual([jindong.id]);
    // q with a filter and a page: the total counts the matches, not the page.
    const paged = page(await get(`/enterprises?q=${q('五金')}&regionCode=330702&limit=1`, t.adminToken));
    expect(paged.total).toBe(2);
    expect(paged.ids).toHaveLength(1);

    expect(page(await get(`/providers?q=${q('星河')}`, t.adminToken)).ids).toEqual([localLab.id]);
    expect(page(await get(`/providers?q=${q(jindongLab.uscc.slice(8))}`, t.adminToken)).ids).toEqual([jindongLab.id]);

    const officer = await createUser(t, 'county_officer', { regionCode: '330702' });
    expect(page(await get(`/users?q=${q(officer.username.slice(-6))}`, t.adminToken)).ids).toEqual([officer.id]);
    // A user is also found by its enterprise's name.
    const users = await get(`/users?q=${q('金东丁')}`, t.adminToken);
    expect(page(users).total).toBe(1);
    expect(users.body[0]).toMatchObject({ role: 'enterprise', enterpriseId: jindong.id });

    expect(page(await get(`/applications?q=${q('金东丁')}`, t.adminToken)).ids).toEqual([jindongApplication]);
    expect(page(await get(`/applications?q=${q(wucheng.uscc.slice(4, 12))}`, t.adminToken)).ids).toEqual([wuchengApplication]);
    expect(page(await get(`/applications?q=${q('金东区科技')}`, t.adminToken)).ids).toEqual([jindongApplication]);

    expect(page(await get(`/claims?q=${q(localClaim.invoiceNumber.slice(4))}`, t.adminToken)).ids).toEqual([localClaim.id]);
    expect(page(await get(`/claims?q=${q('远山设计')}`, t.adminToken)).ids).toEqual([jindongClaim.id]);
    expect(page(await get(`/claims?q=${q(localLab.uscc.slice(10))}`, t.adminToken)).ids).toEqual([localClaim.id]);

    const audit = page(await get(`/audit-log?q=${q(jindong.id)}`, t.adminToken));
    expect(audit.total).toBeGreaterThan(0);
    const entries = (await get(`/audit-log?q=${q(jindong.id)}`, t.adminToken)).body as Array<{ entityId: string; data: unknown }>;
    for (const entry of entries) expect(`${entry.entityId} ${JSON.stringify(entry.data)}`).toContain(jindong.id);
    expect(page(await get(`/audit-log?q=${q('%')}`, t.adminToken)).total).toBeLessThan(page(await get('/audit-log', t.adminToken)).total);
  });

  it('filters by status, region and period', async () => {
    expect(page(await get('/applications?regionCode=330703', t.adminToken)).ids).toEqual([jindongApplication]);
    expect(page(await get('/applications?status=approved&period=2026-03', t.adminToken)).total).toBe(2);
    expect(page(await get('/applications?period=2026-02', t.adminToken)).total).toBe(0);
    expect(page(await get('/claims?regionCode=330702&status=approved', t.adminToken)).ids).toEqual([localClaim.id]);
    expect(page(await get('/claims?status=submitted', t.adminToken)).total).toBe(0);
    expect(page(await get('/claims?period=2026-03', t.adminToken)).total).toBe(2);
    expectProblem(await get('/claims?period=1999-12', t.adminToken), 400, 'VALIDATION_FAILED');
  });

  it('batches: filters by region, period and status, q by a payee, a provider only its own', async () => {
    t.clock.set('2026-04-01T09:00:00+08:00');
    const [local] = await w.settle('330702', '2026-03');
    const [east] = await w.settle('330703', '2026-03');
    expect(page(await get('/settlements?period=2026-03&status=draft', t.adminToken)).ids.sort()).toEqual([local, east].sort());
    expect(page(await get('/settlements?status=paid', t.adminToken)).total).toBe(0);
    expect(page(await get('/settlements?regionCode=330703', t.adminToken)).ids).toEqual([east]);
    expect(page(await get(`/settlements?q=${q('星河')}`, t.adminToken)).ids).toEqual([local]);
    expect(page(await get('/settlements', await w.financeOf('330702'))).ids).toEqual([local]);
    expect(page(await get(`/settlements?q=${q('星河')}`, await w.financeOf('330703')))).toEqual({ ids: [], total: 0 });
    expect(page(await get('/settlements', jindongLab.token))).toEqual({ ids: [east], total: 1 });
    expect(page(await get(`/settlements?q=${q('星河')}`, jindongLab.token))).toEqual({ ids: [], total: 0 });
  });

  it('scope still applies: q never finds another region’s or another party’s rows', async () => {
    const wuchengOfficer = await w.officerOf('330702');
    const jindongOfficer = await w.officerOf('330703');
    expect(page(await get(`/enterprises?q=${q('五金')}`, wuchengOfficer)).ids.sort()).toEqual([wucheng.id, underscore.id].sort());
    expect(page(await get(`/enterprises?q=${q('金东丁')}`, wuchengOfficer))).toEqual({ ids: [], total: 0 });
    // A region filter cannot widen a county's scope.
    expect(page(await get('/enterprises?regionCode=330703', wuchengOfficer)).ids.sort()).toEqual(
      [wucheng.id, percent.id, underscore.id].sort(),
    );
    expect(page(await get(`/enterprises?q=${q('五金')}`, jindong.token))).toEqual({ ids: [jindong.id], total: 1 });
    expect(page(await get(`/enterprises?q=${q('婺城')}`, jindong.token))).toEqual({ ids: [], total: 0 });

    expect(page(await get(`/applications?q=${q('金东丁')}`, wuchengOfficer))).toEqual({ ids: [], total: 0 });
    expect(page(await get(`/applications?q=${q('有限公司')}`, jindongOfficer))).toEqual({ ids: [jindongApplication], total: 1 });
    expect(page(await get(`/applications?q=${q('婺城')}`, jindong.token))).toEqual({ ids: [], total: 0 });

    expect(page(await get(`/claims?q=${q(jindongClaim.invoiceNumber)}`, wuchengOfficer))).toEqual({ ids: [], total: 0 });
    expect(page(await get(`/claims?q=${q('星河')}`, jindongLab.token))).toEqual({ ids: [], total: 0 });
    expect(page(await get(`/claims?q=${q('INV-')}`, jindongLab.token))).toEqual({ ids: [jindongClaim.id], total: 1 });

    // 婺城's three enterprise users, not 金东's.
    expect(page(await get(`/users?q=${q('enterprise-')}`, wuchengOfficer)).total).toBe(3);
    expect(page(await get(`/users?q=${q('金东丁')}`, wuchengOfficer))).toEqual({ ids: [], total: 0 });

    expect(page(await get(`/audit-log?q=${q(jindong.id)}`, wuchengOfficer))).toEqual({ ids: [], total: 0 });
    expect(page(await get(`/audit-log?q=${q(localClaim.id)}`, jindongLab.token))).toEqual({ ids: [], total: 0 });
    expect(page(await get(`/audit-log?q=${q(jindongClaim.id)}`, jindongLab.token)).total).toBeGreaterThan(0);
  });

  it('odd q is a 400 or an answer, never a 500; no token 401, a role that may not list 403', async () => {
    for (const path of ['/enterprises', '/providers', '/users', '/applications', '/claims', '/settlements', '/audit-log']) {
      expectProblem(await get(`${path}?q=${'长'.repeat(201)}`, t.adminToken), 400, 'VALIDATION_FAILED');
      expectProblem(await get(`${path}?q=a%00b`, t.adminToken), 400, 'VALIDATION_FAILED');
      expectProblem(await get(`${path}?q=a&q=b`, t.adminToken), 400, 'VALIDATION_FAILED');
      expectProblem(await get(`${path}?limit=0`, t.adminToken), 400, 'VALIDATION_FAILED');
      for (const odd of ['%', '_', '\\', "'; DROP TABLE users; --", '\\%_%', '𠀀', '长'.repeat(200)]) {
        expect((await get(`${path}?q=${q(odd)}`, t.adminToken)).status).toBe(200);
      }
      expectProblem(await t.http().get(path), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http().get(path).set('authorization', 'Bearer forged.token.value'), 401, 'UNAUTHENTICATED');
    }
    expectProblem(await get('/enterprises', localLab.token), 403, 'FORBIDDEN');
    expectProblem(await get('/users', wucheng.token), 403, 'FORBIDDEN');
    expectProblem(await get('/applications', localLab.token), 403, 'FORBIDDEN');
  });
});
