import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, regionScopeOf, requireAccess, requireRole, required } from '@ivl/core';
import { isUniqueViolation } from '@ivl/database';
import { LedgerService } from '@ivl/ledger';
import { RegionsService } from '@ivl/registry';
import { FundRepository } from './fund.repository.js';
import type { Allocation, Fund, FundWithBalances } from './fund.types.js';

/**
 * The most one fund may ever receive: 9 × 10^15 fen, just below 2^53, so every amount of a fund is an
 * exact JS number. Sums over several funds (a region's, the city's) may pass it; the API writes those
 * as exact JSON integers (`toJsonAmount`, `exactJson`).
 */
export const MAX_FUND_ALLOCATIONS_FEN = 9_000_000_000_000_000n;

/** Funds (资金池) of a region and year, and the allocations (appropriations) they receive. */
@Injectable()
export class FundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: FundRepository,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  async create(manager: EntityManager, actor: Actor, input: { regionCode: string; year: number; name: string }): Promise<FundWithBalances> {
    requireAccess(actor, 'fund.create', { regionCode: input.regionCode });
    await this.regions.requireExisting(input.regionCode, 'regionCode', manager);
    try {
      const fund = await this.repository.insert(manager, { ...input, createdAt: this.clock.now() });
      await this.audit.record(manager, actor, {
        entityType: 'fund',
        entityId: fund.id,
        action: 'create',
        scope: { regionCode: input.regionCode },
        data: { ...input },
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
  async allocate(manager: EntityManager, actor: Actor, input: { fundId: string; amount: bigint; reference: string }): Promise<Allocation> {
    requireRole(actor, 'fund.allocate');
    const fund = await this.repository.findById(manager, input.fundId);
    if (!fund) throw DomainError.notFound('fund');
    requireAccess(actor, 'fund.allocate', { regionCode: fund.regionCode }, 'fund');
    if ((await this.repository.lockAllocatedTotal(manager, fund.id)) + input.amount > MAX_FUND_ALLOCATIONS_FEN) {
      throw DomainError.validation('amount', `would take the fund's allocations past ${MAX_FUND_ALLOCATIONS_FEN} fen in total`);
    }
    const at = this.clock.now();
    const txId = await this.ledger.post(manager, {
      kind: 'allocate',
      at,
      reference: input.reference,
      moves: [{ fundId: fund.id, amount: input.amount, from: { class: 'appropriation' }, to: { class: 'available' } }],
    });
    const allocation = await this.repository.insertAllocation(manager, {
      fundId: fund.id,
      amount: input.amount,
      reference: input.reference,
      createdAt: at,
      txId,
      createdBy: actor.userId,
    });
    await this.audit.record(manager, actor, {
      entityType: 'fund',
      entityId: fund.id,
      action: 'allocate',
      scope: { regionCode: fund.regionCode },
      data: { allocationId: allocation.id, amount: input.amount.toString(), reference: input.reference },
    });
    return allocation;
  }

  async get(actor: Actor, id: string): Promise<FundWithBalances> {
    const fund = await this.findReadable(this.dataSource.manager, actor, id);
    const balances = await this.ledger.fundBalances(this.dataSource.manager, [id]);
    return { ...fund, balances: required(balances.get(id), `balances of fund ${id}`) };
  }

  async list(actor: Actor, filter: { regionCode?: string; year?: number }): Promise<FundWithBalances[]> {
    const funds = await this.repository.list(this.dataSource.manager, {
      ...filter,
      regionCode: regionScopeOf(actor, 'fund.read') ?? filter.regionCode,
    });
    const balances = await this.ledger.fundBalances(
      this.dataSource.manager,
      funds.map((f) => f.id),
    );
    return funds.map((fund) => ({ ...fund, balances: required(balances.get(fund.id), `balances of fund ${fund.id}`) }));
  }

  async allocations(actor: Actor, fundId: string): Promise<Allocation[]> {
    await this.findReadable(this.dataSource.manager, actor, fundId);
    return this.repository.listAllocations(this.dataSource.manager, fundId);
  }

  /** Funds by id, for program checks (no scope: fund ids are named in programs). */
  findByIds(manager: EntityManager, ids: string[]): Promise<Fund[]> {
    return this.repository.findByIds(manager, ids);
  }

  /** The fund if `actor` reads it: 403 for the parties, 404 outside a bureau's region. */
  private async findReadable(manager: EntityManager, actor: Actor, id: string): Promise<Fund> {
    requireRole(actor, 'fund.read');
    const fund = await this.repository.findById(manager, id);
    if (!fund) throw DomainError.notFound('fund');
    requireAccess(actor, 'fund.read', { regionCode: fund.regionCode }, 'fund');
    return fund;
  }
}

function zeroBalances() {
  return { allocated: 0n, available: 0n, vouchers: 0n, held: 0n, payable: 0n, inSettlement: 0n, paid: 0n, recoverable: 0n };
}
