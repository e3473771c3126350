import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Role } from '@ivl/core';
import { User, type UserStatus } from './user.entity.js';

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
  /** Any part of the username, case-insensitive. */
  q?: string;
  /** Only users of this enterprise region's enterprises (a county officer's view). */
  enterpriseRegionCode?: string;
  limit: number;
  offset: number;
}

/** The region a user belongs to: its own, or its enterprise's or provider's. */
const USER_REGION = `COALESCE(u.region_code, e.region_code, p.region_code)`;
const FROM_USERS = `FROM users u LEFT JOIN enterprises e ON e.id = u.enterprise_id LEFT JOIN providers p ON p.id = u.provider_id`;

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByUsername(username: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ username });
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  /** The user if it is an enterprise user of an enterprise in `regionCode`. */
  async findEnterpriseUserInRegion(id: string, regionCode: string): Promise<User | null> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT u.id FROM users u JOIN enterprises e ON e.id = u.enterprise_id WHERE u.id = $1 AND u.role = 'enterprise' AND e.region_code = $2`,
      [id, regionCode],
    );
    return rows[0] ? this.findById(id) : null;
  }

  async sessionStateOf(id: string): Promise<SessionState | undefined> {
    const rows: Array<{ status: UserStatus; session_version: number; must_change_password: boolean }> = await this.dataSource.query(
      `SELECT status, session_version, must_change_password FROM users WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row && { status: row.status, sessionVersion: row.session_version, mustChangePassword: row.must_change_password };
  }

  async list(filter: UserFilter): Promise<User[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.role !== undefined) add('u.role = ?', filter.role);
    if (filter.regionCode !== undefined) add(`${USER_REGION} = ?`, filter.regionCode);
    if (filter.status !== undefined) add('u.status = ?', filter.status);
    if (filter.q !== undefined) add(`strpos(lower(u.username), lower(?)) > 0`, filter.q);
    if (filter.enterpriseRegionCode !== undefined) add(`u.role = 'enterprise' AND e.region_code = ?`, filter.enterpriseRegionCode);
    values.push(filter.limit, filter.offset);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT u.id ${FROM_USERS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY u.created_at, u.id LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    );
    if (rows.length === 0) return [];
    const users = await this.dataSource.getRepository(User).findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => byId.get(r.id)!);
  }

  insert(manager: EntityManager, user: Pick<User, 'username' | 'passwordHash' | 'role' | 'regionCode' | 'providerId' | 'enterpriseId'>): Promise<User> {
    return manager.getRepository(User).save(manager.getRepository(User).create(user));
  }

  /** Sets the status; a disabled user's sessions end with it. Undefined when the status was that already. */
  async setStatus(manager: EntityManager, id: string, status: UserStatus): Promise<User | undefined> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const rows: Array<{ id: string }> = await manager.query(
      `WITH changed AS (
         UPDATE users SET status = $2, session_version = session_version + CASE WHEN $2 = 'disabled' THEN 1 ELSE 0 END
         WHERE id = $1 AND status <> $2 RETURNING id)
       SELECT id FROM changed`,
      [id, status],
    );
    return rows[0] ? ((await this.findById(id, manager)) ?? undefined) : undefined;
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
