import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Scope, toShanghaiIso } from '@ivl/core';
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

  /** Entries in `scope` (all, a region's, a provider's or an enterprise's objects), newest first. */
  async listInScope(manager: EntityManager, scope: Scope, filter: AuditFilter): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.beforeId) add('id < ?', filter.beforeId);
    if (scope.kind === 'region') add('region_code = ?', scope.regionCode);
    if (scope.kind === 'provider') add('provider_id = ?', scope.providerId);
    if (scope.kind === 'enterprise') add('enterprise_id = ?', scope.enterpriseId);
    params.push(filter.limit);
    const rows: AuditRow[] = await manager.query(
      `SELECT id, at, actor_id, actor_role, entity_type, entity_id, action, from_state, to_state, reason, data
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
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
  }
}
