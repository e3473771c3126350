import { describe, expect, it } from '@jest/globals';
import { batchActions, mayIn, mayReviewApplication, mayReviewClaim, mayStartRun, type Who } from './may.js';

const officer = (regionCode: string): Who => ({ role: 'county_officer', regionCode });
const finance = (regionCode: string): Who => ({ role: 'finance', regionCode });
const admin: Who = { role: 'city_admin' };
const county = { regionCode: '330702', level: 'county' as const };
const city = { regionCode: '330700', level: 'city' as const };

describe('the actions the portal offers (may.ts)', () => {
  it('offers an application review only to the stage under review', () => {
    expect(mayReviewApplication(officer('330702'), { status: 'pending', stage: 'county' }, county)).toBe(true);
    expect(mayReviewApplication(officer('330703'), { status: 'pending', stage: 'county' }, county)).toBe(false);
    expect(mayReviewApplication(admin, { status: 'pending', stage: 'county' }, county)).toBe(false);
    // Waiting for the city: the county officer sees no 通过/驳回.
    expect(mayReviewApplication(officer('330702'), { status: 'pending', stage: 'city' }, county)).toBe(false);
    expect(mayReviewApplication(admin, { status: 'pending', stage: 'city' }, county)).toBe(true);
    // A city-issued program: the city region's officer reviews it, as does the city admin.
    expect(mayReviewApplication(officer('330700'), { status: 'pending', stage: 'county' }, city)).toBe(true);
    expect(mayReviewApplication(admin, { status: 'pending', stage: 'county' }, city)).toBe(true);
    expect(mayReviewApplication(admin, { status: 'approved', stage: 'done' }, city)).toBe(false);
    expect(mayReviewApplication({ role: 'auditor' }, { status: 'pending', stage: 'city' }, county)).toBe(false);
  });

  it("offers the city screen (数据大屏) to the city-wide readers and the city's own bureaus", () => {
    expect(mayIn(admin, 'dashboard.city.read', '330700')).toBe(true);
    expect(mayIn({ role: 'auditor' }, 'dashboard.city.read', '330700')).toBe(true);
    expect(mayIn(finance('330700'), 'dashboard.city.read', '330700')).toBe(true);
    expect(mayIn(finance('330702'), 'dashboard.city.read', '330700')).toBe(false);
    expect(mayIn(officer('330702'), 'dashboard.city.read', '330700')).toBe(false);
    expect(mayIn({ role: 'enterprise', enterpriseId: 'e' }, 'dashboard.city.read', '330700')).toBe(false);
  });

  it('offers claims, runs and batches only in the actor region and state', () => {
    expect(mayReviewClaim(officer('330702'), { status: 'submitted' }, '330702')).toBe(true);
    expect(mayReviewClaim(officer('330702'), { status: 'approved' }, '330702')).toBe(false);
    expect(mayReviewClaim(officer('330703'), { status: 'submitted' }, '330702')).toBe(false);
    expect(mayReviewClaim(finance('330702'), { status: 'submitted' }, '330702')).toBe(false);
    expect(mayStartRun(finance('330702'), '330702')).toBe(true);
    expect(mayStartRun(finance('330702'), '330700')).toBe(false);
    expect(mayStartRun(admin, '330700')).toBe(true);
    expect(mayStartRun(officer('330702'), '330702')).toBe(false);
    expect(batchActions(finance('330702'), { status: 'draft', regionCode: '330702' })).toEqual({
      approve: true,
      pay: false,
      returnLine: false,
      paymentFile: true,
      statement: true,
    });
    expect(batchActions(finance('330700'), { status: 'draft', regionCode: '330702' })).toEqual({
      approve: false,
      pay: false,
      returnLine: false,
      paymentFile: false,
      statement: false,
    });
    expect(batchActions(finance('330702'), { status: 'approved', regionCode: '330702' })).toMatchObject({ approve: false, pay: true });
    expect(batchActions(admin, { status: 'draft', regionCode: '330702' })).toMatchObject({
      approve: false,
      pay: false,
      paymentFile: false,
      statement: true,
    });
    expect(batchActions({ role: 'auditor' }, { status: 'paid', regionCode: '330702' }).paymentFile).toBe(true);
  });
});
