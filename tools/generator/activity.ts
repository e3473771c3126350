/**
 * A month of activity in a generated world, all of it today (the service runs on the real clock):
 * applications and their reviews (some rejected, a few left waiting), service orders on the issued
 * vouchers (most confirmed, some cancelled, some left pending), a revocation, claims with invoices
 * and their reviews (one rejected and claimed again with a new invoice, a few left waiting).
 * Each step is planned from the seed before its requests go out.
 */
import { type Category, shanghaiDate } from '@ivl/core';
import { mapLimit } from './http.js';
import {
  apply,
  approveApplication,
  approveClaim,
  cancelRedemption,
  confirmRedemption,
  redeem,
  rejectApplication,
  rejectClaim,
  revokeVoucher,
  submitClaim,
  uploadPdf,
} from './api.js';
import { CITY } from './jinhua.js';
import {
  APPLICATION_REJECT_REASONS,
  CITY_REJECT_REASON,
  CLAIM_REJECT_REASON,
  ORDER_YUAN,
  PURPOSES,
  REVOKE_REASON,
  SERVICES,
} from './names.js';
import { Random } from './random.js';
import type { Login, Party, ProgramInfo, ProviderParty, World } from './world.js';
import { required } from '@ivl/core';

export interface ActivitySummary {
  applications: { approved: number; rejected: number; waiting: number };
  vouchers: { issued: number; revoked: number; faceValue: number };
  redemptions: { confirmed: number; cancelled: number; pending: number; subsidyConfirmed: number };
  claims: { approved: number; rejected: number; waiting: number; amountApproved: number };
}

export interface IssuedVoucher {
  code: string;
  faceValue: number;
  program: ProgramInfo;
  enterprise: Party;
}

export interface RedemptionRecord {
  id: string;
  voucher: IssuedVoucher;
  provider: ProviderParty;
  subsidy: number;
  status: 'pending' | 'confirmed' | 'cancelled';
}

export interface Activity {
  vouchers: IssuedVoucher[];
  redemptions: RedemptionRecord[];
  summary: ActivitySummary;
}

const FEN_PER_YUAN = 100;

export async function generateActivity(world: World): Promise<Activity> {
  const rng = new Random(world.options.seed).fork('activity');
  const summary: ActivitySummary = {
    applications: { approved: 0, rejected: 0, waiting: 0 },
    vouchers: { issued: 0, revoked: 0, faceValue: 0 },
    redemptions: { confirmed: 0, cancelled: 0, pending: 0, subsidyConfirmed: 0 },
    claims: { approved: 0, rejected: 0, waiting: 0, amountApproved: 0 },
  };
  const vouchers = await runApplications(world, planApplications(rng.fork('applications'), world), summary);
  const redemptions = await runOrders(world, planOrders(rng.fork('orders'), world, vouchers));
  await revokeOne(world, rng.fork('revocation'), vouchers, redemptions, summary);
  countRedemptions(redemptions, summary);
  await runClaims(world, planClaims(rng.fork('claims'), redemptions), summary);
  return { vouchers, redemptions, summary };
}

// ——— applications ———

type Decision = 'approve' | 'reject' | 'wait';

interface PlannedApplication {
  enterprise: Party;
  program: ProgramInfo;
  amount: number;
  purpose: string;
  rejectReason: string;
  county: Decision;
  /** The city's review, for county programs that require it. */
  city: Decision;
}

/** Face values in yuan that enterprises apply for, small ones more often. */
const FACE_YUAN: ReadonlyArray<readonly [number, number]> = [
  [5_000, 2],
  [10_000, 4],
  [20_000, 3],
  [30_000, 2],
  [50_000, 2],
  [80_000, 1],
  [100_000, 1],
];

function planApplications(rng: Random, world: World): PlannedApplication[] {
  const cityProgram = required(
    world.programs.find((p) => p.issuerRegionCode === CITY),
    'the city program',
  );
  return world.enterprises.flatMap((enterprise) => {
    const own = required(
      world.programs.find((p) => p.issuerRegionCode === enterprise.regionCode),
      `the program of ${enterprise.regionCode}`,
    );
    return Array.from({ length: world.options.scale.vouchersPerEnterprise }, (_, i) => {
      const program = i > 0 && rng.chance(0.35) ? cityProgram : own;
      return {
        enterprise,
        program,
        amount: Math.min(rng.weighted(FACE_YUAN) * FEN_PER_YUAN, program.perVoucherMax),
        purpose: rng.pick(PURPOSES),
        rejectReason: rng.pick(APPLICATION_REJECT_REASONS),
        county: rng.weighted<Decision>([
          ['approve', 82],
          ['reject', 10],
          ['wait', 8],
        ]),
        city: rng.weighted<Decision>([
          ['approve', 80],
          ['reject', 10],
          ['wait', 10],
        ]),
      };
    });
  });
}

/** The first reviewer: the county's science bureau, or the city admin for the city's program. */
function firstReviewer(world: World, program: ProgramInfo): Login {
  return program.issuerRegionCode === CITY
    ? world.admin
    : required(world.officers.get(program.issuerRegionCode), `the officer of ${program.issuerRegionCode}`);
}

/** Each enterprise's applications in order, enterprises side by side; answers the issued vouchers in plan order. */
async function runApplications(world: World, plan: PlannedApplication[], summary: ActivitySummary): Promise<IssuedVoucher[]> {
  const byEnterprise = groupBy(plan, (a) => a.enterprise.id);
  const results = await mapLimit([...byEnterprise.values()], world.options.concurrency, async (applications) => {
    const issued: IssuedVoucher[] = [];
    for (const planned of applications) {
      const voucher = await runApplication(world, planned, summary);
      if (voucher) issued.push(voucher);
    }
    return issued;
  });
  return results.flat();
}

async function runApplication(world: World, planned: PlannedApplication, summary: ActivitySummary): Promise<IssuedVoucher | undefined> {
  const { http } = world;
  const token = planned.enterprise.login.token;
  const plan = await uploadPdf(http, token, '项目计划书.pdf', [
    'Project plan',
    `Enterprise ${planned.enterprise.id}`,
    `Program ${planned.program.id}`,
    `Voucher asked for: ${planned.amount} fen`,
  ]);
  const id = await apply(http, token, {
    programId: planned.program.id,
    amount: planned.amount,
    purpose: planned.purpose,
    documentIds: [plan],
  });
  const first = firstReviewer(world, planned.program);
  const twoSteps = planned.program.cityReviewRequired && planned.program.issuerRegionCode !== CITY;
  const steps: Array<[Decision, Login, string]> = [[planned.county, first, planned.rejectReason]];
  if (twoSteps) steps.push([planned.city, world.admin, CITY_REJECT_REASON]);
  for (const [decision, reviewer, reason] of steps) {
    if (decision === 'wait') {
      summary.applications.waiting += 1;
      return undefined;
    }
    if (decision === 'reject') {
      await rejectApplication(http, reviewer.token, id, reason);
      summary.applications.rejected += 1;
      return undefined;
    }
    const answer = await approveApplication(http, reviewer.token, id);
    if (answer.voucher) {
      summary.applications.approved += 1;
      summary.vouchers.issued += 1;
      summary.vouchers.faceValue += answer.voucher.faceValue;
      return { code: answer.voucher.code, faceValue: answer.voucher.faceValue, program: planned.program, enterprise: planned.enterprise };
    }
  }
  throw new Error(`application ${id} was approved at every step but issued no voucher`);
}

// ——— service orders ———

type Outcome = 'confirm' | 'cancel-by-provider' | 'cancel-by-enterprise' | 'leave';

interface PlannedOrder {
  voucher: IssuedVoucher;
  provider: ProviderParty;
  category: Category;
  orderAmount: number;
  description: string;
  outcome: Outcome;
}

function planOrders(rng: Random, world: World, vouchers: IssuedVoucher[]): PlannedOrder[] {
  return vouchers.flatMap((voucher) => {
    const count = rng.weighted<number>(
      Array.from({ length: world.options.scale.redemptionsPerVoucher + 1 }, (_, n) => [n, n === 0 ? 1 : n === 1 ? 5 : 3] as const),
    );
    return Array.from({ length: count }, () => planOrder(rng, world, voucher)).filter((o) => o !== undefined);
  });
}

function planOrder(rng: Random, world: World, voucher: IssuedVoucher): PlannedOrder | undefined {
  const eligible = world.providers.filter((p) => servesVoucher(p, voucher).length > 0);
  if (eligible.length === 0) return undefined;
  // Half the orders go to a provider of the enterprise's own county when there is one (就近服务).
  const local = eligible.filter((p) => p.regionCode === voucher.enterprise.regionCode);
  const provider = rng.pick(local.length > 0 && rng.chance(0.5) ? local : eligible);
  const category = rng.pick(servesVoucher(provider, voucher));
  return {
    voucher,
    provider,
    category,
    orderAmount: orderAmount(rng, category, voucher.faceValue),
    description: rng.pick(SERVICES[category]),
    outcome: rng.weighted<Outcome>([
      ['confirm', 72],
      ['cancel-by-provider', 5],
      ['cancel-by-enterprise', 5],
      ['leave', 18],
    ]),
  };
}

/** The categories a provider may serve this voucher with: offered, covered, accredited for testing, not a related party. */
function servesVoucher(provider: ProviderParty, voucher: IssuedVoucher): Category[] {
  const enterprise = voucher.enterprise;
  const related =
    provider.uscc === enterprise.uscc || (provider.controllerKey !== undefined && provider.controllerKey === enterprise.controllerKey);
  if (related) return [];
  return provider.categories.filter((c) => voucher.program.categories.includes(c) && (c !== 'TESTING' || provider.accredited));
}

/** An order in whole hundreds of yuan, now and then with yuan and jiao (12 345.60), sized to the category and the voucher. */
function orderAmount(rng: Random, category: Category, faceValue: number): number {
  const [min, max] = ORDER_YUAN[category];
  const upper = Math.max(min, Math.min(max, (faceValue / FEN_PER_YUAN) * 2));
  const yuan = Math.round(rng.int(min, upper) / 100) * 100;
  return rng.chance(0.15) ? (yuan + rng.int(1, 99)) * FEN_PER_YUAN + rng.int(1, 9) * 10 : yuan * FEN_PER_YUAN;
}

/** Each voucher's orders in order (vouchers side by side); skips an order once nothing is left to hold. */
async function runOrders(world: World, plan: PlannedOrder[]): Promise<RedemptionRecord[]> {
  const byVoucher = groupBy(plan, (o) => o.voucher.code);
  const results = await mapLimit([...byVoucher.values()], world.options.concurrency, async (orders) => {
    const records: RedemptionRecord[] = [];
    let left = orders[0].voucher.faceValue;
    for (const order of orders) {
      if (left === 0) break;
      const record = await runOrder(world, order);
      left -= record.status === 'cancelled' ? 0 : record.subsidy;
      records.push(record);
    }
    return records;
  });
  return results.flat();
}

async function runOrder(world: World, order: PlannedOrder): Promise<RedemptionRecord> {
  const { http } = world;
  const redemption = await redeem(http, order.provider.login.token, {
    voucherCode: order.voucher.code,
    category: order.category,
    orderAmount: order.orderAmount,
    description: order.description,
  });
  const record: RedemptionRecord = {
    id: redemption.id,
    voucher: order.voucher,
    provider: order.provider,
    subsidy: redemption.subsidy,
    status: 'pending',
  };
  if (order.outcome === 'confirm') {
    await confirmRedemption(http, order.voucher.enterprise.login.token, redemption.id);
    record.status = 'confirmed';
  } else if (order.outcome !== 'leave') {
    const who = order.outcome === 'cancel-by-provider' ? order.provider.login : order.voucher.enterprise.login;
    await cancelRedemption(http, who.token, redemption.id);
    record.status = 'cancelled';
  }
  return record;
}

/**
 * The county's science bureau revokes one county voucher, preferably one with an order still
 * pending: the hold is released first, confirmed orders stay confirmed.
 */
async function revokeOne(
  world: World,
  rng: Random,
  vouchers: IssuedVoucher[],
  redemptions: RedemptionRecord[],
  summary: ActivitySummary,
): Promise<void> {
  const county = vouchers.filter((v) => v.program.issuerRegionCode !== CITY);
  const withPending = county.filter((v) => redemptions.some((r) => r.voucher === v && r.status === 'pending'));
  const candidates = withPending.length > 0 ? withPending : county;
  if (candidates.length === 0) return;
  const voucher = rng.pick(candidates);
  await revokeVoucher(
    world.http,
    required(world.officers.get(voucher.program.issuerRegionCode), `the officer of ${voucher.program.issuerRegionCode}`).token,
    voucher.code,
    REVOKE_REASON,
  );
  for (const r of redemptions) if (r.voucher === voucher && r.status === 'pending') r.status = 'cancelled';
  summary.vouchers.revoked += 1;
}

function countRedemptions(redemptions: RedemptionRecord[], summary: ActivitySummary): void {
  for (const r of redemptions) {
    summary.redemptions[r.status] += 1;
    if (r.status === 'confirmed') summary.redemptions.subsidyConfirmed += r.subsidy;
  }
}

// ——— claims ———

interface PlannedClaim {
  provider: ProviderParty;
  program: ProgramInfo;
  redemptions: RedemptionRecord[];
  invoiceNumber: string;
  review: 'approve' | 'reject-then-reclaim' | 'wait';
  /** The new invoice when the first is rejected. */
  reissuedNumber: string;
}

/**
 * Providers claim most of their confirmed orders, per program, up to four orders per invoice. One
 * claim is rejected (the invoice was made out wrongly) and claimed again; about one in ten waits.
 */
function planClaims(rng: Random, redemptions: RedemptionRecord[]): PlannedClaim[] {
  const confirmed = redemptions.filter((r) => r.status === 'confirmed');
  const groups = groupBy(confirmed, (r) => `${r.provider.id}/${r.voucher.program.id}`);
  const claims: PlannedClaim[] = [];
  for (const group of groups.values()) {
    if (!rng.chance(0.85)) continue;
    for (let i = 0; i < group.length;) {
      const size = rng.int(1, 4);
      claims.push({
        provider: group[0].provider,
        program: group[0].voucher.program,
        redemptions: group.slice(i, i + size),
        invoiceNumber: invoiceNumber(rng),
        review: rng.chance(0.1) ? 'wait' : 'approve',
        reissuedNumber: invoiceNumber(rng),
      });
      i += size;
    }
  }
  const rejected = claims.find((c) => c.review === 'approve');
  if (rejected && claims.length >= 3) rejected.review = 'reject-then-reclaim';
  return claims;
}

/** A 20-digit fully digital invoice number (全电发票): year, 33 for Zhejiang, serial. */
function invoiceNumber(rng: Random): string {
  return `${shanghaiDate(new Date()).slice(2, 4)}33${rng.digits(16)}`;
}

/** Each provider's claims in order (providers side by side), then their reviews. */
async function runClaims(world: World, plan: PlannedClaim[], summary: ActivitySummary): Promise<void> {
  const byProvider = groupBy(plan, (c) => c.provider.id);
  await mapLimit([...byProvider.values()], world.options.concurrency, async (claims) => {
    for (const claim of claims) await runClaim(world, claim, summary);
  });
}

async function runClaim(world: World, planned: PlannedClaim, summary: ActivitySummary): Promise<void> {
  const { http } = world;
  const reviewer = firstReviewer(world, planned.program);
  const token = planned.provider.login.token;
  const redemptionIds = planned.redemptions.map((r) => r.id);
  const amount = planned.redemptions.reduce((sum, r) => sum + r.subsidy, 0);
  // The service report (验收单) once; each invoice (the first, and the one reissued after a rejection) as its own file.
  const report = await uploadPdf(http, token, '验收单.pdf', ['Service acceptance report', ...redemptionIds.map((id) => `Order ${id}`)]);
  const submit = async (number: string) =>
    submitClaim(http, token, {
      redemptionIds,
      invoice: { number, date: shanghaiDate(new Date()), amount },
      documentIds: [await uploadPdf(http, token, `发票-${number}.pdf`, ['Invoice', `No. ${number}`, `Amount ${amount} fen`]), report],
    });
  let claim = await submit(planned.invoiceNumber);
  if (planned.review === 'wait') {
    summary.claims.waiting += 1;
    return;
  }
  if (planned.review === 'reject-then-reclaim') {
    await rejectClaim(http, reviewer.token, claim.id, CLAIM_REJECT_REASON);
    summary.claims.rejected += 1;
    claim = await submit(planned.reissuedNumber);
  }
  await approveClaim(http, reviewer.token, claim.id);
  summary.claims.approved += 1;
  summary.claims.amountApproved += claim.amount;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
