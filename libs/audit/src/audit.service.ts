import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor, Clock, toShanghaiIso } from '@ivl/core';
import { preparedQuery } from '@ivl/database';

export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  /** Whose object it is, so regional and party users can read the entries on their own objects. */
  scope?: { regionCode?: string | null; providerId?: string | null; enterpriseId?: string | null };
  data?: Record<string, unknown>;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  limit: number;
  beforeId?: string;
}

export interface AuditRecord {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  entityType: string;
  entityId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

/** Who did what, when, from which state to which: written in the transaction of the change. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, actor: Actor | null, entry: AuditEntry): Promise<void> {
    await preparedQuery(manager, 'audit-insert',
      `INSERT INTO audit_log (at, actor_id, actor_role, entity_type, entity_id, action, from_state, to_state, reason,
                              region_code, provider_id, enterprise_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        this.clock.now(),
        actor?.userId ?? null,
        actor?.role ?? 'system',
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

  /** Entries visible to the actor: everything for city_admin and auditor, else those on its own objects. */
  async find(actor: Actor, filter: AuditFilter): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.beforeId) add('id < ?', filter.beforeId);
    switch (actor.role) {
      case 'city_admin':
      case 'auditor':
        break;
      case 'county_officer':
      case 'finance':
        add('region_code = ?', actor.regionCode);
        break;
      case 'provider':
        add('provider_id = ?', actor.providerId);
        break;
      case 'enterprise':
        add('enterprise_id = ?', actor.enterpriseId);
        break;
    }
    params.push(filter.limit);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, at, actor_id, actor_role, entity_type, entity_id, action, from_state, to_state, reason, data
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      id: String(row.id),
      at: toShanghaiIso(row.at as Date),
      actorId: (row.actor_id as string | null) ?? null,
      actorRole: (row.actor_role as string | null) ?? null,
      entityType: row.entity_type as string,
      entityId: row.entity_id as string,
      action: row.action as string,
      fromState: (row.from_state as string | null) ?? null,
      toState: (row.to_state as string | null) ?? null,
      reason: (row.reason as string | null) ?? null,
      data: (row.data as Record<string, unknown> | null) ?? null,
    }));
  }
}
