/**
 * The registry, staff, funds and programs of a Jinhua world, built through the public API as the
 * city admin, the finance bureaus and the science bureaus would build them. Everything drawn from
 * the seed is drawn before the requests go out, so concurrency never changes the world.
 */
import { type Category, CATEGORIES, type Role, shanghaiDate } from '@ivl/core';
import { type Http, mapLimit } from './http.js';
import {
  allocate,
  createComplex,
  createEnterprise,
  createFund,
  approveFunding,
  createProgram,
  createProvider,
  createRegion,
  createUser,
  type ProgramRequest,
  type ProviderRequest,
} from './api.js';
import { CITY, COUNTIES, JINHUA, type JinhuaRegion, jinhuaRegion, OUTSIDE, regionSlug, SECTOR_NAMES, shortName } from './jinhua.js';
import { bankAccount, enterpriseName, personName, PROVIDER_KINDS, providerName, providerProfile, uniqueName } from './names.js';
import { Random } from './random.js';
import type { Scale } from './scale.js';
import { UsccSequence } from './uscc.js';
import { required } from '@ivl/core';

export interface GeneratorOptions {
  scale: Scale;
  seed: number;
  /** Appended to usernames and folded into USCCs, so that a second world on one database does not collide ('' on a fresh database). */
  tag: string;
  /** Password of every user the generator creates. */
  password: string;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface Login {
  role: Role;
  username: string;
  password: string;
  /** Whom the user acts for: 义乌市财政局, 永康市鑫达五金制品有限公司. */
  who: string;
  /** Bearer header. */
  token: string;
}

export interface Party {
  id: string;
  name: string;
  uscc: string;
  regionCode: string;
  controllerKey?: string;
  login: Login;
}

export interface ProviderParty extends Party {
  categories: Category[];
  /** Holds an unexpired CMA or CNAS accreditation (may redeem TESTING). */
  accredited: boolean;
}

export interface ProgramInfo extends ProgramRequest {
  id: string;
}

export interface World {
  http: Http;
  options: GeneratorOptions;
  year: number;
  admin: Login;
  finance: Map<string, Login>;
  /** County officers, by county. */
  officers: Map<string, Login>;
  auditor: Login;
  /** One fund per Jinhua region, by region code. */
  funds: Map<string, string>;
  programs: ProgramInfo[];
  enterprises: Party[];
  providers: ProviderParty[];
}

const BOOTSTRAP_ADMIN = { username: 'admin', password: 'admin' };
const FEN_PER_YUAN = 100;

interface Context {
  http: Http;
  options: GeneratorOptions;
  year: number;
  admin: Login;
  usccs: UsccSequence;
  names: Set<string>;
}

/** Builds the world; the month's activity is `generateActivity` (activity.ts). */
export async function generateWorld(http: Http, options: GeneratorOptions): Promise<World> {
  const rng = new Random(options.seed);
  const token = await http.login(BOOTSTRAP_ADMIN.username, BOOTSTRAP_ADMIN.password);
  const admin: Login = { role: 'city_admin', ...BOOTSTRAP_ADMIN, who: '金华市科技局', token };
  const ctx: Context = {
    http,
    options,
    year: Number(shanghaiDate(new Date()).slice(0, 4)),
    admin,
    usccs: new UsccSequence(numericTag(options.tag)),
    names: new Set(),
  };

  // A second world in the same database finds these regions there already.
  await mapLimit(OUTSIDE, options.concurrency, (r) => createRegion(http, token, { code: r.code, name: r.name, level: 'city' }, [201, 409]));
  const complexes = await createComplexes(ctx);
  const { finance, officers, auditor } = await createStaff(ctx);
  const programSpecs = planPrograms(rng.fork('programs'), ctx.year);
  const funds = await createFunds(ctx, finance, programSpecs);
  const programs = await createPrograms(ctx, officers, finance, funds, programSpecs);
  const { enterprises, providers } = planParties(rng.fork('parties'), ctx);
  return {
    http,
    options,
    year: ctx.year,
    admin,
    finance,
    officers,
    auditor,
    funds,
    programs,
    enterprises: await createEnterprises(ctx, officers, enterprises),
    providers: await createProviders(ctx, complexes, providers),
  };
}

/** The tag as a USCC sequence number: 1 … 31³ − 1 (0 is the untagged world). */
function numericTag(tag: string): number {
  let h = 0;
  for (const c of tag) h = (h * 31 + c.charCodeAt(0)) % (31 ** 3 - 1);
  return tag === '' ? 0 : h + 1;
}

function username(ctx: Context, base: string): string {
  return ctx.options.tag ? `${base}-${ctx.options.tag}` : base;
}

async function login(
  ctx: Context,
  role: Role,
  base: string,
  who: string,
  scope: { regionCode?: string; providerId?: string; enterpriseId?: string },
): Promise<Login> {
  const spec = { username: username(ctx, base), password: ctx.options.password, role, ...scope };
  return { role, username: spec.username, password: spec.password, who, token: await createUser(ctx.http, ctx.admin.token, spec) };
}

/** One industrial innovation service complex per region: the ten regions cover the ten sectors. */
async function createComplexes(ctx: Context): Promise<Map<string, string>> {
  const ids = await mapLimit(JINHUA, ctx.options.concurrency, (r) =>
    createComplex(ctx.http, ctx.admin.token, {
      name: `${r.code === CITY ? '金华市' : r.name}${SECTOR_NAMES[r.sector]}产业创新服务综合体`,
      sector: r.sector,
      level: r.complexLevel,
      regionCode: r.code,
    }),
  );
  return new Map(JINHUA.map((r, i) => [r.code, ids[i]]));
}

/** A finance bureau (财政局) per region, a science bureau officer (科技局) per county, an auditor. */
async function createStaff(ctx: Context): Promise<{ finance: Map<string, Login>; officers: Map<string, Login>; auditor: Login }> {
  const jobs: Array<{ role: Role; region: JinhuaRegion }> = [
    ...JINHUA.map((region) => ({ role: 'finance' as const, region })),
    ...JINHUA.filter((r) => r.code !== CITY).map((region) => ({ role: 'county_officer' as const, region })),
  ];
  const logins = await mapLimit(jobs, ctx.options.concurrency, ({ role, region }) =>
    role === 'finance'
      ? login(ctx, role, `${region.slug}-finance`, `${region.name}财政局`, { regionCode: region.code })
      : login(ctx, role, `${region.slug}-officer`, `${region.name}科技局`, { regionCode: region.code }),
  );
  const finance = new Map<string, Login>();
  const officers = new Map<string, Login>();
  jobs.forEach((job, i) => (job.role === 'finance' ? finance : officers).set(job.region.code, logins[i]));
  const auditor = await login(ctx, 'auditor', 'auditor', '金华市审计局', {});
  return { finance, officers, auditor };
}

type ProgramSpec = Omit<ProgramRequest, 'funding'> & { cityShareBp: number };

/** Each county's co-funded voucher (city + county shares) and the city's own, with varied rules. */
function planPrograms(rng: Random, year: number): ProgramSpec[] {
  const counties = COUNTIES.map((code) => planCountyProgram(rng, year, jinhuaRegion(code)));
  const city: ProgramSpec = {
    name: `金华市${year}年产业创新服务综合体创新券`,
    year,
    issuerRegionCode: CITY,
    cityShareBp: 10_000,
    categories: [...CATEGORIES],
    ratioBp: 5000,
    perVoucherMax: 100_000 * FEN_PER_YUAN,
    enterpriseAnnualCap: 300_000 * FEN_PER_YUAN,
    validityDays: 365,
    claimWindowDays: 90,
    cityReviewRequired: false,
  };
  return [...counties, city];
}

/** Mountain counties (武义, 磐安) get half from the city; the richest (义乌, 永康, 东阳) a fifth. */
const CITY_SHARE_BP: Record<string, number> = { '330723': 5000, '330727': 5000, '330782': 2000, '330784': 2000, '330783': 2000 };

function planCountyProgram(rng: Random, year: number, region: JinhuaRegion): ProgramSpec {
  const extra = rng.sample<Category>(['CERTIFICATION', 'RND', 'INSTRUMENT_SHARING'], rng.int(1, 3));
  const ratioBp = rng.pick([5000, 5000, 6000, 7000]);
  const perVoucherMax = rng.pick([50_000, 100_000, 100_000, 200_000]) * FEN_PER_YUAN;
  const enterpriseAnnualCap = perVoucherMax * 3;
  return {
    name: `${region.name}${year}年科技创新券`,
    year,
    issuerRegionCode: region.code,
    cityShareBp: CITY_SHARE_BP[region.code] ?? 3000,
    categories: CATEGORIES.filter((c) => c === 'TESTING' || c === 'DESIGN' || extra.includes(c)),
    ratioBp,
    ...(rng.chance(0.3) ? { fullCoverageUpTo: rng.pick([2000, 5000]) * FEN_PER_YUAN } : {}),
    ...(rng.chance(0.4) ? { outOfRegionRatioBp: ratioBp - 2000 } : {}),
    perVoucherMax,
    enterpriseAnnualCap,
    ...(rng.chance(0.3) ? { controllerAnnualCap: enterpriseAnnualCap * 2 } : {}),
    validityDays: rng.pick([180, 365]),
    claimWindowDays: rng.pick([60, 90]),
    cityReviewRequired: rng.chance(0.25),
  };
}

/** What each fund may have to pay at most (every enterprise applying for the maximum), in fen. */
function fundNeeds(specs: ProgramSpec[], scale: Scale): Map<string, number> {
  const needs = new Map<string, number>();
  const add = (region: string, fen: number) => needs.set(region, (needs.get(region) ?? 0) + fen);
  for (const spec of specs) {
    const applicants = spec.issuerRegionCode === CITY ? COUNTIES.length * scale.enterprisesPerCounty : scale.enterprisesPerCounty;
    const most = applicants * scale.vouchersPerEnterprise * spec.perVoucherMax;
    add(CITY, Math.ceil((most * spec.cityShareBp) / 10_000));
    if (spec.issuerRegionCode !== CITY) add(spec.issuerRegionCode, Math.ceil((most * (10_000 - spec.cityShareBp)) / 10_000));
  }
  return needs;
}

/** A fund per region, allocated by its finance bureau in one or two budget documents (年初下达, 追加). */
async function createFunds(ctx: Context, finance: Map<string, Login>, specs: ProgramSpec[]): Promise<Map<string, string>> {
  const needs = fundNeeds(specs, ctx.options.scale);
  const ids = await mapLimit(JINHUA, ctx.options.concurrency, async (region) => {
    const token = required(finance.get(region.code), `the finance bureau of ${region.code}`).token;
    const name = `${region.name}${ctx.year}年科技创新券专项资金${ctx.options.tag ? `（${ctx.options.tag}）` : ''}`;
    const id = await createFund(ctx.http, token, { regionCode: region.code, year: ctx.year, name });
    // Whole 100 000 yuan (十万元) amounts: a first appropriation of about 80% and a top-up.
    const step = 100_000 * FEN_PER_YUAN;
    const total = Math.ceil((needs.get(region.code) ?? 0) / step) * step;
    const first = Math.ceil((total * 0.8) / step) * step;
    await allocate(ctx.http, token, id, first, `${region.abbrev}财企〔${ctx.year}〕${3 + (Number(region.code) % 17)}号`);
    if (total > first)
      await allocate(ctx.http, token, id, total - first, `${region.abbrev}财企〔${ctx.year}〕${41 + (Number(region.code) % 23)}号（追加）`);
    return id;
  });
  return new Map(JINHUA.map((r, i) => [r.code, ids[i]]));
}

/**
 * County programs are set up by the county's science bureau, the city's by the city admin. A county
 * program names the city's fund, so it stays proposed until the city's finance bureau approves that share.
 */
async function createPrograms(
  ctx: Context,
  officers: Map<string, Login>,
  finance: Map<string, Login>,
  funds: Map<string, string>,
  specs: ProgramSpec[],
): Promise<ProgramInfo[]> {
  return mapLimit(specs, ctx.options.concurrency, async ({ cityShareBp, ...spec }) => {
    const funding =
      spec.issuerRegionCode === CITY
        ? [{ fundId: required(funds.get(CITY), 'the city fund'), shareBp: 10_000 }]
        : [
            { fundId: required(funds.get(CITY), 'the city fund'), shareBp: cityShareBp },
            { fundId: required(funds.get(spec.issuerRegionCode), `the fund of ${spec.issuerRegionCode}`), shareBp: 10_000 - cityShareBp },
          ];
    const body: ProgramRequest = { ...spec, funding };
    if (spec.issuerRegionCode === CITY) return { ...body, id: await createProgram(ctx.http, ctx.admin.token, body) };
    const id = await createProgram(
      ctx.http,
      required(officers.get(spec.issuerRegionCode), `the officer of ${spec.issuerRegionCode}`).token,
      body,
    );
    await approveFunding(
      ctx.http,
      required(finance.get(CITY), 'the city finance bureau').token,
      id,
      required(funds.get(CITY), 'the city fund'),
    );
    return { ...body, id };
  });
}

interface EnterpriseSpec {
  uscc: string;
  name: string;
  regionCode: string;
  controllerKey?: string;
  username: string;
}

interface ProviderSpec {
  request: ProviderRequest;
  inComplex: boolean;
  accredited: boolean;
  username: string;
}

/**
 * Enterprises (some in groups under one controller) and providers (some outside Jinhua; a few
 * controlled by the same person as a local enterprise, so that pair may not trade vouchers).
 */
function planParties(rng: Random, ctx: Context): { enterprises: EnterpriseSpec[]; providers: ProviderSpec[] } {
  const enterprises = COUNTIES.flatMap((code) => planEnterprises(rng, ctx, jinhuaRegion(code)));
  groupUnderControllers(rng, enterprises);
  const providers = Array.from({ length: ctx.options.scale.providers }, () => planProvider(rng, ctx));
  nameProviderUsers(providers);
  relateProvidersToEnterprises(rng, providers, enterprises);
  return { enterprises, providers };
}

function planEnterprises(rng: Random, ctx: Context, region: JinhuaRegion): EnterpriseSpec[] {
  return Array.from({ length: ctx.options.scale.enterprisesPerCounty }, (_, i) => {
    const sector = rng.chance(0.7) ? region.sector : rng.pick(JINHUA).sector;
    return {
      uscc: ctx.usccs.next('91', region.code),
      name: uniqueName(ctx.names, () => enterpriseName(rng, region.firmPrefix, sector)),
      regionCode: region.code,
      username: `${region.slug}-e${String(i + 1).padStart(2, '0')}`,
    };
  });
}

/** In a third of the counties, the first two enterprises belong to one family group (实际控制人). */
function groupUnderControllers(rng: Random, enterprises: EnterpriseSpec[]): void {
  for (const county of rng.sample(COUNTIES, 3)) {
    const pair = enterprises.filter((e) => e.regionCode === county).slice(0, 2);
    if (pair.length < 2) continue;
    const key = controllerKey(rng);
    for (const e of pair) e.controllerKey = key;
  }
}

function controllerKey(rng: Random): string {
  return `${personName(rng)}·${rng.digits(4)}`;
}

function planProvider(rng: Random, ctx: Context): ProviderSpec {
  const where = rng.weighted<'county' | 'city' | 'outside'>([
    ['county', 60],
    ['city', 15],
    ['outside', 25],
  ]);
  const region = where === 'county' ? jinhuaRegion(rng.pick(COUNTIES)) : where === 'city' ? jinhuaRegion(CITY) : undefined;
  const outside = region ? undefined : rng.pick(OUTSIDE);
  const home = region ? { code: region.code, name: region.firmPrefix } : required(outside, 'a place outside Jinhua');
  const regionCode = home.code;
  const profile = providerProfile(rng, rng.weighted(PROVIDER_KINDS));
  const place = rng.chance(0.2) && profile.usccType === '91' ? '浙江' : home.name;
  const sector = region?.sector ?? rng.pick(JINHUA).sector;
  const name = uniqueName(ctx.names, () => providerName(rng, profile.kind, place, sector));
  const branch = shortName(home.name);
  const accreditations = [
    ...(profile.cma
      ? [{ type: 'CMA' as const, number: `${ctx.year - rng.int(1, 5)}11${rng.digits(6)}`, validUntil: futureDate(rng, ctx.year) }]
      : []),
    ...(profile.cnas ? [{ type: 'CNAS' as const, number: `CNAS L${rng.int(1000, 19999)}`, validUntil: futureDate(rng, ctx.year) }] : []),
  ];
  return {
    request: {
      uscc: ctx.usccs.next(profile.usccType, regionCode),
      name,
      regionCode,
      categories: profile.categories,
      accreditations,
      bankAccount: bankAccount(rng, name, branch, !region || region.code === CITY),
    },
    inComplex: region !== undefined && rng.chance(0.6),
    accredited: accreditations.length > 0,
    username: '',
  };
}

/** yiwu-p01, yiwu-p02, hangzhou-p01: numbered within each region. */
function nameProviderUsers(providers: ProviderSpec[]): void {
  const counts = new Map<string, number>();
  for (const p of providers) {
    const n = (counts.get(p.request.regionCode) ?? 0) + 1;
    counts.set(p.request.regionCode, n);
    p.username = `${regionSlug(p.request.regionCode)}-p${String(n).padStart(2, '0')}`;
  }
}

function futureDate(rng: Random, year: number): string {
  return `${year + rng.int(1, 5)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

/** About one provider in eight shares its controller with an enterprise of its county (关联方). */
function relateProvidersToEnterprises(rng: Random, providers: ProviderSpec[], enterprises: EnterpriseSpec[]): void {
  const local = providers.filter((p) => COUNTIES.some((c) => c === p.request.regionCode));
  for (const provider of rng.sample(local, Math.max(1, Math.round(providers.length / 8)))) {
    const neighbours = enterprises.filter((e) => e.regionCode === provider.request.regionCode);
    if (neighbours.length === 0) continue;
    const enterprise = rng.pick(neighbours);
    enterprise.controllerKey ??= controllerKey(rng);
    provider.request.controllerKey = enterprise.controllerKey;
  }
}

/** Each county's science bureau registers its enterprises; each enterprise gets a user. */
async function createEnterprises(ctx: Context, officers: Map<string, Login>, specs: EnterpriseSpec[]): Promise<Party[]> {
  return mapLimit(specs, ctx.options.concurrency, async ({ username: user, ...body }) => {
    const id = await createEnterprise(ctx.http, required(officers.get(body.regionCode), `the officer of ${body.regionCode}`).token, body);
    return { ...body, id, login: await login(ctx, 'enterprise', user, body.name, { enterpriseId: id }) };
  });
}

async function createProviders(ctx: Context, complexes: Map<string, string>, specs: ProviderSpec[]): Promise<ProviderParty[]> {
  return mapLimit(specs, ctx.options.concurrency, async ({ request, inComplex, accredited, username: user }) => {
    const complexId = inComplex ? complexes.get(request.regionCode) : undefined;
    const id = await createProvider(ctx.http, ctx.admin.token, { ...request, ...(complexId ? { complexId } : {}) });
    return {
      id,
      name: request.name,
      uscc: request.uscc,
      regionCode: request.regionCode,
      ...(request.controllerKey ? { controllerKey: request.controllerKey } : {}),
      categories: request.categories,
      accredited,
      login: await login(ctx, 'provider', user, request.name, { providerId: id }),
    };
  });
}
