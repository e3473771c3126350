import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, DomainError, type RegionLevel } from '@ivl/core';
import { isUniqueViolation, TransactionRunner } from '@ivl/database';
import { Region } from './region.entity.js';

export interface NewRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode?: string;
}

@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Region[]> {
    return this.dataSource.getRepository(Region).find({ order: { code: 'ASC' } });
  }

  async findByCode(code: string): Promise<Region | null> {
    return this.dataSource.getRepository(Region).findOneBy({ code });
  }

  /** Refuses a body naming a region that does not exist (400, with the field). */
  async requireExisting(code: string, field = 'regionCode'): Promise<Region> {
    const region = await this.findByCode(code);
    if (!region) throw DomainError.validation(field, `unknown region ${code}`);
    return region;
  }

  async create(actor: Actor, input: NewRegion): Promise<Region> {
    if (actor.role !== 'city_admin') throw DomainError.forbidden('only the city admin adds regions');
    if (input.parentCode !== undefined) await this.requireExisting(input.parentCode, 'parentCode');
    try {
      return await this.tx.run(async (manager) => {
        const repo = manager.getRepository(Region);
        const region = repo.create({ code: input.code, name: input.name, level: input.level, parentCode: input.parentCode ?? null });
        await repo.insert(region);
        await this.audit.record(manager, actor, { entityType: 'region', entityId: region.code, action: 'create', data: { ...input } });
        return region;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.duplicate(`region ${input.code} exists already`);
      throw error;
    }
  }
}
