import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { ProgramsService } from '@ivl/funding';
import { type Actor, Clock, DomainError, ErrorCode, shanghaiDate } from '@ivl/core';
import { largestRemainder, LedgerService, movesOf } from '@ivl/ledger';
import { parseCode, VoucherHolds, VoucherRepository } from '@ivl/vouchers';
import { type ProviderContext, type RedemptionContext, RedemptionRepository, type RedemptionScope } from './redemption.repository.js';
import type { NewRedemption, Redemption, RedemptionStatus } from './redemption.types.js';
import { ratioFor, subsidyFor } from '@ivl/rules';

const NOT_USABLE = 'the voucher code is unknown, mistyped, expired, revoked or has no balance left';

/**
 * Redemptions (使用): a provider holds a subsidy on a voucher, the enterprise confirms it (or either
 * side cancels it). The hot path locks only its own voucher's row and writes only rows of its own
 * voucher and redemption: vouchers of different enterprises never wait for each other.
 */
@Injectable()
export class RedemptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redemptions: RedemptionRepository,
    private readonly vouchers: VoucherRepository,
    private readonly holds: VoucherHolds,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly programs: ProgramsService,
    private readonly clock: Clock,
  ) {}

  /** Holds the subsidy of a service order on a voucher; runs in the caller's transaction (with its idempotency key). */
  async redeem(manager: EntityManager, actor: Actor, input: NewRedemption): Promise<Redemption> {
    if (actor.role !== 'provider') throw DomainError.forbidden('only a provider redeems vouchers');
    const code = parseCode(input.voucherCode);
    if (!code) throw new DomainError(ErrorCode.VOUCHER_NOT_USABLE, NOT_USABLE);
    const now = this.clock.now();
    const { voucher, provider: found } = await this.redemptions.lockContext(manager, code, actor.providerId);
    const provider = found!;
    if (provider.status !== 'active') throw DomainError.invalidState(`the provider is ${provider.status}`);
    if (!voucher || voucher.status !== 'active' || voucher.validUntil < now || voucher.balance === 0n) {
      throw new DomainError(ErrorCode.VOUCHER_NOT_USABLE, NOT_USABLE);
    }
    assertEligible(voucher, provider, input, now);

    const rule = { ratioBp: ratioFor(voucher, provider.regionCode), fullCoverageUpTo: voucher.fullCoverageUpTo };
    const subsidy = subsidyFor(input.orderAmount, voucher.balance, rule);
    if (subsidy === 0n) throw DomainError.validation('orderAmount', 'the program covers nothing of this amount');
    // Drawn from each part in proportion to what is left of it, so all parts reach zero together.
    const amounts = largestRemainder(subsidy, voucher.parts.map((p) => p.balance));
    const parts = voucher.parts.map((p, i) => ({ fundId: p.fundId, amount: amounts[i]! }));

    const redemption = {
      voucherId: voucher.voucherId,
      voucherCode: code,
      programId: voucher.programId,
      providerId: actor.providerId,
      enterpriseId: voucher.enterpriseId,
      category: input.category,
      orderAmount: input.orderAmount,
      subsidy,
      description: input.description,
      status: 'pending' as const,
      parts,
      createdAt: now,
      confirmedAt: null,
      cancelledAt: null,
      claimId: null,
    };
    const id = await this.redemptions.insert(manager, redemption);
    const own = { voucherId: voucher.voucherId };
    await this.ledger.post(manager, {
      kind: 'hold',
      at: now,
      voucherId: voucher.voucherId,
      redemptionId: id,
      moves: movesOf(parts, { class: 'vouchers', ...own }, { class: 'held', ...own }),
    });
    await this.vouchers.adjust(manager, voucher.voucherId, -subsidy, subsidy);
    await this.audit.record(manager, actor, {
      entityType: 'redemption',
      entityId: id,
      action: 'redeem',
      toState: 'pending',
      scope: { regionCode: voucher.issuerRegionCode, providerId: actor.providerId, enterpriseId: voucher.enterpriseId },
      data: { voucherId: voucher.voucherId, orderAmount: input.orderAmount.toString(), subsidy: subsidy.toString() },
    });
    return { id, ...redemption };
  }

  /** The voucher's enterprise confirms the service was delivered: the held parts become payable to the provider. */
  async confirm(manager: EntityManager, actor: Actor, id: string): Promise<Redemption> {
    if (actor.role !== 'enterprise') throw DomainError.forbidden('only the voucher holder confirms a redemption');
    const found = await this.findInScope(actor, id);
    const voucher = (await this.vouchers.lockById(manager, found.voucherId))!;
    const redemption = (await this.redemptions.findById(manager, id, true))!;
    if (redemption.status !== 'pending') throw DomainError.invalidState(`the redemption is ${redemption.status}`);
    const now = this.clock.now();
    // At the use deadline pending holds lapse (the expiry job cancels them): nothing left to confirm.
    if (voucher.validUntil < now) throw DomainError.invalidState('the voucher expired; its pending redemptions lapse');
    await this.ledger.post(manager, {
      kind: 'confirm',
      at: now,
      voucherId: redemption.voucherId,
      redemptionId: id,
      moves: movesOf(redemption.parts, { class: 'held', voucherId: redemption.voucherId }, { class: 'payable', providerId: redemption.providerId }),
    });
    await this.vouchers.adjust(manager, redemption.voucherId, 0n, -redemption.subsidy);
    await this.redemptions.markConfirmed(manager, id, now);
    await this.recordTransition(manager, actor, redemption, 'confirm', 'confirmed');
    return { ...redemption, status: 'confirmed' as const, confirmedAt: now };
  }

  /** Its provider or its enterprise cancels a pending redemption: the hold goes back to the voucher. */
  async cancel(manager: EntityManager, actor: Actor, id: string): Promise<Redemption> {
    if (actor.role !== 'enterprise' && actor.role !== 'provider') throw DomainError.forbidden('only the provider or the voucher holder cancels');
    const found = await this.findInScope(actor, id);
    await this.vouchers.lockById(manager, found.voucherId);
    const now = this.clock.now();
    const released = await this.holds.release(manager, found.voucherId, now, id);
    if (released.length === 0) {
      const current = (await this.redemptions.findById(manager, id))!;
      throw DomainError.invalidState(`the redemption is ${current.status}`);
    }
    await this.recordTransition(manager, actor, found, 'cancel', 'cancelled');
    return { ...found, status: 'cancelled' as const, cancelledAt: now };
  }

  async get(actor: Actor, id: string): Promise<Redemption> {
    return this.findInScope(actor, id);
  }

  async list(actor: Actor, filter: { status?: RedemptionStatus; voucherCode?: string; claimable?: boolean; limit: number; offset: number }): Promise<Redemption[]> {
    const code = filter.voucherCode === undefined ? undefined : parseCode(filter.voucherCode);
    if (filter.voucherCode !== undefined && !code) return [];
    return this.redemptions.list(this.dataSource.manager, this.scopeOf(actor), { ...filter, voucherCode: code });
  }

  private async findInScope(actor: Actor, id: string): Promise<Redemption> {
    const scope = this.scopeOf(actor);
    const redemption = await this.redemptions.findById(this.dataSource.manager, id);
    const visible =
      redemption &&
      (scope.providerId === undefined || redemption.providerId === scope.providerId) &&
      (scope.enterpriseId === undefined || redemption.enterpriseId === scope.enterpriseId) &&
      (scope.issuerRegionCode === undefined || (await this.programs.issuerRegionOf(this.dataSource.manager, redemption.programId)) === scope.issuerRegionCode) &&
      (scope.fundRegionCode === undefined || (await this.fundedBy(redemption, scope.fundRegionCode)));
    if (!visible) throw DomainError.notFound('redemption');
    return redemption;
  }

  private scopeOf(actor: Actor): RedemptionScope {
    switch (actor.role) {
      case 'provider':
        return { providerId: actor.providerId };
      case 'enterprise':
        return { enterpriseId: actor.enterpriseId };
      case 'county_officer':
        return { issuerRegionCode: actor.regionCode };
      case 'finance':
        return { fundRegionCode: actor.regionCode };
      default:
        return {};
    }
  }

  private async fundedBy(redemption: Redemption, regionCode: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM funds WHERE id = ANY($1::uuid[]) AND region_code = $2`, [
      redemption.parts.map((p) => p.fundId),
      regionCode,
    ]);
    return rows.length > 0;
  }

  private async recordTransition(manager: EntityManager, actor: Actor, r: Redemption, action: string, to: RedemptionStatus): Promise<void> {
    await this.audit.record(manager, actor, {
      entityType: 'redemption',
      entityId: r.id,
      action,
      fromState: 'pending',
      toState: to,
      scope: { regionCode: await this.programs.issuerRegionOf(manager, r.programId), providerId: r.providerId, enterpriseId: r.enterpriseId },
    });
  }
}

/** The refusals of docs/domain.md "Lifecycle" 3 (Redemption) that concern the category, accreditation and related parties. */
function assertEligible(voucher: RedemptionContext, provider: ProviderContext, input: NewRedemption, now: Date): void {
  if (!voucher.programCategories.includes(input.category) || !provider.categories.includes(input.category)) {
    throw new DomainError(ErrorCode.CATEGORY_NOT_ELIGIBLE, `${input.category} is not covered by the program or not offered by the provider`);
  }
  if (input.category === 'TESTING') {
    const today = shanghaiDate(now);
    const accredited = provider.accreditations.some((a) => (a.type === 'CMA' || a.type === 'CNAS') && a.validUntil >= today);
    if (!accredited) throw new DomainError(ErrorCode.CATEGORY_NOT_ELIGIBLE, 'testing needs an unexpired CMA or CNAS accreditation');
  }
  const sameController = voucher.enterpriseController !== null && voucher.enterpriseController === provider.controllerKey;
  if (voucher.enterpriseUscc === provider.uscc || sameController) {
    throw new DomainError(ErrorCode.RELATED_PARTY, 'the enterprise and the provider are related parties');
  }
}
