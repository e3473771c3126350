/**
 * Which actions the portal offers: the server's rules (libs/core/src/access.ts POLICY, and the
 * state checks of each use case) mirrored for the screens, so a user sees only the buttons it may
 * press. The server stays the authority: a button shown here may still be refused (403/404/409),
 * and nothing is allowed because this file says so. One place: screens ask `may*`, never a role.
 */

/** The signed-in user as the rules read it. */
export interface Who {
  role: string;
  regionCode?: string | null;
  providerId?: string | null;
  enterpriseId?: string | null;
}

/** 'all': anything of its kind; 'region': the actor's own region's; 'own': its own party's. */
type Reach = 'all' | 'region' | 'own';

/** The entries of POLICY the portal offers actions for (same names, same reaches). */
const POLICY = {
  'application.review': { city_admin: 'all', county_officer: 'region' },
  'claim.review': { city_admin: 'all', county_officer: 'region' },
  'voucher.revoke': { city_admin: 'all', county_officer: 'region' },
  'settlement.run': { city_admin: 'all', finance: 'region' },
  'batch.decide': { finance: 'region' },
  'batch.payment-file': { finance: 'region', auditor: 'all' },
  'batch.statement': { finance: 'region', city_admin: 'all', auditor: 'all' },
  'enterprise.create': { city_admin: 'all', county_officer: 'region' },
  'provider.change-status': { city_admin: 'all' },
  'dashboard.city.read': { city_admin: 'all', auditor: 'all', county_officer: 'region', finance: 'region' },
} as const satisfies Record<string, Partial<Record<string, Reach>>>;

export type Action = keyof typeof POLICY;

function reachOf(who: Who, action: Action): Reach | undefined {
  return (POLICY[action] as Partial<Record<string, Reach>>)[who.role];
}

/** Whether `who` may take `action` at all (on some object): whether to show its screen controls. */
export function mayTake(who: Who, action: Action): boolean {
  return reachOf(who, action) !== undefined;
}

/** Whether `who` may take `action` on an object of `regionCode` (its scope column), as access.ts decides. */
export function mayIn(who: Who, action: Action, regionCode: string | null | undefined): boolean {
  const reach = reachOf(who, action);
  if (reach === 'all') return true;
  if (reach === 'region') return !!who.regionCode && who.regionCode === regionCode;
  return false;
}

/**
 * Approve or reject an application: pending, and the stage under review is the actor's. The county
 * stage is the issuing county officer's (the city admin does not decide it); the city stage is the
 * city admin's, or, for a program the city issues (only a city review), its own region's officer's.
 */
export function mayReviewApplication(
  who: Who,
  application: { status: string; stage: string },
  issuer: { regionCode: string; level: 'city' | 'county' } | undefined,
): boolean {
  if (application.status !== 'pending' || !issuer) return false;
  const reach = reachOf(who, 'application.review');
  if (reach === undefined || !mayIn(who, 'application.review', issuer.regionCode)) return false;
  const stage = application.stage === 'city' || issuer.level === 'city' ? 'city' : 'county';
  if (stage === 'county') return reach === 'region';
  return reach === 'all' || issuer.level === 'city';
}

/** Approve or reject a claim: submitted, and its program issued by the actor's region (or the city admin). */
export function mayReviewClaim(who: Who, claim: { status: string }, issuerRegionCode: string | undefined): boolean {
  return claim.status === 'submitted' && issuerRegionCode !== undefined && mayIn(who, 'claim.review', issuerRegionCode);
}

/** Revoke a voucher: active or exhausted, issued by the actor's region (or the city admin). */
export function mayRevokeVoucher(who: Who, voucher: { status: string }, issuerRegionCode: string | undefined): boolean {
  return (
    (voucher.status === 'active' || voucher.status === 'exhausted') &&
    issuerRegionCode !== undefined &&
    mayIn(who, 'voucher.revoke', issuerRegionCode)
  );
}

/** Start a settlement run for a region: its finance bureau, or the city admin for any. */
export function mayStartRun(who: Who, regionCode: string | undefined): boolean {
  return !!regionCode && mayIn(who, 'settlement.run', regionCode);
}

/** What the actor may do with a batch now: approve a draft; pay or return lines of an approved one; the payment file. */
export function batchActions(
  who: Who,
  batch: { status: string; regionCode: string },
): { approve: boolean; pay: boolean; returnLine: boolean; paymentFile: boolean; statement: boolean } {
  const decides = mayIn(who, 'batch.decide', batch.regionCode);
  return {
    approve: decides && batch.status === 'draft',
    pay: decides && batch.status === 'approved',
    returnLine: decides && batch.status === 'approved',
    // Only the paying bureau (and auditors) get the file: it carries account numbers in full.
    paymentFile: mayIn(who, 'batch.payment-file', batch.regionCode),
    // The 结算单: the region's finance bureau, the city admin and auditors.
    statement: mayIn(who, 'batch.statement', batch.regionCode),
  };
}
