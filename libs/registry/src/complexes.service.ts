import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, type ComplexLevel, DomainError, requireAccess, type Sector } from '@ivl/core';
import { ComplexRepository } from './complex.repository.js';
import { RegionsService } from './regions.service.js';
import type { Complex } from './registry.types.js';

export interface NewComplex {
  name: string;
  sector: Sector;
  level: ComplexLevel;
  regionCode: string;
}

@Injectable()
export class ComplexesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ComplexRepository,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
  ) {}

  list(filter: { regionCode?: string; sector?: Sector }): Promise<Complex[]> {
    return this.repository.list(this.dataSource.manager, filter);
  }

  async requireExisting(id: string, manager: EntityManager = this.dataSource.manager): Promise<Complex> {
    const complex = await this.repository.findById(manager, id);
    if (!complex) throw DomainError.validation('complexId', 'unknown complex');
    return complex;
  }

  async create(manager: EntityManager, actor: Actor, input: NewComplex): Promise<Complex> {
    requireAccess(actor, 'complex.create');
    await this.regions.requireExisting(input.regionCode, 'regionCode', manager);
    const complex = await this.repository.insert(manager, input);
    await this.audit.record(manager, actor, { entityType: 'complex', entityId: complex.id, action: 'create', data: { ...input } });
    return complex;
  }
}
