import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ComplexLevel, Sector } from '@ivl/core';
import type { Complex } from './registry.types.js';

interface ComplexRow {
  id: string;
  name: string;
  sector: Sector;
  level: ComplexLevel;
  region_code: string;
  created_at: Date;
}

/** The complexes table. */
@Injectable()
export class ComplexRepository {
  async list(manager: EntityManager, filter: { regionCode?: string; sector?: Sector }): Promise<Complex[]> {
    const rows: ComplexRow[] = await manager.query(
      `SELECT * FROM complexes WHERE ($1::varchar IS NULL OR region_code = $1) AND ($2::text IS NULL OR sector = $2) ORDER BY created_at`,
      [filter.regionCode ?? null, filter.sector ?? null],
    );
    return rows.map(toComplex);
  }

  async findById(manager: EntityManager, id: string): Promise<Complex | null> {
    const rows: ComplexRow[] = await manager.query(`SELECT * FROM complexes WHERE id = $1`, [id]);
    return rows[0] ? toComplex(rows[0]) : null;
  }

  async insert(manager: EntityManager, complex: Omit<Complex, 'id' | 'createdAt'>): Promise<Complex> {
    const [row]: ComplexRow[] = await manager.query(
      `INSERT INTO complexes (name, sector, level, region_code) VALUES ($1, $2, $3, $4) RETURNING *`,
      [complex.name, complex.sector, complex.level, complex.regionCode],
    );
    return toComplex(row);
  }
}

function toComplex(row: ComplexRow): Complex {
  return { id: row.id, name: row.name, sector: row.sector, level: row.level, regionCode: row.region_code, createdAt: row.created_at };
}
