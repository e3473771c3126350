import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, DomainError } from '@ivl/core';
import { isUniqueViolation, TransactionRunner } from '@ivl/database';
import { Enterprise } from './enterprise.entity.js';
import { RegionsService } from './regions.service.js';

export interface NewEnterprise {
  uscc: string;
  name: string;
  regionCode: string;
  controllerKey?: string;
}

export interface EnterpriseFilter {
  regionCode?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class EnterprisesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
  ) {}

  async create(actor: Actor, input: NewEnterprise): Promise<Enterprise> {
    const allowed = actor.role === 'city_admin' || (actor.role === 'county_officer' && actor.regionCode === input.regionCode);
    if (!allowed) throw DomainError.forbidden('only the city admin or the officer of its region registers an enterprise');
    await this.regions.requireExisting(input.regionCode);
    try {
      return await this.tx.run(async (manager) => {
        const repo = manager.getRepository(Enterprise);
        const enterprise = await repo.save(
          repo.create({ uscc: input.uscc, name: input.name, regionCode: input.regionCode, controllerKey: input.controllerKey ?? null }),
        );
        await this.audit.record(manager, actor, {
          entityType: 'enterprise',
          entityId: enterprise.id,
          action: 'create',
          scope: { regionCode: enterprise.regionCode, enterpriseId: enterprise.id },
          data: { uscc: enterprise.uscc, name: enterprise.name },
        });
        return enterprise;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'enterprises_uscc_key')) throw DomainError.duplicate(`an enterprise with USCC ${input.uscc} exists already`);
      throw error;
    }
  }

  async list(actor: Actor, filter: EnterpriseFilter): Promise<Enterprise[]> {
    const qb = this.dataSource.getRepository(Enterprise).createQueryBuilder('e').orderBy('e.created_at', 'ASC');
    switch (actor.role) {
      case 'city_admin':
      case 'auditor':
        if (filter.regionCode) qb.andWhere('e.region_code = :regionCode', { regionCode: filter.regionCode });
        break;
      case 'county_officer':
      case 'finance':
        qb.andWhere('e.region_code = :regionCode', { regionCode: actor.regionCode });
        break;
      case 'enterprise':
        qb.andWhere('e.id = :id', { id: actor.enterpriseId });
        break;
      default:
        throw DomainError.forbidden();
    }
    return qb.take(filter.limit).skip(filter.offset).getMany();
  }

  async get(actor: Actor, id: string): Promise<Enterprise> {
    if (actor.role === 'provider') throw DomainError.forbidden();
    const enterprise = await this.dataSource.getRepository(Enterprise).findOneBy({ id });
    if (!enterprise || !this.inScope(actor, enterprise)) throw DomainError.notFound('enterprise');
    return enterprise;
  }

  private inScope(actor: Actor, enterprise: Enterprise): boolean {
    switch (actor.role) {
      case 'city_admin':
      case 'auditor':
        return true;
      case 'county_officer':
      case 'finance':
        return enterprise.regionCode === actor.regionCode;
      case 'enterprise':
        return enterprise.id === actor.enterpriseId;
      default:
        return false;
    }
  }
}
