import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, DomainError, requireAccess, requireRole, scopeOf } from '@ivl/core';
import { isUniqueViolation } from '@ivl/database';
import { EnterpriseRepository } from './enterprise.repository.js';
import { RegionsService } from './regions.service.js';
import type { Enterprise } from './registry.types.js';

export interface NewEnterprise {
  uscc: string;
  name: string;
  regionCode: string;
  controllerKey?: string;
}

export interface EnterpriseFilter {
  regionCode?: string;
  /** Any part of the name or USCC. */
  q?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class EnterprisesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EnterpriseRepository,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
  ) {}

  async create(manager: EntityManager, actor: Actor, input: NewEnterprise): Promise<Enterprise> {
    requireAccess(actor, 'enterprise.create', { regionCode: input.regionCode });
    await this.regions.requireExisting(input.regionCode, 'regionCode', manager);
    try {
      const enterprise = await this.repository.insert(manager, {
        uscc: input.uscc,
        name: input.name,
        regionCode: input.regionCode,
        controllerKey: input.controllerKey ?? null,
      });
      await this.audit.record(manager, actor, {
        entityType: 'enterprise',
        entityId: enterprise.id,
        action: 'create',
        scope: { regionCode: enterprise.regionCode, enterpriseId: enterprise.id },
        data: { uscc: enterprise.uscc, name: enterprise.name },
      });
      return enterprise;
    } catch (error) {
      if (isUniqueViolation(error, 'enterprises_uscc_key'))
        throw DomainError.duplicate(`an enterprise with USCC ${input.uscc} exists already`);
      throw error;
    }
  }

  list(actor: Actor, filter: EnterpriseFilter): Promise<{ items: Enterprise[]; total: number }> {
    return this.repository.listInScope(this.dataSource.manager, scopeOf(actor, 'enterprise.read'), filter);
  }

  async get(actor: Actor, id: string): Promise<Enterprise> {
    requireRole(actor, 'enterprise.read');
    const enterprise = await this.find(id);
    if (!enterprise) throw DomainError.notFound('enterprise');
    requireAccess(actor, 'enterprise.read', { regionCode: enterprise.regionCode, enterpriseId: enterprise.id }, 'enterprise');
    return enterprise;
  }

  /** Whether an enterprise holds this USCC (a sign-up's duplicate check). */
  existsWithUscc(manager: EntityManager, uscc: string): Promise<boolean> {
    return this.repository.existsWithUscc(manager, uscc);
  }

  /** The enterprise, or undefined for an unknown id (no access check: for other libs' existence checks and audit scopes). */
  async find(id: string): Promise<Enterprise | undefined> {
    return (await this.repository.findById(this.dataSource.manager, id)) ?? undefined;
  }
}
