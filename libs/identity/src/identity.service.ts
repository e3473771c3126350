import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@ivl/config';
import { AuditService } from '@ivl/audit';
import { type Actor, actorOf, DomainError, ErrorCode, REGIONAL_ROLES, type Role, ROLES } from '@ivl/core';
import { isUniqueViolation, TransactionRunner } from '@ivl/database';
import { PartyDirectory } from './party-directory.js';
import { PasswordHasher } from './password-hasher.js';
import type { User } from './user.entity.js';
import { UserRepository } from './user.repository.js';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  regionCode?: string;
  providerId?: string;
  enterpriseId?: string;
}

const VERIFIED_TOKENS_KEPT = 10_000;

interface TokenClaims {
  sub: string;
  usr: string;
  role: Role;
  reg?: string;
  prv?: string;
  ent?: string;
}

/** Users, passwords and access tokens. */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);
  /** Verified against when the username is unknown, so both failures cost the same time. */
  private dummyHash?: Promise<string>;
  private readonly verified = new Map<string, { actor: Actor; expiresAt: number }>();

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly parties: PartyDirectory,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; user: Actor }> {
    const user = await this.users.findByUsername(username);
    if (!user) {
      this.dummyHash ??= this.hasher.hash('not-a-password');
      await this.hasher.verify(await this.dummyHash, password);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'wrong username or password');
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'wrong username or password');
    }
    const actor = toActor(user);
    return { accessToken: await this.issueToken(actor), user: actor };
  }

  /** The actor a bearer token stands for; UNAUTHENTICATED if it is forged, malformed or expired. */
  async verifyToken(token: string): Promise<Actor> {
    // Verifying the signature is the costliest step of a request (a key object per call), so a
    // token verified once is remembered until it expires.
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.actor;
    const fresh = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, fresh);
    return fresh.actor;
  }

  private async verifySignature(token: string): Promise<{ actor: Actor; expiresAt: number }> {
    let claims: TokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'invalid or expired access token');
    }
    if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'invalid access token');
    }
    const actor = actorOf({
      userId: claims.sub,
      username: claims.usr,
      role: claims.role,
      regionCode: claims.reg,
      providerId: claims.prv,
      enterpriseId: claims.ent,
    });
    if (!actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'invalid access token');
    return { actor, expiresAt: (claims.exp ?? 0) * 1000 };
  }

  async createUser(actor: Actor, input: NewUser): Promise<Actor> {
    if (actor.role !== 'city_admin') throw DomainError.forbidden('only the city admin creates users');
    const scope = await this.checkScope(input);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.tx.run(async (manager) => {
        const user = await this.users.insert(manager, { username: input.username, passwordHash, role: input.role, ...scope });
        await this.audit.record(manager, actor, {
          entityType: 'user',
          entityId: user.id,
          action: 'create',
          toState: user.role,
          data: { username: user.username, ...scope },
        });
        return toActor(user);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw DomainError.duplicate(`username ${input.username} is taken`);
      throw error;
    }
  }

  async listUsers(actor: Actor, limit: number, offset: number): Promise<Actor[]> {
    if (actor.role !== 'city_admin' && actor.role !== 'auditor') throw DomainError.forbidden();
    return (await this.users.list(limit, offset)).map(toActor);
  }

  /** On first start, when no user exists, creates the city admin from the configuration. */
  async ensureBootstrapAdmin(): Promise<void> {
    const { username, password } = this.config.auth.bootstrapAdmin;
    const passwordHash = await this.hasher.hash(password);
    const created = await this.tx.run((manager) =>
      this.users.insertIfNoUsers(manager, {
        username,
        passwordHash,
        role: 'city_admin',
        regionCode: null,
        providerId: null,
        enterpriseId: null,
      }),
    );
    if (created) this.logger.log(`created bootstrap city_admin "${username}"`);
  }

  private async checkScope(input: NewUser): Promise<Pick<User, 'regionCode' | 'providerId' | 'enterpriseId'>> {
    const regional = REGIONAL_ROLES.includes(input.role);
    const require = (ok: boolean, field: string, message: string) => {
      if (!ok) throw DomainError.validation(field, message);
    };
    require(regional === (input.regionCode !== undefined), 'regionCode', regional ? `is required for ${input.role}` : `is only for regional roles`);
    require((input.role === 'provider') === (input.providerId !== undefined), 'providerId', input.role === 'provider' ? 'is required for provider' : 'is only for the provider role');
    require((input.role === 'enterprise') === (input.enterpriseId !== undefined), 'enterpriseId', input.role === 'enterprise' ? 'is required for enterprise' : 'is only for the enterprise role');
    if (input.regionCode !== undefined) require(await this.parties.regionExists(input.regionCode), 'regionCode', 'unknown region');
    if (input.providerId !== undefined) require(await this.parties.providerExists(input.providerId), 'providerId', 'unknown provider');
    if (input.enterpriseId !== undefined) require(await this.parties.enterpriseExists(input.enterpriseId), 'enterpriseId', 'unknown enterprise');
    return { regionCode: input.regionCode ?? null, providerId: input.providerId ?? null, enterpriseId: input.enterpriseId ?? null };
  }

  private issueToken(actor: Actor): Promise<string> {
    const claims: TokenClaims = {
      sub: actor.userId,
      usr: actor.username,
      role: actor.role,
      ...('regionCode' in actor ? { reg: actor.regionCode } : {}),
      ...('providerId' in actor ? { prv: actor.providerId } : {}),
      ...('enterpriseId' in actor ? { ent: actor.enterpriseId } : {}),
    };
    return this.jwt.signAsync(claims, { algorithm: 'HS256', expiresIn: this.config.auth.jwtTtlSeconds });
  }
}

function toActor(user: User): Actor {
  const actor = actorOf({ ...user, userId: user.id });
  if (!actor) throw new Error(`user ${user.id} (${user.role}) has no scope: the users table's check constraint should prevent this`);
  return actor;
}
