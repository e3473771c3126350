import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, bureauRegionOf, Clock, DomainError } from '@ivl/core';
import { isUniqueViolation, toBigInt, TransactionRunner } from '@ivl/database';
import { LedgerService } from '@ivl/ledger';
import { RegionsService } from '@ivl/registry';
import type { Allocation, Fund, FundWithBalances } from './fund.types.js';

/**
 * The most one fund may ever receive: 9 × 10^15 fen, just below 2^53, so every amount of a fund is an
 * exact JS number. Sums over several funds (a region's, the city's) may pass it; the API writes those
 * as exact JSON integers (`toJsonAmount`, `exactJson`).
 */
export const MAX_FUND_ALLOCATIONS_FEN = 9_000_000_000_000_000n;

interface FundRow {
  id: string;
  region_code: string;
  year: number;
  name: string;
  created_at: Date;
}

/** Funds (资金池) of a region and year, and the allocations (appropriations) they receive. */
@Injectable()
export class FundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: { regionCode: string; year: number; name: string }): Promise<FundWithBalances> {
    const allowed = actor.role === 'city_admin' || (actor.role === 'finance' && actor.regionCode === input.regionCode);
    if (!allowed) throw DomainError.forbidden('only the city admin or the finance bureau of the region creates its funds');
    await this.regions.requireExisting(input.regionCode);
    try {
      const fund = await this.tx.run(async (manager) => {
        const [row]: FundRow[] = await manager.query(
          `INSERT INTO funds (region_code, year, name, created_at) VALUES ($1, $2, $3, $4) RETURNING *`,
          [input.regionCode, input.year, input.name, this.clock.now()],
        );
        await this.audit.record(manager, actor, {
          entityType: 'fund',
          entityId: row!.id,
          action: 'create',
          scope: { regionCode: input.regionCode },
          data: { ...input },
        });
        return toFund(row!);
      });
      return { ...fund, balances: zeroBalances() };
    } catch (error) {
      if (isUniqueViolation(error, 'funds_region_year_name_key')) {
        throw DomainError.duplicate(`region ${input.regionCode} has a fund "${input.name}" for ${input.year} already`);
      }
      throw error;
    }
  }

  /**
   * Moves an appropriation into the fund's available budget. Only the finance bureau of the fund's
   * region moves money (the science bureau does not). Runs inside the caller's transaction (the
   * idempotency key is stored in the same one).
   */
  async allocate(manager: EntityManager, actor: Actor, fundId: string, input: { amount: bigint; reference: string }): Promise<Allocation> {
    if (actor.role !== 'finance') throw DomainError.forbidden('only the finance bureau of the fund region allocates budget');
    const fund = await this.findInScope(manager, actor, fundId);
    await this.assertWithinCap(manager, fund.id, input.amount);
    const at = this.clock.now();
    const txId = await this.ledger.post(manager, {
      kind: 'allocate',
      at,
      reference: input.reference,
      moves: [{ fundId, amount: input.amount, from: { class: 'appropriation' }, to: { class: 'available' } }],
    });
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO allocations (fund_id, amount, reference, tx_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [fundId, input.amount.toString(), input.reference, txId, actor.userId, at],
    );
    await this.audit.record(manager, actor, {
      entityType: 'fund',
      entityId: fundId,
      action: 'allocate',
      scope: { regionCode: fund.regionCode },
      data: { allocationId: row!.id, amount: input.amount.toString(), reference: input.reference },
    });
    return { id: row!.id, fundId, amount: input.amount, reference: input.reference, createdAt: at };
  }

  async get(actor: Actor, id: string): Promise<FundWithBalances> {
    const fund = await this.findInScope(this.dataSource.manager, actor, id);
    const balances = await this.ledger.fundBalances(this.dataSource.manager, [id]);
    return { ...fund, balances: balances.get(id)! };
  }

  async list(actor: Actor, filter: { regionCode?: string; year?: number }): Promise<FundWithBalances[]> {
    const regionCode = this.readableRegion(actor) ?? filter.regionCode;
    const rows: FundRow[] = await this.dataSource.query(
      `SELECT * FROM funds WHERE ($1::varchar IS NULL OR region_code = $1) AND ($2::int IS NULL OR year = $2)
        ORDER BY region_code, year, name`,
      [regionCode ?? null, filter.year ?? null],
    );
    const balances = await this.ledger.fundBalances(this.dataSource.manager, rows.map((r) => r.id));
    return rows.map((row) => ({ ...toFund(row), balances: balances.get(row.id)! }));
  }

  async allocations(actor: Actor, fundId: string): Promise<Allocation[]> {
    await this.findInScope(this.dataSource.manager, actor, fundId);
    const rows: Array<{ id: string; fund_id: string; amount: string; reference: string; created_at: Date }> = await this.dataSource.query(
      `SELECT id, fund_id, amount, reference, created_at FROM allocations WHERE fund_id = $1 ORDER BY created_at, id`,
      [fundId],
    );
    return rows.map((r) => ({ id: r.id, fundId: r.fund_id, amount: toBigInt(r.amount), reference: r.reference, createdAt: r.created_at }));
  }

  /** Funds by id, for program checks (no scope: fund ids are named in programs). */
  async findByIds(manager: EntityManager, ids: string[]): Promise<Fund[]> {
    const rows: FundRow[] = await manager.query(`SELECT * FROM funds WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toFund);
  }

  /**
   * Allocations to one fund serialise on its row, locked to the end of the transaction, so two racing
   * allocations cannot both pass the cap (allocations are rare; redemptions never lock a fund row).
   */
  private async assertWithinCap(manager: EntityManager, fundId: string, amount: bigint): Promise<void> {
    await manager.query(`SELECT 1 FROM funds WHERE id = $1 FOR NO KEY UPDATE`, [fundId]);
    const [row]: Array<{ total: string }> = await manager.query(
      `SELECT coalesce(sum(amount), 0)::text AS total FROM allocations WHERE fund_id = $1`,
      [fundId],
    );
    if (toBigInt(row!.total) + amount > MAX_FUND_ALLOCATIONS_FEN) {
      throw DomainError.validation('amount', `would take the fund's allocations past ${MAX_FUND_ALLOCATIONS_FEN} fen in total`);
    }
  }

  private async findInScope(manager: EntityManager, actor: Actor, id: string): Promise<Fund> {
    const restricted = this.readableRegion(actor);
    const [row]: FundRow[] = await manager.query(`SELECT * FROM funds WHERE id = $1`, [id]);
    if (!row || (restricted !== undefined && row.region_code !== restricted)) throw DomainError.notFound('fund');
    return toFund(row);
  }

  /** The one region a regional user may read; undefined for city-wide readers. Parties may not read funds. */
  private readableRegion(actor: Actor): string | undefined {
    return bureauRegionOf(actor, 'funds are for the bureaus and auditors');
  }

}

function toFund(row: FundRow): Fund {
  return { id: row.id, regionCode: row.region_code, year: row.year, name: row.name, createdAt: row.created_at };
}

function zeroBalances() {
  return { allocated: 0n, available: 0n, vouchers: 0n, held: 0n, payable: 0n, inSettlement: 0n, paid: 0n };
}
