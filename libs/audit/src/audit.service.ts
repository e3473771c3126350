import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, Clock, scopeOf } from '@ivl/core';
import { AuditNamesRepository } from './audit-names.repository.js';
import { AuditRepository } from './audit.repository.js';
import type { AuditEntry, AuditFilter, NamedAuditRecord } from './audit.types.js';

/** Who did what, when, from which state to which: written in the transaction of the change. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
    private readonly names: AuditNamesRepository,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, actor: Actor | null, entry: AuditEntry): Promise<void> {
    await this.repository.append(manager, {
      ...entry,
      at: this.clock.now(),
      actorId: actor?.userId ?? null,
      actorRole: actor?.role ?? 'system',
    });
  }

  /**
   * Entries visible to the actor: everything for city_admin and auditor, else those on its own objects;
   * each with its actor and object by name (one more set-based query for the page), and the total.
   */
  async find(actor: Actor, filter: AuditFilter): Promise<{ items: NamedAuditRecord[]; total: number }> {
    const manager = this.dataSource.manager;
    const { items, total } = await this.repository.listInScope(manager, scopeOf(actor, 'audit-log.read'), filter);
    const names = await this.names.namesOf(
      manager,
      items.map((r) => r.id),
    );
    const none = { actorName: null, actorRegionName: null, actorOrgName: null, entityName: null };
    return { items: items.map((r) => ({ ...r, ...(names.get(r.id) ?? none) })), total };
  }
}
