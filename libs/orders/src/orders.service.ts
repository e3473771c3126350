import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { CatalogService } from '@ivl/catalog';
import {
  type AccreditationType,
  type Actor,
  Clock,
  DomainError,
  ErrorCode,
  mayAccess,
  requireAccess,
  requireRole,
  scopeOf,
  shanghaiDate,
  type Target,
} from '@ivl/core';
import { type DocumentSubject, DocumentsService } from '@ivl/documents';
import { NotificationsService } from '@ivl/notifications';
import { type Provider, ProvidersService } from '@ivl/registry';
import { parseCode } from '@ivl/rules';
import { OrderRepository, type VoucherForOrder } from './order.repository.js';
import type { NewOrder, Order, OrderDetail, OrderFilter, OrderRedemption, OrderStatus } from './order.types.js';

const NOT_USABLE = 'the voucher code is unknown, mistyped, expired, revoked, not yours or has no balance left';

/** The accreditations that qualify a provider for testing (as a redemption asks). */
const TESTING_ACCREDITATIONS: readonly AccreditationType[] = ['CMA', 'CNAS'];

/**
 * Orders (服务订单): an enterprise orders a published service product with one of its vouchers, the
 * provider accepts it with the agreed amount (optionally attaching the signed contract) or declines
 * it, the enterprise may cancel it while it waits. An accepted order is redeemed like a walk-in
 * redemption that names it (libs/redemptions asks this service, in its own transaction). Every
 * transition locks the order's row, so an acceptance and a cancellation fired together serialise and
 * exactly one of them finds the order still `requested`.
 */
@Injectable()
export class OrdersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogService,
    private readonly providers: ProvidersService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /** An order's documents (the contract) are read by whoever may read the order. */
  onModuleInit(): void {
    this.documents.registerReader('order', (actor, id) => this.mayRead(actor, id));
  }

  /**
   * The enterprise orders a service with one of its vouchers. The voucher must be usable now and its
   * program must cover the service's category, as a redemption would check; the final word on the
   * subsidy is the redemption's, when the service is delivered.
   */
  async create(manager: EntityManager, actor: Actor, input: NewOrder): Promise<OrderDetail> {
    const scope = scopeOf(actor, 'order.create');
    if (scope.kind !== 'enterprise') throw DomainError.forbidden();
    const service = await this.catalog.findPublished(manager, input.serviceId);
    const provider = service && (await this.providers.find(service.providerId));
    if (!service || provider?.status !== 'active') throw DomainError.notFound('service');
    const code = parseCode(input.voucherCode);
    const voucher = code ? await this.orders.voucherForOrder(manager, code) : undefined;
    const now = this.clock.now();
    // Another enterprise's voucher answers like an unknown one: codes cannot be probed.
    if (voucher?.enterpriseId !== scope.enterpriseId || voucher.status !== 'active' || voucher.validUntil < now || voucher.balance === 0n) {
      throw new DomainError(ErrorCode.VOUCHER_NOT_USABLE, NOT_USABLE);
    }
    assertEligible(voucher, provider, service.category, now);
    const id = await this.orders.insert(manager, {
      serviceId: service.id,
      providerId: service.providerId,
      enterpriseId: voucher.enterpriseId,
      voucherId: voucher.voucherId,
      programId: voucher.programId,
      category: service.category,
      description: input.description,
      orderedBy: actor.userId,
      createdAt: now,
    });
    const order = await this.load(manager, id);
    await this.record(manager, actor, order, 'request', null, 'requested', { serviceId: service.id });
    await this.notifications.notify(manager, {
      kind: 'order.requested',
      orderId: id,
      providerId: order.providerId,
      enterpriseName: order.enterpriseName,
      serviceName: order.serviceName,
    });
    return this.withDocuments(manager, order);
  }

  /**
   * Its provider accepts a requested order with the agreed amount: the whole bill in fen, the
   * `orderAmount` of the redemption to come (the voucher pays its share of it, up to its balance
   * then; the enterprise pays the rest), so it is not bounded by the voucher's balance.
   */
  async accept(
    manager: EntityManager,
    actor: Actor,
    id: string,
    input: { agreedAmount: bigint; contractDocumentId?: string },
  ): Promise<OrderDetail> {
    const order = await this.lockRequested(manager, actor, 'order.decide', id);
    const provider = await this.providers.find(order.providerId);
    if (provider?.status !== 'active') throw DomainError.invalidState(`the provider is ${provider?.status ?? 'unknown'}`);
    const contractDocumentId = input.contractDocumentId ?? null;
    if (contractDocumentId !== null) await this.documents.attach(manager, actor, [contractDocumentId], subjectOf(id));
    await this.orders.markAccepted(manager, id, {
      agreedAmount: input.agreedAmount,
      contractDocumentId,
      by: actor.userId,
      at: this.clock.now(),
    });
    await this.record(manager, actor, order, 'accept', 'requested', 'accepted', {
      agreedAmount: input.agreedAmount.toString(),
      contractDocumentId,
    });
    await this.notifications.notify(manager, {
      kind: 'order.accepted',
      orderId: id,
      enterpriseId: order.enterpriseId,
      providerName: order.providerName,
      serviceName: order.serviceName,
    });
    return this.withDocuments(manager, await this.load(manager, id));
  }

  /** Its provider declines a requested order, saying why. */
  async decline(manager: EntityManager, actor: Actor, id: string, reason: string): Promise<OrderDetail> {
    const order = await this.lockRequested(manager, actor, 'order.decide', id);
    await this.orders.markDeclined(manager, id, { reason, by: actor.userId, at: this.clock.now() });
    await this.record(manager, actor, order, 'decline', 'requested', 'declined', undefined, reason);
    await this.notifications.notify(manager, {
      kind: 'order.declined',
      orderId: id,
      enterpriseId: order.enterpriseId,
      providerName: order.providerName,
      serviceName: order.serviceName,
      reason,
    });
    return this.withDocuments(manager, await this.load(manager, id));
  }

  /** Its enterprise withdraws an order the provider has not answered yet. */
  async cancel(manager: EntityManager, actor: Actor, id: string): Promise<OrderDetail> {
    const order = await this.lockRequested(manager, actor, 'order.cancel', id);
    await this.orders.markCancelled(manager, id, this.clock.now());
    await this.record(manager, actor, order, 'cancel', 'requested', 'cancelled');
    return this.withDocuments(manager, await this.load(manager, id));
  }

  async get(actor: Actor, id: string): Promise<OrderDetail> {
    const manager = this.dataSource.manager;
    requireRole(actor, 'order.read');
    const order = await this.orders.findById(manager, id);
    if (!order) throw DomainError.notFound('order');
    requireAccess(actor, 'order.read', targetOf(order), 'order');
    return this.withDocuments(manager, order);
  }

  async list(actor: Actor, filter: OrderFilter): Promise<{ items: Order[]; total: number }> {
    return this.orders.listInScope(this.dataSource.manager, scopeOf(actor, 'order.read'), filter);
  }

  /** Whether `actor` may read the order (for the readers of its documents). */
  async mayRead(actor: Actor, id: string): Promise<boolean> {
    const order = await this.orders.findById(this.dataSource.manager, id);
    return order !== undefined && mayAccess(actor, 'order.read', targetOf(order));
  }

  /**
   * For a redemption naming the order, in the redemption's transaction (which holds the voucher's
   * lock): locks the order and checks it is this provider's, accepted, on the voucher redeemed, for
   * the agreed amount and the service's category. An unknown order or another provider's answers as
   * a bad field (400); one redeemed already is a conflict (409).
   */
  async lockForRedemption(manager: EntityManager, orderId: string, redemption: OrderRedemption): Promise<Order> {
    const order = await this.orders.lockById(manager, orderId);
    if (order?.providerId !== redemption.providerId) throw DomainError.validation('orderId', 'no order of yours has this id');
    if (order.status === 'redeemed') throw DomainError.invalidState('the order is redeemed already');
    if (order.status !== 'accepted') throw DomainError.validation('orderId', `the order is ${order.status}, not accepted`);
    if (order.voucherId !== redemption.voucherId) throw DomainError.validation('voucherCode', 'the order was placed with another voucher');
    if (order.agreedAmount !== redemption.orderAmount) {
      throw DomainError.validation('orderAmount', `the order's agreed amount is ${order.agreedAmount} fen`);
    }
    if (order.category !== redemption.category) throw DomainError.validation('category', `the order is for ${order.category}`);
    return order;
  }

  /** The order locked by lockForRedemption is redeemed by `redemptionId`. */
  async markRedeemed(manager: EntityManager, actor: Actor, order: Order, redemptionId: string): Promise<void> {
    await this.orders.markRedeemed(manager, order.id, redemptionId, this.clock.now());
    await this.record(manager, actor, order, 'redeem', 'accepted', 'redeemed', { redemptionId });
  }

  /**
   * Redemptions cancelled before confirmation (by either side, or because their voucher expired or
   * was revoked): the orders they redeemed are accepted again, to be redeemed anew or left.
   */
  async reopenRedeemedBy(manager: EntityManager, redemptionIds: readonly string[]): Promise<void> {
    if (redemptionIds.length === 0) return;
    for (const reopened of await this.orders.reopenRedeemedBy(manager, redemptionIds)) {
      const order = await this.load(manager, reopened.id);
      await this.record(manager, null, order, 'reopen', 'redeemed', 'accepted', { redemptionId: reopened.redemptionId });
    }
  }

  private async lockRequested(manager: EntityManager, actor: Actor, action: 'order.decide' | 'order.cancel', id: string): Promise<Order> {
    requireRole(actor, action);
    const order = await this.orders.lockById(manager, id);
    if (!order) throw DomainError.notFound('order');
    requireAccess(actor, action, targetOf(order), 'order');
    if (order.status !== 'requested') throw DomainError.invalidState(`the order is ${order.status}`);
    return order;
  }

  private async load(manager: EntityManager, id: string): Promise<Order> {
    const order = await this.orders.findById(manager, id);
    if (!order) throw new Error(`order ${id} vanished`);
    return order;
  }

  private async withDocuments(manager: EntityManager, order: Order): Promise<OrderDetail> {
    return { ...order, documents: await this.documents.listFor(manager, subjectOf(order.id)) };
  }

  private async record(
    manager: EntityManager,
    actor: Actor | null,
    order: Order,
    action: string,
    fromState: OrderStatus | null,
    toState: OrderStatus,
    data?: Record<string, unknown>,
    reason?: string,
  ): Promise<void> {
    await this.audit.record(manager, actor, {
      entityType: 'order',
      entityId: order.id,
      action,
      fromState,
      toState,
      reason,
      scope: { regionCode: order.issuerRegionCode, providerId: order.providerId, enterpriseId: order.enterpriseId },
      data,
    });
  }
}

function subjectOf(id: string): DocumentSubject {
  return { type: 'order', id };
}

function targetOf(order: Order): Target {
  return { providerId: order.providerId, enterpriseId: order.enterpriseId, regionCode: order.issuerRegionCode };
}

/** The refusals a redemption would make on the category, accreditation and related parties (docs/domain.md "Lifecycle" 3). */
function assertEligible(voucher: VoucherForOrder, provider: Provider, category: Order['category'], now: Date): void {
  if (!voucher.programCategories.includes(category) || !provider.categories.includes(category)) {
    throw new DomainError(
      ErrorCode.CATEGORY_NOT_ELIGIBLE,
      `${category} is not covered by the voucher's program or not offered by the provider`,
    );
  }
  if (category === 'TESTING') {
    const today = shanghaiDate(now);
    const accredited = provider.accreditations.some((a) => TESTING_ACCREDITATIONS.includes(a.type) && a.validUntil >= today);
    if (!accredited) throw new DomainError(ErrorCode.CATEGORY_NOT_ELIGIBLE, 'testing needs an unexpired CMA or CNAS accreditation');
  }
  const sameController = voucher.enterpriseController !== null && voucher.enterpriseController === provider.controllerKey;
  if (voucher.enterpriseUscc === provider.uscc || sameController) {
    throw new DomainError(ErrorCode.RELATED_PARTY, 'the enterprise and the provider are related parties');
  }
}
