import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RegionLevel } from '@ivl/core';
import type { Region } from './registry.types.js';

interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  payment_notice_days: number | null;
}

/** The regions table. */
@Injectable()
export class RegionRepository {
  async listAll(manager: EntityManager): Promise<Region[]> {
    const rows: RegionRow[] = await manager.query(`SELECT code, name, level, parent_code, payment_notice_days FROM regions ORDER BY code`);
    return rows.map(toRegion);
  }

  async findByCode(manager: EntityManager, code: string): Promise<Region | null> {
    const rows: RegionRow[] = await manager.query(
      `SELECT code, name, level, parent_code, payment_notice_days FROM regions WHERE code = $1`,
      [code],
    );
    return rows[0] ? toRegion(rows[0]) : null;
  }

  async setPaymentNoticeDays(manager: EntityManager, code: string, days: number | null): Promise<Region | null> {
    const rows: RegionRow[] = await manager.query(
      `WITH changed AS (UPDATE regions SET payment_notice_days = $2 WHERE code = $1 RETURNING code, name, level, parent_code, payment_notice_days)
       SELECT * FROM changed`,
      [code, days],
    );
    return rows[0] ? toRegion(rows[0]) : null;
  }

  async insert(manager: EntityManager, region: Region): Promise<Region> {
    await manager.query(`INSERT INTO regions (code, name, level, parent_code) VALUES ($1, $2, $3, $4)`, [
      region.code,
      region.name,
      region.level,
      region.parentCode,
    ]);
    return region;
  }
}

function toRegion(row: RegionRow): Region {
  return { code: row.code, name: row.name, level: row.level, parentCode: row.parent_code, paymentNoticeDays: row.payment_notice_days };
}
