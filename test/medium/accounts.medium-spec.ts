import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '@ivl/core';
import { AccountsService, IdentityService, type NewUser } from '@ivl/identity';
import { type MediumService, newMediumService, PASSWORD } from './medium.js';

let m: MediumService<AccountsService>;
beforeAll(async () => {
  m = await newMediumService(AccountsService);
});
afterAll(() => (m as MediumService<AccountsService> | undefined)?.close()); // unset when beforeAll failed

function disable(actor: Actor, userId: string) {
  return m.tx((manager) => m.sut.disable(manager, actor, userId));
}

function enable(actor: Actor, userId: string) {
  return m.tx((manager) => m.sut.enable(manager, actor, userId));
}

function resetPassword(actor: Actor, userId: string) {
  return m.tx((manager) => m.sut.resetPassword(manager, actor, userId));
}

function createUser(actor: Actor, input: NewUser) {
  return m.tx((manager) => m.ctx.get(IdentityService).createUser(manager, actor, input));
}

function changePassword(actor: Actor, currentPassword: string, newPassword: string) {
  return m.tx((manager) => m.ctx.get(IdentityService).changePassword(manager, actor, { currentPassword, newPassword }));
}

/** An enterprise of `regionCode` and its user. */
async function enterpriseUser(regionCode: string) {
  const enterprise = await m.ctx.newEnterprise({ regionCode });
  return m.ctx.newUser('enterprise', { enterpriseId: enterprise.id });
}

describe('AccountsService: a county officer disables and enables', () => {
  it('an enterprise user of its region, who can then not log in', async () => {
    const { ctx } = m;
    const user = await enterpriseUser('330702');

    const disabled = await disable(await ctx.actor('county_officer', '330702'), user.userId);

    expect(disabled.status).toBe('disabled');
    await expect(ctx.get(IdentityService).login(user.username, PASSWORD)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('and enables it again, who can then log in', async () => {
    const { ctx } = m;
    const user = await enterpriseUser('330702');
    const officer = await ctx.actor('county_officer', '330702');
    await disable(officer, user.userId);

    await enable(officer, user.userId);

    await expect(ctx.get(IdentityService).login(user.username, PASSWORD)).resolves.toMatchObject({ user: { status: 'active' } });
  });

  it('but not an enterprise user of another region (NOT_FOUND)', async () => {
    const { ctx } = m;
    const user = await enterpriseUser('330782');

    await expect(disable(await ctx.actor('county_officer', '330702'), user.userId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('nor a bureau user of its own region (NOT_FOUND)', async () => {
    const { ctx } = m;
    const finance = await ctx.newUser('finance', { regionCode: '330702' });

    await expect(disable(await ctx.actor('county_officer', '330702'), finance.userId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('while finance may never (FORBIDDEN)', async () => {
    const { ctx } = m;
    const user = await enterpriseUser('330702');

    await expect(disable(await ctx.actor('finance', '330702'), user.userId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('and the city admin may not disable itself (INVALID_STATE)', async () => {
    const { ctx } = m;
    const admin = await ctx.newUser('city_admin');

    await expect(disable(admin, admin.userId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('IdentityService: password rules', () => {
  it.each([
    ['shorter than 10 characters', 'Tr0ub4dor'],
    ['among the most common passwords', 'password123'],
  ])('refuses a new user’s password %s', async (_, password) => {
    const { ctx } = m;
    const admin = await ctx.actor('city_admin');

    await expect(createUser(admin, { username: 'zhang.wei', password, role: 'auditor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'password' }],
    });
  });

  it('refuses a password equal to the username, whatever its case', async () => {
    const { ctx } = m;
    const admin = await ctx.actor('city_admin');

    await expect(createUser(admin, { username: 'Jinhua.Finance', password: 'jinhua.finance', role: 'auditor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'password' }],
    });
  });

  it('refuses changing a password to the same one', async () => {
    const { ctx } = m;
    const user = await ctx.newUser('auditor');

    await expect(changePassword(user, PASSWORD, PASSWORD)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'newPassword' }],
    });
  });

  it('ends the temporary password’s must-change state once the user changes it', async () => {
    const { ctx } = m;
    const user = await ctx.newUser('auditor');
    const { temporaryPassword } = await resetPassword(await ctx.actor('city_admin'), user.userId);
    const identity = ctx.get(IdentityService);
    expect((await identity.login(user.username, temporaryPassword)).user.mustChangePassword).toBe(true);

    await changePassword(user, temporaryPassword, 'a much longer passphrase');

    expect((await identity.login(user.username, 'a much longer passphrase')).user.mustChangePassword).toBe(false);
  });
});
