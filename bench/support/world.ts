import { randomUUID } from 'node:crypto';
import { type Role, shanghaiDate } from '@ivl/core';
import {
  allocate,
  apply,
  approveApplication,
  createEnterprise,
  createFund,
  createProgram,
  createProvider,
  createUser,
} from '../../tools/generator/api.js';
import { CITY, COUNTIES } from '../../tools/generator/jinhua.js';
import { UsccSequence } from '../../tools/generator/uscc.js';
import { Http, mapLimit } from '../../tools/generator/http.js';
import { log } from './env.js';
import { required } from '@ivl/core';

export { CITY, COUNTIES };

const PASSWORD = 'bench-password-2026';
const usccs = new UsccSequence(Math.floor(Math.random() * 31 ** 3));

/** A valid unified social credit code, unique within this process (distinct for every party: nobody is related). */
export function benchUscc(prefix: '91' | '92', regionCode: string): string {
  return usccs.next(prefix, regionCode);
}

export interface ProgramSpec {
  /** The issuing county. */
  county: string;
  enterprises: number;
  vouchersPerEnterprise: number;
  faceValue: number;
}

export interface BenchVoucher {
  code: string;
  county: string;
  programId: string;
  faceValue: number;
}

export interface BenchWorld {
  http: Http;
  adminToken: string;
  /** Bearer headers of the provider users (one per provider). */
  providerTokens: string[];
  vouchers: BenchVoucher[];
  fundIds: string[];
}

/** The current year in Asia/Shanghai (programs and funds of this year). */
function shanghaiYear(): number {
  return Number(shanghaiDate(new Date()).slice(0, 4));
}

/**
 * Builds a voucher world through the public API, as its users would: a city fund and one fund per
 * county (allocated by each finance bureau), one program per spec co-funded city 3000 + county 7000,
 * enterprises of the issuing county that apply, the county officer approving each application, and
 * `providers` providers (CMA-accredited, TESTING and DESIGN, unrelated to every enterprise).
 * Users cost an argon2 hash each: one per finance bureau, officer, enterprise and provider.
 */
export async function buildWorld(http: Http, programs: ProgramSpec[], providers: number): Promise<BenchWorld> {
  const started = Date.now();
  const year = shanghaiYear();
  const adminToken = await http.login('admin', 'admin');

  const benchUser = (
    role: Role,
    scope: { regionCode?: string; providerId?: string; enterpriseId?: string },
    name: string,
  ): Promise<string> =>
    createUser(http, adminToken, { username: `bench-${name}-${randomUUID().slice(0, 8)}`, password: PASSWORD, role, ...scope });

  const counties = [...new Set(programs.map((p) => p.county))];
  const regions = [CITY, ...counties];
  // Finance bureaus and county officers.
  const finance = new Map<string, string>();
  const officers = new Map<string, string>();
  await mapLimit(regions, 4, async (region) => {
    finance.set(region, await benchUser('finance', { regionCode: region }, `fin-${region}`));
    if (region !== CITY) officers.set(region, await benchUser('county_officer', { regionCode: region }, `off-${region}`));
  });

  // Funds: enough for every voucher, whatever its split.
  const totalFace = programs.reduce((sum, p) => sum + p.enterprises * p.vouchersPerEnterprise * p.faceValue, 0);
  const fundOf = new Map<string, string>();
  await mapLimit(regions, 4, async (region) => {
    const token = required(finance.get(region), `the finance bureau of ${region}`);
    const fundId = await createFund(http, token, { regionCode: region, year, name: `bench ${region} ${year} 创新券资金` });
    const amount =
      region === CITY
        ? totalFace
        : programs.filter((p) => p.county === region).reduce((s, p) => s + p.enterprises * p.vouchersPerEnterprise * p.faceValue, 0);
    await allocate(http, token, fundId, amount, `金财预〔${year}〕bench`);
    fundOf.set(region, fundId);
  });

  // Programs.
  const programIds = await mapLimit(programs, 4, (spec, i) =>
    createProgram(http, adminToken, {
      name: `bench ${spec.county} 科技创新券 ${i}`,
      year,
      issuerRegionCode: spec.county,
      funding: [
        { fundId: required(fundOf.get(CITY), 'the city fund'), shareBp: 3000 },
        { fundId: required(fundOf.get(spec.county), `the fund of ${spec.county}`), shareBp: 7000 },
      ],
      categories: ['TESTING', 'DESIGN', 'RND'],
      ratioBp: 5000,
      perVoucherMax: spec.faceValue,
      enterpriseAnnualCap: spec.faceValue * spec.vouchersPerEnterprise,
      validityDays: 180,
      claimWindowDays: 90,
      cityReviewRequired: false,
    }),
  );

  // Providers, spread over the counties (and users for them).
  const providerTokens = await mapLimit(
    Array.from({ length: providers }, (_, i) => i),
    4,
    async (i) => {
      const region = COUNTIES[i % COUNTIES.length];
      const name = `金华bench检测设计服务有限公司${i}`;
      const providerId = await createProvider(http, adminToken, {
        uscc: benchUscc('92', region),
        name,
        regionCode: region,
        categories: ['TESTING', 'DESIGN'],
        accreditations: [{ type: 'CMA', number: `CMA-BENCH-${i}`, validUntil: `${year + 2}-12-31` }],
        bankAccount: { bankName: '中国工商银行金华分行', accountName: name, accountNo: `120801000920${String(i).padStart(7, '0')}` },
      });
      return benchUser('provider', { providerId }, `prv-${i}`);
    },
  );

  // Enterprises (one user each), their applications, and the county officer's approvals.
  const enterpriseJobs = programs.flatMap((spec, p) =>
    Array.from({ length: spec.enterprises }, (_, e) => ({ spec, programId: programIds[p], e })),
  );
  const perEnterprise = await mapLimit(enterpriseJobs, 4, async ({ spec, programId, e }) => {
    const enterpriseId = await createEnterprise(http, adminToken, {
      uscc: benchUscc('91', spec.county),
      name: `金华bench五金制品有限公司${spec.county}-${e}`,
      regionCode: spec.county,
    });
    const token = await benchUser('enterprise', { enterpriseId }, `ent-${spec.county}-${e}`);
    const vouchers: BenchVoucher[] = [];
    for (let v = 0; v < spec.vouchersPerEnterprise; v++) {
      const applicationId = await apply(http, token, { programId, amount: spec.faceValue, purpose: '工业设计与检测' });
      const approved = await approveApplication(http, required(officers.get(spec.county), `the officer of ${spec.county}`), applicationId);
      const voucher = approved.voucher;
      if (!voucher?.code) throw new Error(`approval issued no voucher: ${JSON.stringify(approved)}`);
      vouchers.push({ code: voucher.code, county: spec.county, programId, faceValue: voucher.faceValue });
    }
    return vouchers;
  });
  const vouchers = perEnterprise.flat();
  log(
    `world: ${programs.length} program(s) in ${counties.length} county(ies), ${enterpriseJobs.length} enterprises, ` +
      `${vouchers.length} vouchers, ${providers} providers, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { http, adminToken, providerTokens, vouchers, fundIds: [...fundOf.values()] };
}

/** Interleaves vouchers so that consecutive requests hit different counties (and different vouchers). */
export function interleaveByCounty(vouchers: BenchVoucher[]): BenchVoucher[] {
  const byCounty = new Map<string, BenchVoucher[]>();
  for (const v of vouchers) byCounty.set(v.county, [...(byCounty.get(v.county) ?? []), v]);
  const lists = [...byCounty.values()];
  const out: BenchVoucher[] = [];
  for (let i = 0; out.length < vouchers.length; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

export interface LedgerCheck {
  balanced: boolean;
  transactionsChecked: number;
  problems: unknown[];
  /** The hash chain recomputed (absent from an API before tamper evidence). */
  chain?: { ok: boolean; sealsChecked: number };
  verifyMs: number;
}

/** GET /ledger/verify as the city admin. */
export async function verifyLedger(world: { http: Http; adminToken: string }): Promise<LedgerCheck> {
  const response = await world.http.request<{
    balanced: boolean;
    transactionsChecked: number;
    problems?: unknown[];
    chain?: { ok: boolean; sealsChecked: number; problems: unknown[] };
  }>('GET', '/ledger/verify', { token: world.adminToken, expect: 200 });
  const problems = response.body.problems ?? [];
  return {
    balanced: response.body.balanced && problems.length === 0,
    transactionsChecked: response.body.transactionsChecked,
    problems: problems.slice(0, 10),
    chain: response.body.chain ? { ok: response.body.chain.ok, sealsChecked: response.body.chain.sealsChecked } : undefined,
    verifyMs: Math.round(response.ms),
  };
}
