/*
 * Reads beside its own table: enterprises and providers (registry lib), read-only, joined in the
 * user lists to filter users by the region of their enterprise or provider (a set-based filter that
 * the registry's services cannot answer row by row).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, type Role, type Scope } from '@ivl/core';
import { pagedQuery } from '@ivl/database';
import type { User, UserStatus } from './user.types.js';

/** What every authenticated request checks its token against. */
export interface SessionState {
  status: UserStatus;
  sessionVersion: number;
  mustChangePassword: boolean;
}

export interface UserFilter {
  role?: Role;
  /** The user's own region, or the region of its enterprise or provider. */
  regionCode?: string;
  status?: UserStatus;
  /** Any part of the username or of its enterprise's or provider's name, case-insensitive. */
  q?: string;
  limit: number;
  offset: number;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  region_code: string | null;
  provider_id: string | null;
  enterprise_id: string | null;
  status: UserStatus;
  session_version: number;
  must_change_password: boolean;
  password_changed_at: Date | null;
  created_at: Date;
}

/** The region a user belongs to: its own, or its enterprise's or provider's. */
const USER_REGION = `COALESCE(u.region_code, e.region_code, p.region_code)`;
const FROM_USERS = `FROM users u LEFT JOIN enterprises e ON e.id = u.enterprise_id LEFT JOIN providers p ON p.id = u.provider_id`;

/** The users table. */
@Injectable()
export class UserRepository {
  async findByUsername(manager: EntityManager, username: string): Promise<User | null> {
    const rows: UserRow[] = await manager.query(`SELECT * FROM users WHERE username = $1`, [username]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(manager: EntityManager, id: string): Promise<User | null> {
    const rows: UserRow[] = await manager.query(`SELECT * FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /**
   * The user if `scope` reaches it for managing: any user for a city-wide scope, an enterprise user
   * of an enterprise of the region for a regional one, nobody else.
   */
  async findManageable(manager: EntityManager, id: string, scope: Scope): Promise<User | null> {
    if (scope.kind === 'all') return this.findById(manager, id);
    if (scope.kind !== 'region') return null;
    const rows: UserRow[] = await manager.query(
      `SELECT u.* FROM users u JOIN enterprises e ON e.id = u.enterprise_id WHERE u.id = $1 AND u.role = 'enterprise' AND e.region_code = $2`,
      [id, scope.regionCode],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /**
   * The active users of many parties in one statement (whom notifications reach): each active user
   * of an enterprise or a provider, or the one user named, with the party it was found for, as
   * `kind` ('enterprise', 'provider', 'user') and id.
   */
  async findActiveOf(
    manager: EntityManager,
    parties: ReadonlyArray<{ kind: 'enterprise' | 'provider' | 'user'; id: string }>,
  ): Promise<Array<{ kind: 'enterprise' | 'provider' | 'user'; party: string; id: string; username: string }>> {
    if (parties.length === 0) return [];
    const of = (kind: string) => [...new Set(parties.filter((p) => p.kind === kind).map((p) => p.id))];
    return manager.query(
      `SELECT 'enterprise' AS kind, enterprise_id AS party, id, username FROM users
        WHERE enterprise_id = ANY($1::uuid[]) AND status = 'active'
       UNION ALL
       SELECT 'provider', provider_id, id, username FROM users WHERE provider_id = ANY($2::uuid[]) AND status = 'active'
       UNION ALL
       SELECT 'user', id, id, username FROM users WHERE id = ANY($3::uuid[]) AND status = 'active'
       ORDER BY 1, 2, 4`,
      [of('enterprise'), of('provider'), of('user')],
    );
  }

  async sessionStateOf(manager: EntityManager, id: string): Promise<SessionState | undefined> {
    const rows: Array<{ status: UserStatus; session_version: number; must_change_password: boolean }> = await manager.query(
      `SELECT status, session_version, must_change_password FROM users WHERE id = $1`,
      [id],
    );
    const row = rows.at(0);
    return row && { status: row.status, sessionVersion: row.session_version, mustChangePassword: row.must_change_password };
  }

  /** Users in `scope` (everyone, or a region's enterprise users), filtered, oldest first, and how many match before paging. */
  async listInScope(manager: EntityManager, scope: Scope, filter: UserFilter): Promise<{ items: User[]; total: number }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replaceAll('?', `$${values.length}`));
    };
    if (filter.role !== undefined) add('u.role = ?', filter.role);
    if (filter.regionCode !== undefined) add(`${USER_REGION} = ?`, filter.regionCode);
    if (filter.status !== undefined) add('u.status = ?', filter.status);
    if (filter.q !== undefined) add(`(u.username ILIKE ? OR e.name ILIKE ? OR p.name ILIKE ?)`, containsPattern(filter.q));
    if (scope.kind === 'region') add(`u.role = 'enterprise' AND e.region_code = ?`, scope.regionCode);
    else if (scope.kind !== 'all') where.push('false');
    const { rows, total } = await pagedQuery<UserRow>(manager, {
      select: 'SELECT u.*',
      from: FROM_USERS.replace(/^FROM /, ''),
      where: where.length ? where.join(' AND ') : 'true',
      orderBy: 'u.created_at, u.id',
      params: values,
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items: rows.map(toUser), total };
  }

  async insert(
    manager: EntityManager,
    user: Pick<User, 'username' | 'passwordHash' | 'role' | 'regionCode' | 'providerId' | 'enterpriseId'>,
  ): Promise<User> {
    const [row]: UserRow[] = await manager.query(
      `INSERT INTO users (username, password_hash, role, region_code, provider_id, enterprise_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [user.username, user.passwordHash, user.role, user.regionCode, user.providerId, user.enterpriseId],
    );
    return toUser(row);
  }

  /** Sets the status; a disabled user's sessions end with it. Undefined when the status was that already. */
  async setStatus(manager: EntityManager, id: string, status: UserStatus): Promise<User | undefined> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const rows: UserRow[] = await manager.query(
      `WITH changed AS (
         UPDATE users SET status = $2, session_version = session_version + CASE WHEN $2 = 'disabled' THEN 1 ELSE 0 END
         WHERE id = $1 AND status <> $2 RETURNING *)
       SELECT * FROM changed`,
      [id, status],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /**
   * Turns an applicant into the enterprise or provider user of what its registration created and
   * ends its sessions (its applicant tokens no longer match). Null when the user is no applicant.
   */
  async promoteApplicant(
    manager: EntityManager,
    id: string,
    party: { role: 'enterprise'; enterpriseId: string } | { role: 'provider'; providerId: string },
  ): Promise<User | null> {
    const rows: UserRow[] = await manager.query(
      `WITH changed AS (
         UPDATE users SET role = $2, enterprise_id = $3, provider_id = $4, session_version = session_version + 1
          WHERE id = $1 AND role = 'applicant' RETURNING *)
       SELECT * FROM changed`,
      [id, party.role, party.role === 'enterprise' ? party.enterpriseId : null, party.role === 'provider' ? party.providerId : null],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Sets a new password and ends every session of the user. */
  async setPassword(manager: EntityManager, id: string, passwordHash: string, mustChangePassword: boolean, at: Date): Promise<void> {
    await manager.query(
      `UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4, session_version = session_version + 1
       WHERE id = $1`,
      [id, passwordHash, mustChangePassword, at],
    );
  }

  /** Creates the user only while the table is empty; true if it did. */
  async insertIfNoUsers(manager: EntityManager, user: Pick<User, 'username' | 'passwordHash' | 'role'>): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO users (username, password_hash, role)
       SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM users)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.username, user.passwordHash, user.role],
    );
    return rows.length > 0;
  }
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    regionCode: row.region_code,
    providerId: row.provider_id,
    enterpriseId: row.enterprise_id,
    status: row.status,
    sessionVersion: row.session_version,
    mustChangePassword: row.must_change_password,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
  };
}
