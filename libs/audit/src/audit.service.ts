import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, Clock, scopeOf } from '@ivl/core';
import { AuditRepository } from './audit.repository.js';
import type { AuditEntry, AuditFilter, AuditRecord } from './audit.types.js';

/** Who did what, when, from which state to which: written in the transaction of the change. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
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

  /** Entries visible to the actor: everything for city_admin and auditor, else those on its own objects. */
  find(actor: Actor, filter: AuditFilter): Promise<{ items: AuditRecord[]; total: number }> {
    return this.repository.listInScope(this.dataSource.manager, scopeOf(actor, 'audit-log.read'), filter);
  }
}
