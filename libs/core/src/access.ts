import type { Actor, Role } from './actor.js';
import { DomainError } from './domain-error.js';

/**
 * The one access policy (issue 11 item 3): which roles may take each action, and how far each
 * role's right reaches. Every write asks `requireAccess` before it touches an object; every list
 * asks `scopeOf` what the caller may see and hands that scope to its repository, which turns it
 * into a WHERE clause. Nothing else in the code decides who may do what from `actor.role`.
 *
 * Reaches:
 * - `all`: anything of its kind (the city admin, auditors reading);
 * - `region`: objects of the actor's own region (county officers, finance bureaus);
 * - `own`: objects of the actor's own party (a provider's, an enterprise's; an applicant's own
 *   registrations, by its user id).
 *
 * A role absent from an action's entry may never take it: 403 with the entry's `why`. A role that
 * may, aimed at an object outside its reach, gets 404 for an existing object (it must not learn
 * that the object exists) and 403 for a new one it may not create there.
 */
export type Reach = 'all' | 'region' | 'own';

interface Rule {
  readonly who: Partial<Record<Role, Reach>>;
  /** Said in the 403 to a role that may never take the action. */
  readonly why: string;
}

const BUREAU_READERS = { city_admin: 'all', auditor: 'all', county_officer: 'region', finance: 'region' } as const;
const EVERYONE_IN_SCOPE = { ...BUREAU_READERS, provider: 'own', enterprise: 'own' } as const;

export const POLICY = {
  // Registry
  'region.create': { who: { city_admin: 'all' }, why: 'only the city admin adds regions' },
  'region.set-payment-notice': {
    who: { city_admin: 'all', finance: 'region' },
    why: "only the city admin or the region's finance bureau sets its payment notice days",
  },
  'complex.create': { who: { city_admin: 'all' }, why: 'only the city admin registers complexes' },
  'provider.create': { who: { city_admin: 'all' }, why: 'only the city admin registers providers' },
  'provider.change-status': { who: { city_admin: 'all' }, why: 'only the city admin changes a provider status' },
  'enterprise.create': {
    who: { city_admin: 'all', county_officer: 'region' },
    why: 'only the city admin or the officer of its region registers an enterprise',
  },
  'enterprise.read': { who: { ...BUREAU_READERS, enterprise: 'own' }, why: 'providers do not read enterprises' },

  // Accounts
  'user.create': { who: { city_admin: 'all' }, why: 'only the city admin creates users' },
  'user.list': {
    who: { city_admin: 'all', auditor: 'all', county_officer: 'region' },
    why: 'only the city admin, auditors and county officers list users',
  },
  'user.reset-password': { who: { city_admin: 'all' }, why: 'only the city admin resets passwords' },
  'user.disable': {
    who: { city_admin: 'all', county_officer: 'region' },
    why: 'only the city admin and county officers disable or enable users',
  },

  // Funds and programs
  'fund.create': {
    who: { city_admin: 'all', finance: 'region' },
    why: 'only the city admin or the finance bureau of the region creates its funds',
  },
  'fund.allocate': { who: { finance: 'region' }, why: 'only the finance bureau of the fund region allocates budget' },
  'fund.read': { who: BUREAU_READERS, why: 'funds are for the bureaus and auditors' },
  'program.create': {
    who: { city_admin: 'all', county_officer: 'region' },
    why: 'only the city admin or the officer of the issuing region creates a program',
  },
  'program.approve-funding': {
    who: { city_admin: 'all', finance: 'region' },
    why: "only the city admin or the finance bureau of the fund's region approves a funding share",
  },
  /** Reading a program still proposed (an active one is public): the bureaus it concerns, and the city-wide readers. */
  'program.read-proposed': { who: BUREAU_READERS, why: 'a proposed program is read by the bureaus it concerns' },

  // Applications and vouchers
  'application.submit': { who: { enterprise: 'own' }, why: 'only an enterprise applies for vouchers' },
  'application.read': {
    who: { city_admin: 'all', auditor: 'all', county_officer: 'region', enterprise: 'own' },
    why: 'applications are read by officers, auditors and the applicant',
  },
  'application.review': { who: { city_admin: 'all', county_officer: 'region' }, why: 'only officers review applications' },
  'voucher.read': { who: EVERYONE_IN_SCOPE, why: 'vouchers are read by the bureaus, auditors, providers and holders' },
  'voucher.list': { who: { ...BUREAU_READERS, enterprise: 'own' }, why: 'providers look vouchers up by code' },
  /** The whole voucher (parts, application, dates); a provider redeeming it sees what the redemption needs. */
  'voucher.read-holder-details': { who: { ...BUREAU_READERS, enterprise: 'own' }, why: 'a provider sees only what it redeems' },
  'voucher.qr': { who: { enterprise: 'own' }, why: 'only the voucher holder gets its QR code' },
  'voucher.revoke': { who: { city_admin: 'all', county_officer: 'region' }, why: 'only officers revoke vouchers' },

  // Redemptions and claims
  'redemption.create': { who: { provider: 'own' }, why: 'only a provider redeems vouchers' },
  'redemption.confirm': { who: { enterprise: 'own' }, why: 'only the voucher holder confirms a redemption' },
  'redemption.cancel': { who: { enterprise: 'own', provider: 'own' }, why: 'only the provider or the voucher holder cancels' },
  'redemption.read': { who: EVERYONE_IN_SCOPE, why: 'redemptions are read by those they concern' },
  'claim.submit': { who: { provider: 'own' }, why: 'only a provider submits claims' },
  'claim.read': { who: { ...BUREAU_READERS, provider: 'own' }, why: 'claims are read by the bureaus, auditors and the claiming provider' },
  'claim.review': { who: { city_admin: 'all', county_officer: 'region' }, why: 'only officers review claims' },

  // Orders (服务订单) and ratings. A county officer reaches the orders on vouchers its region issued.
  'order.create': { who: { enterprise: 'own' }, why: 'only an enterprise orders a service with its voucher' },
  'order.decide': { who: { provider: 'own' }, why: 'only the provider ordered from accepts or declines an order' },
  'order.cancel': { who: { enterprise: 'own' }, why: 'only the enterprise that ordered cancels an order' },
  'order.read': {
    who: { city_admin: 'all', auditor: 'all', county_officer: 'region', provider: 'own', enterprise: 'own' },
    why: 'orders are read by their parties, the officers of the issuing region and auditors',
  },
  'redemption.rate': { who: { enterprise: 'own' }, why: 'only the voucher holder rates a redemption' },

  // Documents (who reads one is decided by what it is attached to; see DocumentsService)
  'document.upload': {
    who: { city_admin: 'own', auditor: 'own', county_officer: 'own', finance: 'own', provider: 'own', enterprise: 'own', applicant: 'own' },
    why: 'uploading needs an account',
  },
  /** Reading any document, attached to anything: auditors. */
  'document.read-any': { who: { auditor: 'all' }, why: 'a document is read by those what it is attached to concerns' },

  // Clawback (追回): an upheld audit finding makes a paid redemption's subsidy recoverable from the
  // provider; the finance bureau of each funding region records the repayment of its fund's part.
  'clawback.create': { who: { city_admin: 'all', auditor: 'all' }, why: 'only auditors and the city admin claw back a paid redemption' },
  'clawback.recover': { who: { finance: 'region' }, why: 'only the finance bureau of a funding region records a repayment' },
  'clawback.read': {
    who: { ...BUREAU_READERS, provider: 'own' },
    why: 'clawbacks are read by the bureaus of the funding regions, auditors and the provider concerned',
  },

  // Settlement, reconciliation, audit
  'settlement.run': {
    who: { city_admin: 'all', finance: 'region' },
    why: 'only the finance bureau of the region (or the city admin) starts its settlement',
  },
  'settlement-run.read': { who: BUREAU_READERS, why: 'settlement runs are read by the bureaus and auditors' },
  'batch.read': { who: { ...BUREAU_READERS, provider: 'own' }, why: 'batches are read by the bureaus, auditors and the providers paid' },
  'batch.decide': { who: { finance: 'region' }, why: 'only the finance bureau of the region approves, returns and pays its batches' },
  'batch.payment-file': {
    who: { finance: 'region', auditor: 'all' },
    why: 'the payment file is for the finance bureau paying the batch (and auditors)',
  },
  'batch.statement': {
    who: { finance: 'region', city_admin: 'all', auditor: 'all' },
    why: 'the settlement statement (结算单) is for the finance bureau of the region, the city admin and auditors',
  },
  /** Seeing a bank account number unmasked: auditors, and the finance bureau of a region that pays the account. */
  'bank-account.read-full': { who: { auditor: 'all', finance: 'region' }, why: 'bank account numbers are shown masked' },
  'reconciliation.read': { who: BUREAU_READERS, why: 'reconciliations are read by the bureaus and auditors' },
  'dashboard.read': { who: BUREAU_READERS, why: 'the dashboard is for the bureaus and auditors' },
  // The city screen (数据大屏, issue 16): the whole city's year, so for the city-wide readers and the
  // city's own bureaus (a 'region' reach aimed at the city's code); a county's bureaus read their
  // county's dashboard instead.
  'dashboard.city.read': { who: BUREAU_READERS, why: "the city screen is for the city's bureaus and auditors" },
  // Risk signals (风险线索): read by the bureaus (a regional one: its region's), scanned on demand by
  // auditors and the city admin, decided by auditors only.
  'risk.read': { who: BUREAU_READERS, why: 'risk signals are read by the bureaus and auditors' },
  'risk.scan': { who: { city_admin: 'all', auditor: 'all' }, why: 'only auditors and the city admin start a risk scan' },
  'risk.decide': { who: { auditor: 'all' }, why: 'only auditors dismiss or confirm a risk signal' },
  // Complex evaluation (考核评价): a complex's year is read by the bureaus (a regional one: its
  // region's complexes) and auditors, and by the complex's own providers (the totals and their own
  // line, not the other providers' lines); the city ranking is for the bureaus and auditors.
  'evaluation.read': {
    who: { ...BUREAU_READERS, provider: 'own' },
    why: "a complex's evaluation is read by the bureaus, auditors and the complex's own providers",
  },
  'evaluation.rank': { who: BUREAU_READERS, why: 'the ranking of complexes is for the bureaus and auditors' },
  'audit-sample.draw': { who: { city_admin: 'all', auditor: 'all' }, why: 'audit samples are drawn by auditors' },
  'audit-log.read': { who: EVERYONE_IN_SCOPE, why: 'the audit log is read in scope' },
  'ledger.verify': { who: { city_admin: 'all', auditor: 'all' }, why: 'the ledger check is for the city admin and auditors' },
  'queues.view': { who: { city_admin: 'all' }, why: 'the queue dashboard is for the city admin' },

  // Public notice (公示) and objections (异议). Notices and filing an objection need no token. The
  // reviewing office: the city admin for providers on notice, the officer of the issuing region for
  // vouchers, the finance bureau of the batch's region for payment lines; auditors read them all.
  'objection.read': {
    who: { city_admin: 'all', auditor: 'all', county_officer: 'region', finance: 'region' },
    why: 'objections are handled by the reviewing offices and read by auditors',
  },
  'objection.decide-provider': { who: { city_admin: 'all' }, why: 'only the city admin decides objections against providers on notice' },
  'objection.decide-voucher': {
    who: { city_admin: 'all', county_officer: 'region' },
    why: 'only the officer of the issuing region decides objections against vouchers',
  },
  'objection.decide-payment': {
    who: { finance: 'region' },
    why: "only the finance bureau of the batch's region decides objections against payments",
  },

  // Registration (入驻). A county officer reaches the enterprise registrations of its region (a
  // provider registration carries no regional reach: the city admin reviews it); the enterprise or
  // provider a registration created reads it as its own.
  'registration.read': {
    who: { city_admin: 'all', auditor: 'all', county_officer: 'region', applicant: 'own', enterprise: 'own', provider: 'own' },
    why: 'registrations are read by their applicant, its reviewers and auditors',
  },
  'registration.review': {
    who: { city_admin: 'all', county_officer: 'region' },
    why: 'only the county officer of its region (enterprises) or the city admin reviews a registration',
  },
  'registration.complete': { who: { applicant: 'own' }, why: 'only its applicant completes or resubmits a registration' },

  // Service products (服务产品). The directory itself is public (no token, no policy); a provider's
  // clerk publishes, changes, withdraws and lists its own products.
  'service.publish': { who: { provider: 'own' }, why: 'only a provider publishes, changes or withdraws its service products' },
  'service.read': { who: { provider: 'own' }, why: 'a provider lists its own service products; everyone else reads the public directory' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

/**
 * The object an action is aimed at, by its scope columns. `regionCode` may list several regions
 * (a redemption is read by its issuing region and by the regions whose funds back it): a regional
 * actor reaches the object when its region is among them.
 */
export interface Target {
  regionCode?: string | readonly string[] | null;
  providerId?: string | null;
  enterpriseId?: string | null;
  /** The user who signed the object up (a registration's applicant). */
  applicantUserId?: string | null;
}

/** What a list shows the actor: everything, its region's, or its own party's. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; role: 'county_officer' | 'finance'; regionCode: string }
  | { kind: 'provider'; providerId: string }
  | { kind: 'enterprise'; enterpriseId: string }
  | { kind: 'applicant'; userId: string };

/** The reach of `actor` for `action`, or undefined when its role may never take it. */
export function reachOf(actor: Actor, action: Action): Reach | undefined {
  return (POLICY[action].who as Partial<Record<Role, Reach>>)[actor.role];
}

/** Whether `actor` may take `action` at all (on some object): for menus and early refusals. */
export function mayTake(actor: Actor, action: Action): boolean {
  return reachOf(actor, action) !== undefined;
}

/** Whether `actor` may take `action` on `target`. */
export function mayAccess(actor: Actor, action: Action, target: Target = {}): boolean {
  const reach = reachOf(actor, action);
  return reach !== undefined && reaches(actor, reach, target);
}

/**
 * Asks the policy before a write or a read of one object. A role that may never take `action`: 403.
 * An object outside the actor's reach: 404 naming `what` when the object exists (pass `what`),
 * 403 when the actor would create something where it may not (leave `what` out).
 */
export function requireAccess(actor: Actor, action: Action, target: Target = {}, what?: string): void {
  const reach = reachOf(actor, action);
  if (reach === undefined) throw DomainError.forbidden(POLICY[action].why);
  if (reaches(actor, reach, target)) return;
  throw what === undefined ? DomainError.forbidden(POLICY[action].why) : DomainError.notFound(what);
}

/** Asks only whether the role may ever take `action` (403 if not): for checks before the object is loaded. */
export function requireRole(actor: Actor, action: Action): void {
  if (reachOf(actor, action) === undefined) throw DomainError.forbidden(POLICY[action].why);
}

/** What `actor` may see of a list for `action` (403 when its role may never): repositories turn it into SQL. */
export function scopeOf(actor: Actor, action: Action): Scope {
  const reach = reachOf(actor, action);
  if (reach === undefined) throw DomainError.forbidden(POLICY[action].why);
  if (reach === 'all') return { kind: 'all' };
  switch (actor.role) {
    case 'county_officer':
    case 'finance':
      return { kind: 'region', role: actor.role, regionCode: actor.regionCode };
    case 'provider':
      return { kind: 'provider', providerId: actor.providerId };
    case 'enterprise':
      return { kind: 'enterprise', enterpriseId: actor.enterpriseId };
    case 'applicant':
      return { kind: 'applicant', userId: actor.userId };
    default:
      // A city-wide role given a narrower reach would be a mistake in POLICY: see nothing rather than everything.
      return { kind: 'region', role: 'county_officer', regionCode: '' };
  }
}

/** The region a bureau reader is held to (undefined: city-wide), 403 for the parties; for region-keyed reads. */
export function regionScopeOf(actor: Actor, action: Action): string | undefined {
  const scope = scopeOf(actor, action);
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'region') return scope.regionCode;
  throw DomainError.forbidden(POLICY[action].why);
}

function reaches(actor: Actor, reach: Reach, target: Target): boolean {
  if (reach === 'all') return true;
  switch (actor.role) {
    case 'county_officer':
    case 'finance': {
      const regions = target.regionCode;
      if (regions === undefined || regions === null) return false;
      return typeof regions === 'string' ? regions === actor.regionCode : regions.includes(actor.regionCode);
    }
    case 'provider':
      return target.providerId === actor.providerId;
    case 'enterprise':
      return target.enterpriseId === actor.enterpriseId;
    case 'applicant':
      return target.applicantUserId === actor.userId;
    default:
      return false;
  }
}

/**
 * Whether the caller is confined to its registration (an applicant not yet approved): the API
 * answers it 403 on every route not marked open to applicants.
 */
export function isConfinedToRegistration(actor: Actor): boolean {
  return actor.role === 'applicant';
}
