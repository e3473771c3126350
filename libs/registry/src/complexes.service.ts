import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, type ComplexLevel, DomainError, type Sector } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { Complex } from './complex.entity.js';
import { RegionsService } from './regions.service.js';

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
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
  ) {}

  list(filter: { regionCode?: string; sector?: Sector }): Promise<Complex[]> {
    return this.dataSource.getRepository(Complex).find({ where: { ...filter }, order: { createdAt: 'ASC' } });
  }

  async requireExisting(id: string): Promise<Complex> {
    const complex = await this.dataSource.getRepository(Complex).findOneBy({ id });
    if (!complex) throw DomainError.validation('complexId', 'unknown complex');
    return complex;
  }

  async create(actor: Actor, input: NewComplex): Promise<Complex> {
    if (actor.role !== 'city_admin') throw DomainError.forbidden('only the city admin registers complexes');
    await this.regions.requireExisting(input.regionCode);
    return this.tx.run(async (manager) => {
      const repo = manager.getRepository(Complex);
      const complex = await repo.save(repo.create(input));
      await this.audit.record(manager, actor, { entityType: 'complex', entityId: complex.id, action: 'create', data: { ...input } });
      return complex;
    });
  }
}
