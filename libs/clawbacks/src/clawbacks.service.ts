import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, mayAccess, requireAccess, requireRole, scopeOf, type Target } from '@ivl/core';
import { DocumentsService, type DocumentView } from '@ivl/documents';
import { LedgerService } from '@ivl/ledger';
import { NotificationsService } from '@ivl/notifications';
import { ClawbackRepository } from './clawback.repository.js';
import type { Clawback, ClawbackFilter, NewClawback } from './clawback.types.js';

/**
 * Clawback (追回, docs/domain.md "Clawback"): an upheld audit finding makes the subsidy of a paid
 * redemption recoverable from its provider, per funding fund (`paid` → `recoverable`, booked now: a
 * closed month never changes); the finance bureau of each funding region records the provider's
 * repayment of its fund's part with the bank reference (`recoverable` → `available`). While any of
 * its money is recoverable the provider cannot claim (ClaimsService asks the ledger).
 */
@Injectable()
export class ClawbacksService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clawbacks: ClawbackRepository,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** A clawback's evidence is read by those who read the clawback. */
  onModuleInit(): void {
    this.documents.registerReader('clawback', async (actor, id) => {
      const clawback = await this.clawbacks.findById(this.dataSource.manager, id);
      return clawback !== undefined && mayAccess(actor, 'clawback.read', targetOf(clawback));
    });
  }

  /** Claws back a paid redemption, in the caller's transaction: 404 unknown, 409 not paid or clawed back already. */
  async create(
    manager: EntityManager,
    actor: Actor,
    redemptionId: string,
    input: NewClawback,
  ): Promise<Clawback & { documents: DocumentView[] }> {
    requireRole(actor, 'clawback.create');
    await this.clawbacks.lockRedemption(manager, redemptionId);
    const check = await this.clawbacks.paidCheck(manager, redemptionId);
    if (!check) throw DomainError.notFound('redemption');
    requireAccess(
      actor,
      'clawback.create',
      { regionCode: check.parts.map((p) => p.regionCode), providerId: check.providerId },
      'redemption',
    );
    if (await this.clawbacks.existsForRedemption(manager, redemptionId)) {
      throw DomainError.invalidState('the redemption has been clawed back already');
    }
    if (check.parts.length === 0 || check.parts.some((p) => !p.paid)) {
      throw DomainError.invalidState('only a redemption whose settlement line has been paid can be clawed back');
    }
    // A claim of the provider in flight finishes first; one that starts now sees the money recoverable.
    await this.ledger.lockProviderRecoverable(manager, check.providerId);
    const now = this.clock.now();
    const provider = { providerId: check.providerId };
    const txId = await this.ledger.post(manager, {
      kind: 'clawback',
      at: now,
      redemptionId,
      moves: check.parts.map((p) => ({
        fundId: p.fundId,
        amount: p.amount,
        from: { class: 'paid', ...provider },
        to: { class: 'recoverable', ...provider },
      })),
    });
    const amount = check.parts.reduce((sum, p) => sum + p.amount, 0n);
    const id = await this.clawbacks.insert(
      manager,
      { redemptionId, providerId: check.providerId, amount, reason: input.reason, txId, createdBy: actor.userId, createdAt: now },
      check.parts,
    );
    const documentIds = [...new Set(input.documentIds ?? [])];
    await this.documents.attach(manager, actor, documentIds, { type: 'clawback', id });
    await this.audit.record(manager, actor, {
      entityType: 'clawback',
      entityId: id,
      action: 'claw-back',
      toState: 'recoverable',
      reason: input.reason,
      scope: { regionCode: check.parts[0].regionCode, providerId: check.providerId },
      data: { redemptionId, amount: amount.toString(), funds: check.parts.map((p) => p.fundId), documentIds },
    });
    await this.notifications.notify(manager, {
      kind: 'clawback.created',
      clawbackId: id,
      providerId: check.providerId,
      amount,
      reason: input.reason,
    });
    return this.detail(manager, id);
  }

  /**
   * Records the provider's repayment of the parts of the caller's region, in the caller's
   * transaction: 404 when no part is its region's, 409 when they are recovered already.
   */
  async recover(manager: EntityManager, actor: Actor, id: string, input: { paymentReference: string }): Promise<Clawback> {
    requireRole(actor, 'clawback.recover');
    const clawback = await this.clawbacks.lockById(manager, id);
    if (!clawback) throw DomainError.notFound('clawback');
    requireAccess(actor, 'clawback.recover', { regionCode: clawback.parts.map((p) => p.regionCode) }, 'clawback');
    const mine = clawback.parts.filter((p) => mayAccess(actor, 'clawback.recover', { regionCode: p.regionCode }));
    const due = mine.filter((p) => p.status === 'recoverable');
    if (due.length === 0) throw DomainError.invalidState("the region's part has been recovered already");
    const now = this.clock.now();
    const txId = await this.ledger.post(manager, {
      kind: 'recover',
      at: now,
      redemptionId: clawback.redemptionId,
      reference: input.paymentReference,
      moves: due.map((p) => ({
        fundId: p.fundId,
        amount: p.amount,
        from: { class: 'recoverable', providerId: clawback.providerId },
        to: { class: 'available' },
      })),
    });
    const fundIds = due.map((p) => p.fundId);
    await this.clawbacks.markPartsRecovered(manager, id, fundIds, {
      paymentReference: input.paymentReference,
      by: actor.userId,
      at: now,
      txId,
    });
    const allRecovered = clawback.parts.every((p) => p.status === 'recovered' || fundIds.includes(p.fundId));
    if (allRecovered) await this.clawbacks.markRecovered(manager, id, now);
    await this.audit.record(manager, actor, {
      entityType: 'clawback',
      entityId: id,
      action: 'recover',
      fromState: 'recoverable',
      toState: allRecovered ? 'recovered' : 'recoverable',
      scope: { regionCode: due[0].regionCode, providerId: clawback.providerId },
      data: {
        paymentReference: input.paymentReference,
        amount: due.reduce((s, p) => s + p.amount, 0n).toString(),
        funds: fundIds,
      },
    });
    return this.detail(manager, id);
  }

  /** One clawback with its evidence, if `actor` may read it (else 404). */
  async get(actor: Actor, id: string): Promise<Clawback & { documents: DocumentView[] }> {
    requireRole(actor, 'clawback.read');
    const manager = this.dataSource.manager;
    const clawback = await this.clawbacks.findById(manager, id);
    if (!clawback) throw DomainError.notFound('clawback');
    requireAccess(actor, 'clawback.read', targetOf(clawback), 'clawback');
    return { ...clawback, documents: await this.documents.listFor(manager, { type: 'clawback', id }) };
  }

  async list(actor: Actor, filter: ClawbackFilter): Promise<{ items: Clawback[]; total: number }> {
    return this.clawbacks.listInScope(this.dataSource.manager, scopeOf(actor, 'clawback.read'), filter);
  }

  private async detail(manager: EntityManager, id: string): Promise<Clawback & { documents: DocumentView[] }> {
    const clawback = await this.clawbacks.findById(manager, id);
    if (!clawback) throw new Error(`clawback ${id} vanished in its own transaction`);
    return { ...clawback, documents: await this.documents.listFor(manager, { type: 'clawback', id }) };
  }
}

/** A clawback concerns its provider and the regions of its funds. */
function targetOf(c: Clawback): Target {
  return { providerId: c.providerId, regionCode: c.parts.map((p) => p.regionCode) };
}
