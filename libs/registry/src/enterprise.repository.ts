import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, type Scope } from '@ivl/core';
import { pagedQuery } from '@ivl/database';
import type { Enterprise } from './registry.types.js';

interface EnterpriseRow {
  id: string;
  uscc: string;
  name: string;
  region_code: string;
  controller_key: string | null;
  created_at: Date;
}

/** The enterprises table. */
@Injectable()
export class EnterpriseRepository {
  async insert(manager: EntityManager, enterprise: Omit<Enterprise, 'id' | 'createdAt'>): Promise<Enterprise> {
    const [row]: EnterpriseRow[] = await manager.query(
      `INSERT INTO enterprises (uscc, name, region_code, controller_key) VALUES ($1, $2, $3, $4) RETURNING *`,
      [enterprise.uscc, enterprise.name, enterprise.regionCode, enterprise.controllerKey],
    );
    return toEnterprise(row);
  }

  /**
   * Enterprises in `scope` (a region's, or the actor's own), optionally of one region and matching
   * `q` (any part of the name or USCC), oldest first, and how many match before paging.
   */
  async listInScope(
    manager: EntityManager,
    scope: Scope,
    filter: { regionCode?: string; q?: string; limit: number; offset: number },
  ): Promise<{ items: Enterprise[]; total: number }> {
    const regionCode = scope.kind === 'region' ? scope.regionCode : scope.kind === 'all' ? (filter.regionCode ?? null) : null;
    const id = scope.kind === 'enterprise' ? scope.enterpriseId : null;
    const none = scope.kind === 'provider';
    const { rows, total } = await pagedQuery<EnterpriseRow>(manager, {
      select: 'SELECT *',
      from: 'enterprises',
      where: `NOT $1::boolean AND ($2::varchar IS NULL OR region_code = $2) AND ($3::uuid IS NULL OR id = $3)
              AND ($4::text IS NULL OR name ILIKE $4 OR uscc ILIKE $4)`,
      orderBy: 'created_at, id',
      params: [none, regionCode, id, filter.q === undefined ? null : containsPattern(filter.q)],
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items: rows.map(toEnterprise), total };
  }

  async existsWithUscc(manager: EntityManager, uscc: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM enterprises WHERE uscc = $1`, [uscc]);
    return rows.length > 0;
  }

  async findById(manager: EntityManager, id: string): Promise<Enterprise | null> {
    const rows: EnterpriseRow[] = await manager.query(`SELECT * FROM enterprises WHERE id = $1`, [id]);
    return rows[0] ? toEnterprise(rows[0]) : null;
  }
}

function toEnterprise(row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    regionCode: row.region_code,
    controllerKey: row.controller_key,
    createdAt: row.created_at,
  };
}
