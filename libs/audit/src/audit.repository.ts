import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, type Scope, toShanghaiIso } from '@ivl/core';
import { preparedQuery } from '@ivl/database';
import type { AuditEntry, AuditFilter, AuditRecord } from './audit.types.js';

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_role: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

/*
 * Reads beside its own table: users (identity lib), read-only, in the list's `q`, to find the
 * entries of an actor by any part of its username (the identity lib is built on this one).
 */

/** The audit_log table: appended to in the transaction of each change, read newest first. */
@Injectable()
export class AuditRepository {
  async append(manager: EntityManager, entry: AuditEntry & { at: Date; actorId: string | null; actorRole: string }): Promise<void> {
    await preparedQuery(
      manager,
      'audit-insert',
      `INSERT INTO audit_log (at, actor_id, actor_role, entity_type, entity_id, action, from_state, to_state, reason,
                              region_code, provider_id, enterprise_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        entry.at,
        entry.actorId,
        entry.actorRole,
        entry.entityType,
        entry.entityId,
        entry.action,
        entry.fromState ?? null,
        entry.toState ?? null,
        entry.reason ?? null,
        entry.scope?.regionCode ?? null,
        entry.scope?.providerId ?? null,
        entry.scope?.enterpriseId ?? null,
        entry.data ? JSON.stringify(entry.data) : null,
      ],
    );
  }

  /**
   * Entries in `scope` (all, a region's, a provider's or an enterprise's objects), newest first, and
   * how many match the filter (`beforeId`, `limit` and `offset` aside). `q`: any part of the object's
   * id, the action, the reason, the recorded data or the actor's username.
   */
  async listInScope(manager: EntityManager, scope: Scope, filter: AuditFilter): Promise<{ items: AuditRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.q !== undefined)
      add(
        `(entity_id ILIKE ? OR action ILIKE ? OR reason ILIKE ? OR data::text ILIKE ?
          OR EXISTS (SELECT 1 FROM users u WHERE u.id = actor_id AND u.username ILIKE ?))`,
        containsPattern(filter.q),
      );
    if (scope.kind === 'region') add('region_code = ?', scope.regionCode);
    if (scope.kind === 'provider') add('provider_id = ?', scope.providerId);
    if (scope.kind === 'enterprise') add('enterprise_id = ?', scope.enterpriseId);
    const matching = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await manager.query(`SELECT count(*)::int AS total FROM audit_log ${matching}`, params);
    if (filter.beforeId) add('id < ?', filter.beforeId);
    params.push(filter.limit, filter.offset ?? 0);
    const rows: AuditRow[] = await manager.query(
      `SELECT id, at, actor_id, actor_role, entity_type, entity_id, action, from_state, to_state, reason, data
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const items = rows.map((row) => ({
      id: row.id,
      at: toShanghaiIso(row.at),
      actorId: row.actor_id ?? null,
      actorRole: row.actor_role ?? null,
      entityType: row.entity_type,
      entityId: row.entity_id,
      action: row.action,
      fromState: row.from_state ?? null,
      toState: row.to_state ?? null,
      reason: row.reason ?? null,
      data: row.data ?? null,
    }));
    return { items, total };
  }
}
