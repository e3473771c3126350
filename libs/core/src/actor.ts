export const ROLES = ['city_admin', 'county_officer', 'finance', 'provider', 'enterprise', 'auditor', 'applicant'] as const;
export type Role = (typeof ROLES)[number];

/** Roles bound to one region code. */
export const REGIONAL_ROLES: readonly Role[] = ['county_officer', 'finance'];

interface ActorBase {
  userId: string;
  username: string;
}

/** City-wide roles: the city admin and auditors. */
export type CityActor = ActorBase & { role: 'city_admin' | 'auditor' };
/** Bureau roles, always bound to one region. */
export type RegionalActor = ActorBase & { role: 'county_officer' | 'finance'; regionCode: string };
/** A provider's user, always bound to its provider. */
export type ProviderActor = ActorBase & { role: 'provider'; providerId: string };
/** An enterprise's user, always bound to its enterprise. */
export type EnterpriseActor = ActorBase & { role: 'enterprise'; enterpriseId: string };

/**
 * Someone who signed up (POST /registrations) and waits for the review: it reaches only its own
 * registrations (by its user id) and its own documents; approval turns it into an enterprise or
 * provider user.
 */
export type ApplicantActor = ActorBase & { role: 'applicant' };

/**
 * The authenticated caller. A union by role, so a scope can never be missing: a provider always
 * has its provider id, a finance user its region (the type has no optional scope fields to forget).
 */
export type Actor = CityActor | RegionalActor | ProviderActor | EnterpriseActor | ApplicantActor;

/** The scope columns of a user row, as optional fields (for building an Actor from storage). */
export interface ActorScope {
  regionCode?: string | null;
  providerId?: string | null;
  enterpriseId?: string | null;
}

/**
 * Builds the actor of a user; undefined when the role's scope is missing (a regional role without
 * its region, a provider user without its provider…), which callers treat as unauthenticated.
 */
export function actorOf(user: ActorBase & { role: Role } & ActorScope): Actor | undefined {
  const base = { userId: user.userId, username: user.username };
  switch (user.role) {
    case 'city_admin':
    case 'auditor':
    case 'applicant':
      return { ...base, role: user.role };
    case 'county_officer':
    case 'finance':
      return user.regionCode ? { ...base, role: user.role, regionCode: user.regionCode } : undefined;
    case 'provider':
      return user.providerId ? { ...base, role: 'provider', providerId: user.providerId } : undefined;
    case 'enterprise':
      return user.enterpriseId ? { ...base, role: 'enterprise', enterpriseId: user.enterpriseId } : undefined;
  }
}
