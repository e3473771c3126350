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
