import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, DomainError, type RegionLevel, requireAccess, requireRole } from '@ivl/core';
import { isUniqueViolation } from '@ivl/database';
import { RegionRepository } from './region.repository.js';
import type { Region } from './registry.types.js';

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
    private readonly repository: RegionRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Region[]> {
    return this.repository.listAll(this.dataSource.manager);
  }

  findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<Region | null> {
    return this.repository.findByCode(manager, code);
  }

  /** Refuses a body naming a region that does not exist (400, with the field). */
  async requireExisting(code: string, field = 'regionCode', manager: EntityManager = this.dataSource.manager): Promise<Region> {
    const region = await this.findByCode(code, manager);
    if (!region) throw DomainError.validation(field, `unknown region ${code}`);
    return region;
  }

  /**
   * Sets the region's payment notice (兑付公示) in days: the city admin,
   * or the finance bureau of the region. A batch approved afterwards waits that long before it is paid.
   */
  async setPaymentNoticeDays(manager: EntityManager, actor: Actor, code: string, days: number | null): Promise<Region> {
    requireRole(actor, 'region.set-payment-notice');
    const before = await this.findByCode(code, manager);
    if (!before) throw DomainError.notFound('region');
    requireAccess(actor, 'region.set-payment-notice', { regionCode: code }, 'region');
    const region = await this.repository.setPaymentNoticeDays(manager, code, days);
    if (!region) throw DomainError.notFound('region');
    await this.audit.record(manager, actor, {
      entityType: 'region',
      entityId: code,
      action: 'payment-notice-days',
      scope: { regionCode: code },
      data: { from: before.paymentNoticeDays, to: days },
    });
    return region;
  }

  async create(manager: EntityManager, actor: Actor, input: NewRegion): Promise<Region> {
    requireAccess(actor, 'region.create');
    if (input.parentCode !== undefined) await this.requireExisting(input.parentCode, 'parentCode', manager);
    try {
      const region = await this.repository.insert(manager, {
        code: input.code,
        name: input.name,
        level: input.level,
        parentCode: input.parentCode ?? null,
        paymentNoticeDays: null,
      });
      await this.audit.record(manager, actor, { entityType: 'region', entityId: region.code, action: 'create', data: { ...input } });
      return region;
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.duplicate(`region ${input.code} exists already`);
      throw error;
    }
  }
}
