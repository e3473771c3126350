import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { type Account, accountOf } from './account.js';
import { PartyDirectory } from './party-directory.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCache } from './session-cache.js';
import type { User, UserStatus } from './user.entity.js';
import { type UserFilter, UserRepository } from './user.repository.js';

/** No 0/O, 1/l/I: a temporary password is read out over the phone or copied from a screen. */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Managing other people's accounts: lists, disable and enable, password resets. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
    private readonly clock: Clock,
    private readonly parties: PartyDirectory,
  ) {}

  /** City admin and auditors: every user; a county officer: the enterprise users of its region. */
  async list(actor: Actor, filter: Omit<UserFilter, 'enterpriseRegionCode'>): Promise<Account[]> {
    switch (actor.role) {
      case 'city_admin':
      case 'auditor':
        return (await this.users.list(filter)).map(accountOf);
      case 'county_officer':
        return (await this.users.list({ ...filter, enterpriseRegionCode: actor.regionCode })).map(accountOf);
      default:
        throw DomainError.forbidden('only the city admin, auditors and county officers list users');
    }
  }

  disable(actor: Actor, userId: string): Promise<Account> {
    return this.setStatus(actor, userId, 'disabled');
  }

  enable(actor: Actor, userId: string): Promise<Account> {
    return this.setStatus(actor, userId, 'active');
  }

  /** A random temporary password the user must change at its next login; every session of the user ends. */
  async resetPassword(actor: Actor, userId: string): Promise<{ temporaryPassword: string }> {
    if (actor.role !== 'city_admin') throw DomainError.forbidden('only the city admin resets passwords');
    const user = await this.users.findById(userId);
    if (!user) throw DomainError.notFound('user');
    const temporaryPassword = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join('')).join('-');
    const passwordHash = await this.hasher.hash(temporaryPassword);
    const scope = await this.parties.auditScopeOf(user);
    await this.tx.run(async (manager) => {
      await this.users.setPassword(manager, user.id, passwordHash, true, this.clock.now());
      await this.audit.record(manager, actor, { entityType: 'user', entityId: user.id, action: 'password-reset', scope });
    });
    this.sessions.invalidate(user.id);
    return { temporaryPassword };
  }

  private async setStatus(actor: Actor, userId: string, status: UserStatus): Promise<Account> {
    const user = await this.findManageable(actor, userId);
    if (user.id === actor.userId) throw DomainError.invalidState('you cannot disable or enable your own account');
    const scope = await this.parties.auditScopeOf(user);
    const changed = await this.tx.run(async (manager) => {
      const updated = await this.users.setStatus(manager, user.id, status);
      if (updated) {
        await this.audit.record(manager, actor, {
          entityType: 'user',
          entityId: user.id,
          action: status === 'disabled' ? 'disable' : 'enable',
          fromState: user.status,
          toState: status,
          scope,
        });
      }
      return updated;
    });
    this.sessions.invalidate(user.id);
    return accountOf(changed ?? user);
  }

  /** A user the actor may disable or enable: 403 for roles that never may, 404 outside its scope. */
  private async findManageable(actor: Actor, userId: string): Promise<User> {
    let user: User | null;
    switch (actor.role) {
      case 'city_admin':
        user = await this.users.findById(userId);
        break;
      case 'county_officer':
        user = await this.users.findEnterpriseUserInRegion(userId, actor.regionCode);
        break;
      default:
        throw DomainError.forbidden('only the city admin and county officers disable or enable users');
    }
    if (!user) throw DomainError.notFound('user');
    return user;
  }
}
