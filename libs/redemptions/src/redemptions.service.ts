import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { ProgramsService } from '@ivl/funding';
import { type AccreditationType, type Actor, Clock, DomainError, ErrorCode, type Scope, scopeOf, shanghaiDate } from '@ivl/core';
import { LedgerService, movesOf } from '@ivl/ledger';
import { OrdersService } from '@ivl/orders';
import { NotificationsService } from '@ivl/notifications';
import { parseCode, VoucherBalances } from '@ivl/vouchers';
import { RatingRepository } from './rating.repository.js';
import { RedemptionHolds } from './redemption-holds.js';
import {
  type ClaimableRedemption,
  type ProviderContext,
  type RedemptionContext,
  type RedeemHoldAnswer,
  type RedemptionFilter,
  RedemptionRepository,
} from './redemption.repository.js';
import type { NewRedemption, Rating, Redemption, RedemptionStatus } from './redemption.types.js';

const NOT_USABLE = 'the voucher code is unknown, mistyped, expired, revoked or has no balance left';

/** The accreditations that qualify a provider for testing. */
const TESTING_ACCREDITATIONS: readonly AccreditationType[] = ['CMA', 'CNAS'];

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
    private readonly balances: VoucherBalances,
    private readonly holds: RedemptionHolds,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly programs: ProgramsService,
    private readonly orders: OrdersService,
    private readonly ratings: RatingRepository,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** Holds the subsidy of a service order on a voucher; runs in the caller's transaction (with its idempotency key). */
  async redeem(manager: EntityManager, actor: Actor, input: NewRedemption): Promise<Redemption> {
    const scope = scopeOf(actor, 'redemption.create');
    if (scope.kind !== 'provider') throw DomainError.forbidden();
    const { providerId } = scope;
    const code = parseCode(input.voucherCode);
    if (!code) throw new DomainError(ErrorCode.VOUCHER_NOT_USABLE, NOT_USABLE);
    const now = this.clock.now();
    const { voucher, provider } = await this.redemptions.lockContext(manager, code, providerId);
    if (!provider) throw new Error(`the acting provider ${providerId} does not exist`);
    if (provider.status !== 'active') throw DomainError.invalidState(`the provider is ${provider.status}`);
    if (voucher?.status !== 'active' || voucher.validUntil < now || voucher.balance === 0n) {
      throw new DomainError(ErrorCode.VOUCHER_NOT_USABLE, NOT_USABLE);
    }
    assertEligible(voucher, provider, input, now);
    // Only a redemption naming an order reads (and locks) it: the walk-in path asks nothing more.
    const order =
      input.orderId === undefined
        ? undefined
        : await this.orders.lockForRedemption(manager, input.orderId, {
            providerId,
            voucherId: voucher.voucherId,
            category: input.category,
            orderAmount: input.orderAmount,
          });

    // The rule as redeem_hold decides it (its one home is SQL; libs/rules only previews it). Drawn
    // from each part in proportion to what is left of it, so all parts reach zero together.
    const { subsidy, amounts } = await this.redemptions.decideRule(manager, voucher, provider.regionCode, input.orderAmount);
    if (subsidy === 0n) throw DomainError.validation('orderAmount', 'the program covers nothing of this amount');
    const parts = voucher.parts.map((p, i) => ({ fundId: p.fundId, amount: amounts[i] }));

    const redemption = {
      voucherId: voucher.voucherId,
      voucherCode: code,
      programId: voucher.programId,
      providerId,
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
      rating: null,
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
    await this.balances.adjust(manager, voucher.voucherId, -subsidy, subsidy);
    await this.audit.record(manager, actor, {
      entityType: 'redemption',
      entityId: id,
      action: 'redeem',
      toState: 'pending',
      scope: { regionCode: voucher.issuerRegionCode, providerId, enterpriseId: voucher.enterpriseId },
      data: {
        voucherId: voucher.voucherId,
        orderAmount: input.orderAmount.toString(),
        subsidy: subsidy.toString(),
        ...(order ? { orderId: order.id } : {}),
      },
    });
    if (order) await this.orders.markRedeemed(manager, actor, order, id);
    await this.notifications.notify(manager, {
      kind: 'redemption.awaiting-confirmation',
      redemptionId: id,
      enterpriseId: voucher.enterpriseId,
      providerName: provider.name,
      orderAmount: input.orderAmount,
      subsidy,
    });
    return { id, ...redemption };
  }

  /**
   * A walk-in redemption (no orderId) in one round trip: redeem_hold (migration 1765000000040) does
   * the lock, the checks, the rule, the draw-down and every write, and stores the 2xx answer under
   * `key` (whose body `bodyOf` shapes, the function filling in what the database decides). A refusal
   * is thrown as the same DomainError `redeem` throws; a key taken first raises SQLSTATE IV409.
   */
  async redeemInOneCall(
    manager: EntityManager,
    actor: Actor,
    input: NewRedemption,
    key: { userId: string; key: string; requestHash: string },
    bodyOf: (r: Redemption) => object,
  ): Promise<Redemption> {
    const scope = scopeOf(actor, 'redemption.create');
    if (scope.kind !== 'provider') throw DomainError.forbidden();
    if (input.orderId !== undefined) throw new Error('a redemption of an order runs in a transaction (redeem)');
    const { providerId } = scope;
    const code = parseCode(input.voucherCode);
    if (!code) throw new DomainError(ErrorCode.VOUCHER_NOT_USABLE, NOT_USABLE);
    const now = this.clock.now();
    const head: Redemption = {
      id: randomUUID(),
      voucherId: '',
      voucherCode: code,
      programId: '',
      providerId,
      enterpriseId: '',
      category: input.category,
      orderAmount: input.orderAmount,
      subsidy: 0n,
      description: input.description,
      status: 'pending',
      parts: [],
      createdAt: now,
      confirmedAt: null,
      cancelledAt: null,
      claimId: null,
      rating: null,
    };
    const answer = await this.redemptions.redeemHold(manager, {
      ...key,
      actorRole: actor.role,
      providerId,
      id: head.id,
      code,
      category: input.category,
      orderAmount: input.orderAmount,
      description: input.description,
      now,
      today: shanghaiDate(now),
      body: bodyOf(head),
      outboxJob: this.notifications.deliveryJob,
    });
    if (answer.refusal !== undefined) throw refusalOf(answer, input);
    return {
      ...head,
      enterpriseId: answer.enterpriseId,
      programId: answer.programId,
      subsidy: BigInt(answer.subsidy),
      parts: answer.parts.map((p) => ({ fundId: p.fundId, amount: BigInt(p.amount) })),
    };
  }

  /** The voucher's enterprise confirms the service was delivered: the held parts become payable to the provider. */
  async confirm(manager: EntityManager, actor: Actor, id: string): Promise<Redemption> {
    const found = await this.findInScope(manager, scopeOf(actor, 'redemption.confirm'), id);
    const voucher = await this.balances.lockById(manager, found.voucherId);
    if (!voucher) throw new Error(`voucher ${found.voucherId} of redemption ${id} does not exist`);
    const redemption = await this.redemptions.lockForConfirmation(manager, id);
    if (!redemption) throw new Error(`redemption ${id} vanished while confirmed`);
    if (redemption.status !== 'pending') throw DomainError.invalidState(`the redemption is ${redemption.status}`);
    const now = this.clock.now();
    // At the use deadline pending holds lapse (the expiry job cancels them): nothing left to confirm.
    if (voucher.validUntil < now) throw DomainError.invalidState('the voucher expired; its pending redemptions lapse');
    await this.ledger.post(manager, {
      kind: 'confirm',
      at: now,
      voucherId: redemption.voucherId,
      redemptionId: id,
      moves: movesOf(
        redemption.parts,
        { class: 'held', voucherId: redemption.voucherId },
        { class: 'payable', providerId: redemption.providerId },
      ),
    });
    await this.balances.adjust(manager, redemption.voucherId, 0n, -redemption.subsidy);
    await this.redemptions.markConfirmed(manager, id, now);
    await this.recordTransition(manager, actor, redemption, 'confirm', 'confirmed');
    return { ...redemption, status: 'confirmed' as const, confirmedAt: now };
  }

  /** Its provider or its enterprise cancels a pending redemption: the hold goes back to the voucher. */
  async cancel(manager: EntityManager, actor: Actor, id: string): Promise<Redemption> {
    const found = await this.findInScope(manager, scopeOf(actor, 'redemption.cancel'), id);
    await this.balances.lockById(manager, found.voucherId);
    const now = this.clock.now();
    const released = await this.holds.release(manager, found.voucherId, now, id);
    if (released.length === 0) {
      const current = await this.redemptions.findById(manager, id);
      if (!current) throw new Error(`redemption ${id} vanished while cancelled`);
      throw DomainError.invalidState(`the redemption is ${current.status}`);
    }
    await this.recordTransition(manager, actor, found, 'cancel', 'cancelled');
    return { ...found, status: 'cancelled' as const, cancelledAt: now };
  }

  /**
   * Its enterprise rates a confirmed redemption, once: 1–5 stars and an optional comment. Before
   * confirmation 409 INVALID_STATE; a second rating (also one racing the first) 409 DUPLICATE.
   */
  async rate(manager: EntityManager, actor: Actor, id: string, input: { stars: number; comment?: string }): Promise<Redemption> {
    const redemption = await this.findInScope(manager, scopeOf(actor, 'redemption.rate'), id);
    if (redemption.status !== 'confirmed') throw DomainError.invalidState(`the redemption is ${redemption.status}; rate it once confirmed`);
    const at = this.clock.now();
    const rating: Rating = { stars: input.stars, comment: input.comment ?? null, createdAt: at };
    const added = await this.ratings.insertOnce(manager, {
      redemptionId: id,
      providerId: redemption.providerId,
      enterpriseId: redemption.enterpriseId,
      stars: rating.stars,
      comment: rating.comment,
      ratedBy: actor.userId,
      at,
    });
    if (!added) throw DomainError.duplicate('the redemption is rated already');
    await this.audit.record(manager, actor, {
      entityType: 'redemption',
      entityId: id,
      action: 'rate',
      scope: {
        regionCode: await this.programs.issuerRegionOf(manager, redemption.programId),
        providerId: redemption.providerId,
        enterpriseId: redemption.enterpriseId,
      },
      data: { stars: rating.stars },
    });
    return { ...redemption, rating };
  }

  async get(actor: Actor, id: string): Promise<Redemption> {
    return this.findInScope(this.dataSource.manager, scopeOf(actor, 'redemption.read'), id);
  }

  async list(actor: Actor, filter: RedemptionFilter): Promise<Redemption[]> {
    const scope = scopeOf(actor, 'redemption.read');
    const code = filter.voucherCode === undefined ? undefined : parseCode(filter.voucherCode);
    if (filter.voucherCode !== undefined && !code) return [];
    return this.redemptions.listInScope(this.dataSource.manager, scope, { ...filter, voucherCode: code });
  }

  /** Locks a provider's redemptions for its claim, in id order; those of another provider are left out. */
  async lockForClaim(manager: EntityManager, providerId: string, ids: string[]): Promise<ClaimableRedemption[]> {
    return (await this.redemptions.lockForClaim(manager, ids)).filter((r) => r.providerId === providerId);
  }

  /** Marks the redemptions as claimed by `claimId` (they are locked by lockForClaim). */
  async attachToClaim(manager: EntityManager, ids: string[], claimId: string): Promise<void> {
    await this.redemptions.attachToClaim(manager, ids, claimId);
  }

  /** The redemptions of a rejected claim become claimable again. */
  async detachFromClaim(manager: EntityManager, claimId: string): Promise<void> {
    await this.redemptions.detachFromClaim(manager, claimId);
  }

  /** What the redemptions hold per fund (positive sums only): what a claim of them owes per fund. */
  async sumPartsByFund(manager: EntityManager, ids: string[]): Promise<Array<{ fundId: string; amount: bigint }>> {
    return this.redemptions.sumPartsByFund(manager, ids);
  }

  private async findInScope(manager: EntityManager, scope: Scope, id: string): Promise<Redemption> {
    const redemption = await this.redemptions.findInScope(manager, scope, id);
    if (!redemption) throw DomainError.notFound('redemption');
    return redemption;
  }

  private async recordTransition(manager: EntityManager, actor: Actor, r: Redemption, action: string, to: RedemptionStatus): Promise<void> {
    await this.audit.record(manager, actor, {
      entityType: 'redemption',
      entityId: r.id,
      action,
      fromState: 'pending',
      toState: to,
      scope: {
        regionCode: await this.programs.issuerRegionOf(manager, r.programId),
        providerId: r.providerId,
        enterpriseId: r.enterpriseId,
      },
    });
  }
}

/** redeem_hold's refusal as the DomainError `redeem` throws for it (the same problem+json). */
function refusalOf(answer: Exclude<RedeemHoldAnswer, { refusal?: undefined }>, input: NewRedemption): DomainError {
  switch (answer.refusal) {
    case 'provider-status':
      return DomainError.invalidState(`the provider is ${answer.status}`);
    case 'not-usable':
      return new DomainError(ErrorCode.VOUCHER_NOT_USABLE, NOT_USABLE);
    case 'category':
      return new DomainError(
        ErrorCode.CATEGORY_NOT_ELIGIBLE,
        `${input.category} is not covered by the program or not offered by the provider`,
      );
    case 'accreditation':
      return new DomainError(ErrorCode.CATEGORY_NOT_ELIGIBLE, 'testing needs an unexpired CMA or CNAS accreditation');
    case 'related-party':
      return new DomainError(ErrorCode.RELATED_PARTY, 'the enterprise and the provider are related parties');
    case 'nothing-covered':
      return DomainError.validation('orderAmount', 'the program covers nothing of this amount');
  }
}

/** The refusals of docs/domain.md "Lifecycle" 3 (Redemption) that concern the category, accreditation and related parties. */
function assertEligible(voucher: RedemptionContext, provider: ProviderContext, input: NewRedemption, now: Date): void {
  if (!voucher.programCategories.includes(input.category) || !provider.categories.includes(input.category)) {
    throw new DomainError(
      ErrorCode.CATEGORY_NOT_ELIGIBLE,
      `${input.category} is not covered by the program or not offered by the provider`,
    );
  }
  if (input.category === 'TESTING') {
    const today = shanghaiDate(now);
    const accredited = provider.accreditations.some((a) => TESTING_ACCREDITATIONS.includes(a.type) && a.validUntil >= today);
    if (!accredited) throw new DomainError(ErrorCode.CATEGORY_NOT_ELIGIBLE, 'testing needs an unexpired CMA or CNAS accreditation');
  }
  const sameController = voucher.enterpriseController !== null && voucher.enterpriseController === provider.controllerKey;
  if (voucher.enterpriseUscc === provider.uscc || sameController) {
    throw new DomainError(ErrorCode.RELATED_PARTY, 'the enterprise and the provider are related parties');
  }
}
