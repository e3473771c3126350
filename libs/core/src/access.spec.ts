import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type Action, isConfinedToRegistration, mayAccess, mayTake, POLICY, requireAccess, scopeOf } from './access.js';
import { type Actor, ROLES } from './actor.js';
import { DomainError, ErrorCode } from './domain-error.js';

const actors: Record<string, Actor> = {
  admin: { userId: 'u1', username: 'admin', role: 'city_admin' },
  auditor: { userId: 'u2', username: 'aud', role: 'auditor' },
  officer: { userId: 'u3', username: 'off', role: 'county_officer', regionCode: '330702' },
  finance: { userId: 'u4', username: 'fin', role: 'finance', regionCode: '330702' },
  provider: { userId: 'u5', username: 'pro', role: 'provider', providerId: 'p1' },
  enterprise: { userId: 'u6', username: 'ent', role: 'enterprise', enterpriseId: 'e1' },
};

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('the access policy', () => {
  it('refuses a role the action does not name with 403, whatever the object', () => {
    expect(
      codeOf(() => {
        requireAccess(actors.provider, 'fund.allocate', { regionCode: '330702' }, 'fund');
      }),
    ).toBe(ErrorCode.FORBIDDEN);
    expect(
      codeOf(() => {
        requireAccess(actors.officer, 'fund.allocate', { regionCode: '330702' }, 'fund');
      }),
    ).toBe(ErrorCode.FORBIDDEN);
  });

  it("answers 404 for another region's or party's object and 403 for creating outside the reach", () => {
    expect(
      codeOf(() => {
        requireAccess(actors.finance, 'fund.allocate', { regionCode: '330782' }, 'fund');
      }),
    ).toBe(ErrorCode.NOT_FOUND);
    expect(
      codeOf(() => {
        requireAccess(actors.finance, 'fund.create', { regionCode: '330782' });
      }),
    ).toBe(ErrorCode.FORBIDDEN);
    expect(
      codeOf(() => {
        requireAccess(actors.provider, 'redemption.cancel', { providerId: 'p2' }, 'redemption');
      }),
    ).toBe(ErrorCode.NOT_FOUND);
    expect(
      codeOf(() => {
        requireAccess(actors.enterprise, 'redemption.confirm', { enterpriseId: 'e1' }, 'redemption');
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        requireAccess(actors.finance, 'fund.allocate', { regionCode: '330702' }, 'fund');
      }),
    ).toBeUndefined();
  });

  it('lets a regional actor reach an object of several regions when its own is among them', () => {
    expect(mayAccess(actors.finance, 'redemption.read', { regionCode: ['330701', '330702'] })).toBe(true);
    expect(mayAccess(actors.finance, 'redemption.read', { regionCode: ['330701'] })).toBe(false);
    expect(mayAccess(actors.finance, 'redemption.read', {})).toBe(false);
  });

  it('scopes lists: everything, the own region or the own party', () => {
    expect(scopeOf(actors.auditor, 'claim.read')).toEqual({ kind: 'all' });
    expect(scopeOf(actors.finance, 'claim.read')).toEqual({ kind: 'region', role: 'finance', regionCode: '330702' });
    expect(scopeOf(actors.provider, 'claim.read')).toEqual({ kind: 'provider', providerId: 'p1' });
    expect(codeOf(() => scopeOf(actors.enterprise, 'claim.read'))).toBe(ErrorCode.FORBIDDEN);
  });

  it('never lets a party reach another party, nor a region another region (any action, any target)', () => {
    const actions = Object.keys(POLICY) as Action[];
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(actors)),
        fc.constantFrom(...actions),
        fc.record({
          regionCode: fc.constantFrom('330702', '330782', null),
          providerId: fc.constantFrom('p1', 'p2', null),
          enterpriseId: fc.constantFrom('e1', 'e2', null),
        }),
        (actor, action, target) => {
          if (!mayAccess(actor, action, target)) return;
          if (actor.role === 'provider') expect(target.providerId).toBe('p1');
          if (actor.role === 'enterprise') expect(target.enterpriseId).toBe('e1');
          if (actor.role === 'finance' || actor.role === 'county_officer') expect(target.regionCode).toBe('330702');
        },
      ),
    );
  });

  it('shows a bank account in full only to auditors and finance of a paying region', () => {
    const paidBy = { regionCode: ['330702'] };
    expect(mayAccess(actors.auditor, 'bank-account.read-full', paidBy)).toBe(true);
    expect(mayAccess(actors.finance, 'bank-account.read-full', paidBy)).toBe(true);
    expect(mayAccess({ ...actors.finance, regionCode: '330782' } as Actor, 'bank-account.read-full', paidBy)).toBe(false);
    for (const who of [actors.admin, actors.officer, actors.provider, actors.enterprise])
      expect(mayAccess(who, 'bank-account.read-full', paidBy)).toBe(false);
  });

  it('names only known roles', () => {
    for (const rule of Object.values(POLICY)) for (const role of Object.keys(rule.who)) expect(ROLES).toContain(role);
  });

  it('holds an applicant to its own registrations, its uploads and nothing else', () => {
    const applicant: Actor = { userId: 'u7', username: 'app', role: 'applicant' };
    expect(isConfinedToRegistration(applicant)).toBe(true);
    for (const other of Object.values(actors)) expect(isConfinedToRegistration(other)).toBe(false);
    const allowed = (Object.keys(POLICY) as Action[]).filter((action) => mayTake(applicant, action));
    expect(allowed.sort()).toEqual(['document.upload', 'registration.complete', 'registration.read']);
    expect(scopeOf(applicant, 'registration.read')).toEqual({ kind: 'applicant', userId: 'u7' });
    expect(mayAccess(applicant, 'registration.complete', { applicantUserId: 'u7' })).toBe(true);
    expect(mayAccess(applicant, 'registration.complete', { applicantUserId: 'u8' })).toBe(false);
    // A county officer reaches an enterprise registration of its region; a provider's carries no region.
    expect(mayAccess(actors.officer, 'registration.review', { regionCode: '330702', applicantUserId: 'u7' })).toBe(true);
    expect(mayAccess(actors.officer, 'registration.review', { regionCode: null, applicantUserId: 'u7' })).toBe(false);
    expect(mayTake(actors.finance, 'registration.read')).toBe(false);
  });
});
