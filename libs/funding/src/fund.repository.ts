import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toBigInt } from '@ivl/database';
import type { Allocation, Fund } from './fund.types.js';

interface FundRow {
  id: string;
  region_code: string;
  year: number;
  name: string;
  created_at: Date;
}

/** The funds and allocations tables. */
@Injectable()
export class FundRepository {
  async insert(manager: EntityManager, fund: Omit<Fund, 'id'>): Promise<Fund> {
    const [row]: FundRow[] = await manager.query(
      `INSERT INTO funds (region_code, year, name, created_at) VALUES ($1, $2, $3, $4) RETURNING *`,
      [fund.regionCode, fund.year, fund.name, fund.createdAt],
    );
    return toFund(row);
  }

  async findById(manager: EntityManager, id: string): Promise<Fund | undefined> {
    const [row]: [FundRow?] = await manager.query(`SELECT * FROM funds WHERE id = $1`, [id]);
    return row && toFund(row);
  }

  async findByIds(manager: EntityManager, ids: string[]): Promise<Fund[]> {
    const rows: FundRow[] = await manager.query(`SELECT * FROM funds WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toFund);
  }

  /** Funds of one region (undefined: every region) and year, by region, year and name. */
  async list(manager: EntityManager, filter: { regionCode?: string; year?: number }): Promise<Fund[]> {
    const rows: FundRow[] = await manager.query(
      `SELECT * FROM funds WHERE ($1::varchar IS NULL OR region_code = $1) AND ($2::int IS NULL OR year = $2)
        ORDER BY region_code, year, name`,
      [filter.regionCode ?? null, filter.year ?? null],
    );
    return rows.map(toFund);
  }

  /**
   * The sum of the fund's allocations, its row locked to the end of the transaction: allocations to
   * one fund serialise on it, so two racing allocations cannot both pass the cap.
   */
  async lockAllocatedTotal(manager: EntityManager, fundId: string): Promise<bigint> {
    await manager.query(`SELECT 1 FROM funds WHERE id = $1 FOR NO KEY UPDATE`, [fundId]);
    const [row]: Array<{ total: string }> = await manager.query(
      `SELECT coalesce(sum(amount), 0)::text AS total FROM allocations WHERE fund_id = $1`,
      [fundId],
    );
    return toBigInt(row.total);
  }

  async insertAllocation(
    manager: EntityManager,
    allocation: Omit<Allocation, 'id'> & { txId: string; createdBy: string },
  ): Promise<Allocation> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO allocations (fund_id, amount, reference, tx_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [allocation.fundId, allocation.amount.toString(), allocation.reference, allocation.txId, allocation.createdBy, allocation.createdAt],
    );
    return {
      id: row.id,
      fundId: allocation.fundId,
      amount: allocation.amount,
      reference: allocation.reference,
      createdAt: allocation.createdAt,
    };
  }

  async listAllocations(manager: EntityManager, fundId: string): Promise<Allocation[]> {
    const rows: Array<{ id: string; fund_id: string; amount: string; reference: string; created_at: Date }> = await manager.query(
      `SELECT id, fund_id, amount, reference, created_at FROM allocations WHERE fund_id = $1 ORDER BY created_at, id`,
      [fundId],
    );
    return rows.map((r) => ({ id: r.id, fundId: r.fund_id, amount: toBigInt(r.amount), reference: r.reference, createdAt: r.created_at }));
  }
}

function toFund(row: FundRow): Fund {
  return { id: row.id, regionCode: row.region_code, year: row.year, name: row.name, createdAt: row.created_at };
}
