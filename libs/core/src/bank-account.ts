import type { Actor } from './actor.js';

/**
 * Who reads a bank account number in full (docs/domain.md "Parties, roles and scope"): auditors, and the finance bureau
 * of a region that pays the account's holder: `pays(regionCode)` answers that for the caller's
 * region (the batch's region for a settlement line; for a provider, a region whose funds back one of
 * its redemptions). Everyone else, the holder's own clerk and the city admin included, reads it masked.
 */
export function seesAccountInFull(actor: Actor, pays: (regionCode: string) => boolean): boolean {
  return actor.role === 'auditor' || (actor.role === 'finance' && pays(actor.regionCode));
}

/**
 * An account number masked for display: the first 4 and last 4 characters around a fixed `**** ****`
 * (which also hides the length), e.g. `6217 **** **** 1234`. A short number shows at most its last
 * 4, and nothing when that would be half of it or more.
 */
export function maskAccountNo(accountNo: string): string {
  const chars = accountNo.replace(/[\s-]/g, '');
  if (chars.length >= 12) return `${chars.slice(0, 4)} **** **** ${chars.slice(-4)}`;
  if (chars.length > 8) return `**** **** ${chars.slice(-4)}`;
  return '**** ****';
}
