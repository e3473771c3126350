import { DomainError } from './domain-error.js';

export const ROLES = ['city_admin', 'county_officer', 'finance', 'provider', 'enterprise', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles bound to one region code. */
export const REGIONAL_ROLES: readonly Role[] = ['county_officer', 'finance'];

/** The authenticated caller, as carried in the access token. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  regionCode?: string;
  providerId?: string;
  enterpriseId?: string;
}

/**
 * What a bureau reader (of funds, batches, reconciliations, dashboards) may see: `undefined` for
 * the city-wide readers (city admin, auditor), the caller's own region for finance and county
 * officers. Parties (providers, enterprises) may never read these: 403 with `why`.
 */
export function bureauRegionOf(actor: Actor, why?: string): string | undefined {
  switch (actor.role) {
    case 'city_admin':
    case 'auditor':
      return undefined;
    case 'finance':
    case 'county_officer':
      return actor.regionCode!;
    default:
      throw DomainError.forbidden(why);
  }
}

/** A bureau reader reading `regionCode`: 403 for parties, 404 when the region is not the caller's (API.md "403 or 404"). */
export function assertBureauReads(actor: Actor, regionCode: string, what: string, why?: string): void {
  const own = bureauRegionOf(actor, why);
  if (own !== undefined && own !== regionCode) throw DomainError.notFound(what);
}
