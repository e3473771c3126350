import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@ivl/config';
import { AuditService } from '@ivl/audit';
import {
  type Actor,
  actorOf,
  Clock,
  DomainError,
  ErrorCode,
  passwordProblem,
  REGIONAL_ROLES,
  requireAccess,
  type Role,
  ROLES,
} from '@ivl/core';
import { isUniqueViolation, TransactionRunner } from '@ivl/database';
import { type Account, accountOf } from './account.js';
import { PartyDirectory } from './party-directory.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCache } from './session-cache.js';
import type { User } from './user.types.js';
import { UserRepository } from './user.repository.js';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  regionCode?: string;
  providerId?: string;
  enterpriseId?: string;
}

/** The caller of an authenticated request. */
export interface Session {
  actor: Actor;
  /** A temporary password is in use: only the password change and GET /users/me are open. */
  mustChangePassword: boolean;
}

const VERIFIED_TOKENS_KEPT = 10_000;

interface TokenClaims {
  sub: string;
  usr: string;
  role: Role;
  /** The user's session version when the token was issued; a bump of the row's ends the token. */
  ver: number;
  reg?: string;
  prv?: string;
  ent?: string;
}

const UNAUTHENTICATED = () => new DomainError(ErrorCode.UNAUTHENTICATED, 'invalid or expired access token');

/** Users, passwords, access tokens and the sessions they open. */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);
  /** Verified against when the username is unknown, so both failures cost the same time. */
  private dummyHash?: Promise<string>;
  private readonly verified = new Map<string, { actor: Actor; version: number; expiresAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly parties: PartyDirectory,
    private readonly sessions: SessionCache,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; user: Account }> {
    const user = await this.users.findByUsername(this.dataSource.manager, username);
    if (!user) {
      this.dummyHash ??= this.hasher.hash('not-a-password');
      await this.hasher.verify(await this.dummyHash, password);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'wrong username or password');
    }
    // Checked after the password, so a disabled account is not told apart from a wrong password.
    if (!(await this.hasher.verify(user.passwordHash, password)) || user.status !== 'active') {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'wrong username or password');
    }
    const account = accountOf(user);
    return { accessToken: await this.issueToken(account, user.sessionVersion), user: account };
  }

  /**
   * The session a bearer token opens; UNAUTHENTICATED if it is forged, malformed, expired, or no
   * longer matches its user (disabled, or its sessions ended by a password change or reset).
   */
  async verifyToken(token: string): Promise<Session> {
    // Verifying the signature is the costliest step of a request (a key object per call), so a
    // token verified once is remembered until it expires; the user row is checked every time.
    let known = this.verified.get(token);
    if (!known || known.expiresAt <= Date.now()) {
      known = await this.verifySignature(token);
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
        const oldest = this.verified.keys().next();
        if (!oldest.done) this.verified.delete(oldest.value);
      }
      this.verified.set(token, known);
    }
    const state = await this.sessions.stateOf(known.actor.userId);
    if (state?.status !== 'active' || state.sessionVersion !== known.version) throw UNAUTHENTICATED();
    return { actor: known.actor, mustChangePassword: state.mustChangePassword };
  }

  private async verifySignature(token: string): Promise<{ actor: Actor; version: number; expiresAt: number }> {
    let claims: TokenClaims & { exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw UNAUTHENTICATED();
    }
    // jsonwebtoken accepts a token without exp as never expiring; ours always carry one.
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || !Number.isInteger(claims.ver) || !ROLES.includes(claims.role)) {
      throw UNAUTHENTICATED();
    }
    const actor = actorOf({
      userId: claims.sub,
      username: claims.usr,
      role: claims.role,
      regionCode: claims.reg,
      providerId: claims.prv,
      enterpriseId: claims.ent,
    });
    if (!actor) throw UNAUTHENTICATED();
    return { actor, version: claims.ver, expiresAt: claims.exp * 1000 };
  }

  /** The caller's own account, as stored. */
  async me(actor: Actor): Promise<Account> {
    const user = await this.users.findById(this.dataSource.manager, actor.userId);
    if (!user) throw UNAUTHENTICATED();
    return accountOf(user);
  }

  /** Changes the caller's own password; every session of the user ends, this one included. */
  async changePassword(manager: EntityManager, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
    const user = await this.users.findById(manager, actor.userId);
    if (!user) throw UNAUTHENTICATED();
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      throw DomainError.validation('currentPassword', 'is not your current password');
    }
    if (input.newPassword === input.currentPassword) throw DomainError.validation('newPassword', 'must differ from the current password');
    const passwordHash = await this.hashValid(input.newPassword, user.username, 'newPassword');
    const scope = await this.parties.auditScopeOf(user);
    await this.users.setPassword(manager, user.id, passwordHash, false, this.clock.now());
    await this.audit.record(manager, actor, { entityType: 'user', entityId: user.id, action: 'password-change', scope });
    this.sessions.invalidate(user.id);
  }

  async createUser(manager: EntityManager, actor: Actor, input: NewUser): Promise<Account> {
    requireAccess(actor, 'user.create');
    const scope = await this.checkScope(input);
    const passwordHash = await this.hashValid(input.password, input.username, 'password');
    try {
      const user = await this.users.insert(manager, { username: input.username, passwordHash, role: input.role, ...scope });
      await this.audit.record(manager, actor, {
        entityType: 'user',
        entityId: user.id,
        action: 'create',
        toState: user.role,
        data: { username: user.username, ...scope },
      });
      return accountOf(user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw DomainError.duplicate(`username ${input.username} is taken`);
      throw error;
    }
  }

  /**
   * The user of a sign-up (POST /registrations, no token): role `applicant`, no scope. Created in
   * the registration's transaction; DUPLICATE when the username is taken.
   */
  async createApplicant(manager: EntityManager, input: { username: string; password: string }): Promise<Account> {
    const passwordHash = await this.hashValid(input.password, input.username, 'password');
    try {
      const user = await this.users.insert(manager, {
        username: input.username,
        passwordHash,
        role: 'applicant',
        regionCode: null,
        providerId: null,
        enterpriseId: null,
      });
      return accountOf(user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw DomainError.duplicate(`username ${input.username} is taken`);
      throw error;
    }
  }

  /**
   * Turns an approved applicant into the user of its new enterprise or provider, in the approval's
   * transaction. Its sessions end: the applicant logs in again and acts as the party.
   */
  async promoteApplicant(
    manager: EntityManager,
    userId: string,
    party: { role: 'enterprise'; enterpriseId: string } | { role: 'provider'; providerId: string },
  ): Promise<Account> {
    const user = await this.users.promoteApplicant(manager, userId, party);
    if (!user) throw DomainError.invalidState('the applicant of this registration is no longer an applicant');
    this.sessions.invalidate(userId);
    return accountOf(user);
  }

  /**
   * The active users each party's notifications reach, in the order of `parties`: every user of the
   * enterprise or the provider, or the one user named (an applicant, who may since have become its
   * party's user). One read in the caller's transaction; a disabled user gets nothing.
   */
  async recipientsOf(
    manager: EntityManager,
    parties: ReadonlyArray<{ enterpriseId: string } | { providerId: string } | { userId: string }>,
  ): Promise<Array<Array<{ id: string; username: string }>>> {
    const keyed = parties.map((p) =>
      'enterpriseId' in p
        ? { kind: 'enterprise' as const, id: p.enterpriseId }
        : 'providerId' in p
          ? { kind: 'provider' as const, id: p.providerId }
          : { kind: 'user' as const, id: p.userId },
    );
    const found = new Map<string, Array<{ id: string; username: string }>>();
    for (const row of await this.users.findActiveOf(manager, keyed)) {
      const key = `${row.kind}:${row.party}`;
      found.set(key, [...(found.get(key) ?? []), { id: row.id, username: row.username }]);
    }
    return keyed.map((p) => found.get(`${p.kind}:${p.id}`) ?? []);
  }

  /** On first start, when no user exists, creates the city admin from the configuration. */
  async ensureBootstrapAdmin(): Promise<void> {
    const { username, password } = this.config.auth.bootstrapAdmin;
    const passwordHash = await this.hasher.hash(password);
    const created = await this.tx.run((manager) => this.users.insertIfNoUsers(manager, { username, passwordHash, role: 'city_admin' }));
    if (created) this.logger.log(`created bootstrap city_admin "${username}"`);
  }

  /** The hash of a password that passes the rules (docs/domain.md "Accounts"); VALIDATION_FAILED on `field` otherwise. */
  async hashValid(password: string, username: string, field: string): Promise<string> {
    const problem = passwordProblem(password, username);
    if (problem) throw DomainError.validation(field, problem);
    return this.hasher.hash(password);
  }

  private async checkScope(input: NewUser): Promise<Pick<User, 'regionCode' | 'providerId' | 'enterpriseId'>> {
    if (input.role === 'applicant') throw DomainError.validation('role', 'applicants sign themselves up (POST /registrations)');
    const regional = REGIONAL_ROLES.includes(input.role);
    const require = (ok: boolean, field: string, message: string) => {
      if (!ok) throw DomainError.validation(field, message);
    };
    require(regional === (input.regionCode !== undefined), 'regionCode', regional
      ? `is required for ${input.role}`
      : `is only for regional roles`);
    require((input.role === 'provider') === (input.providerId !== undefined), 'providerId', input.role === 'provider'
      ? 'is required for provider'
      : 'is only for the provider role');
    require((input.role === 'enterprise') === (input.enterpriseId !== undefined), 'enterpriseId', input.role === 'enterprise'
      ? 'is required for enterprise'
      : 'is only for the enterprise role');
    if (input.regionCode !== undefined) require(await this.parties.regionExists(input.regionCode), 'regionCode', 'unknown region');
    if (input.providerId !== undefined) require(await this.parties.providerExists(input.providerId), 'providerId', 'unknown provider');
    if (input.enterpriseId !== undefined)
      require(await this.parties.enterpriseExists(input.enterpriseId), 'enterpriseId', 'unknown enterprise');
    return { regionCode: input.regionCode ?? null, providerId: input.providerId ?? null, enterpriseId: input.enterpriseId ?? null };
  }

  private issueToken(actor: Actor, version: number): Promise<string> {
    const claims: TokenClaims = {
      sub: actor.userId,
      usr: actor.username,
      role: actor.role,
      ver: version,
      ...('regionCode' in actor ? { reg: actor.regionCode } : {}),
      ...('providerId' in actor ? { prv: actor.providerId } : {}),
      ...('enterpriseId' in actor ? { ent: actor.enterpriseId } : {}),
    };
    return this.jwt.signAsync(claims, { algorithm: 'HS256', expiresIn: this.config.auth.jwtTtlSeconds });
  }
}
