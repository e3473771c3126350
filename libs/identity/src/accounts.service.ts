import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, requireAccess, requireRole, scopeOf } from '@ivl/core';
import { type Account, accountOf } from './account.js';
import { PartyDirectory } from './party-directory.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCache } from './session-cache.js';
import { type UserFilter, UserRepository } from './user.repository.js';
import type { User, UserStatus } from './user.types.js';

/** No 0/O, 1/l/I: a temporary password is read out over the phone or copied from a screen. */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Managing other people's accounts: lists, disable and enable, password resets. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
    private readonly clock: Clock,
    private readonly parties: PartyDirectory,
  ) {}

  /** City admin and auditors: every user; a county officer: the enterprise users of its region. */
  async list(actor: Actor, filter: UserFilter): Promise<{ items: Account[]; total: number }> {
    const { items, total } = await this.users.listInScope(this.dataSource.manager, scopeOf(actor, 'user.list'), filter);
    return { items: items.map(accountOf), total };
  }

  disable(manager: EntityManager, actor: Actor, userId: string): Promise<Account> {
    return this.setStatus(manager, actor, userId, 'disabled');
  }

  enable(manager: EntityManager, actor: Actor, userId: string): Promise<Account> {
    return this.setStatus(manager, actor, userId, 'active');
  }

  /** A random temporary password the user must change at its next login; every session of the user ends. */
  async resetPassword(manager: EntityManager, actor: Actor, userId: string): Promise<{ temporaryPassword: string }> {
    requireAccess(actor, 'user.reset-password');
    const user = await this.users.findById(manager, userId);
    if (!user) throw DomainError.notFound('user');
    const temporaryPassword = Array.from({ length: 4 }, () =>
      Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join(''),
    ).join('-');
    const passwordHash = await this.hasher.hash(temporaryPassword);
    const scope = await this.parties.auditScopeOf(user);
    await this.users.setPassword(manager, user.id, passwordHash, true, this.clock.now());
    await this.audit.record(manager, actor, { entityType: 'user', entityId: user.id, action: 'password-reset', scope });
    this.sessions.invalidate(user.id);
    return { temporaryPassword };
  }

  private async setStatus(manager: EntityManager, actor: Actor, userId: string, status: UserStatus): Promise<Account> {
    const user = await this.findManageable(manager, actor, userId);
    if (user.id === actor.userId) throw DomainError.invalidState('you cannot disable or enable your own account');
    const scope = await this.parties.auditScopeOf(user);
    const changed = await this.users.setStatus(manager, user.id, status);
    if (changed) {
      await this.audit.record(manager, actor, {
        entityType: 'user',
        entityId: user.id,
        action: status === 'disabled' ? 'disable' : 'enable',
        fromState: user.status,
        toState: status,
        scope,
      });
    }
    this.sessions.invalidate(user.id);
    return accountOf(changed ?? user);
  }

  /** A user the actor may disable or enable: 403 for roles that never may, 404 outside its scope. */
  private async findManageable(manager: EntityManager, actor: Actor, userId: string): Promise<User> {
    requireRole(actor, 'user.disable');
    const user = await this.users.findManageable(manager, userId, scopeOf(actor, 'user.disable'));
    if (!user) throw DomainError.notFound('user');
    return user;
  }
}
