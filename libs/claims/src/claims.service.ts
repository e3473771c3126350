import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import {
  type Actor,
  Clock,
  DomainError,
  endOfShanghaiDayAfter,
  ErrorCode,
  mayAccess,
  mayTake,
  readPeriod,
  requireAccess,
  requireRole,
  scopeOf,
  shanghaiDate,
} from '@ivl/core';
import { DocumentsService } from '@ivl/documents';
import { FundsService, ProgramsService } from '@ivl/funding';
import { LedgerService } from '@ivl/ledger';
import { NotificationsService } from '@ivl/notifications';
import { RedemptionsService } from '@ivl/redemptions';
import { ProvidersService } from '@ivl/registry';
import { type ClaimFilter, ClaimRepository, type ReviewedClaim } from './claim.repository.js';
import type { Claim, ClaimDetail, NewClaim } from './claim.types.js';

/**
 * Claims (兑付申请): a provider claims confirmed redemptions of one program with the invoice it
 * issued to the funders; the issuing region's officer approves (the claim's parts per fund become
 * due for settlement) or rejects (its redemptions become claimable again). A claim carries its
 * evidence: at least the invoice file, attached in the same transaction.
 */
@Injectable()
export class ClaimsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly claims: ClaimRepository,
    private readonly redemptions: RedemptionsService,
    private readonly providers: ProvidersService,
    private readonly funds: FundsService,
    private readonly audit: AuditService,
    private readonly programs: ProgramsService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly ledger: LedgerService,
  ) {}

  /**
   * A claim's documents are read by those who read the claim (its provider, the officers of the
   * issuing region, auditors…) and by the finance bureaus of the regions whose funds pay it.
   */
  onModuleInit(): void {
    this.documents.registerReader('claim', (actor, id) => this.mayReadDocuments(actor, id));
  }

  /** Runs in the caller's transaction, with its idempotency key; answers the claim with its documents. */
  async submit(manager: EntityManager, actor: Actor, input: NewClaim): Promise<ClaimDetail> {
    const scope = scopeOf(actor, 'claim.submit');
    if (scope.kind !== 'provider') throw DomainError.forbidden();
    const { providerId } = scope;
    const ids = [...new Set(input.redemptionIds)].sort();
    if (ids.length !== input.redemptionIds.length) throw DomainError.validation('redemptionIds', 'a redemption may appear only once');
    if (input.documentIds.length === 0) throw DomainError.validation('documentIds', 'a claim needs at least its invoice file');
    const today = shanghaiDate(this.clock.now());
    if (input.invoice.date > today) throw DomainError.validation('invoice.date', `must not be later than today, ${today}`);
    const provider = await this.providers.get(providerId);
    if (provider.status !== 'active') throw DomainError.invalidState(`the provider is ${provider.status}`);
    const recoverable = await this.ledger.providerRecoverable(manager, providerId);
    if (recoverable > 0n) {
      throw DomainError.invalidState(`${recoverable} fen clawed back from the provider are recoverable: it may claim again once repaid`);
    }

    const mine = await this.redemptions.lockForClaim(manager, providerId, ids);
    if (mine.length !== ids.length) throw DomainError.notFound('redemption');
    const programIds = new Set(mine.map((r) => r.programId));
    if (programIds.size > 1) throw DomainError.validation('redemptionIds', 'a claim covers redemptions of one program');
    for (const r of mine) {
      if (r.status !== 'confirmed') throw DomainError.invalidState(`redemption ${r.id} is ${r.status}, not confirmed`);
      if (r.claimId !== null) throw DomainError.invalidState(`redemption ${r.id} is in claim ${r.claimId} already`);
    }
    const now = this.clock.now();
    const late = mine.find((r) => endOfShanghaiDayAfter(confirmedAtOf(r), r.claimWindowDays) < now);
    if (late)
      throw new DomainError(
        ErrorCode.CLAIM_WINDOW_CLOSED,
        `redemption ${late.id} was confirmed more than ${late.claimWindowDays} days ago`,
      );
    const total = mine.reduce((sum, r) => sum + r.subsidy, 0n);
    if (input.invoice.amount !== total) {
      throw DomainError.validation('invoice.amount', `must equal the sum of the subsidies, ${total} fen`);
    }

    const programId = mine[0].programId;
    const id = await this.claims.insertSubmitted(manager, {
      providerId,
      programId,
      amount: total,
      invoice: input.invoice,
      redemptionIds: ids,
      createdAt: now,
    });
    if (!id) throw DomainError.duplicate(`invoice ${input.invoice.number} was used in another claim`);
    await this.redemptions.attachToClaim(manager, ids, id);
    await this.documents.attach(manager, actor, input.documentIds, { type: 'claim', id });
    const issuer = await this.programs.issuerRegionOf(manager, programId);
    if (!issuer) throw new Error(`program ${programId} of the claim does not exist`);
    await this.audit.record(manager, actor, {
      entityType: 'claim',
      entityId: id,
      action: 'submit',
      toState: 'submitted',
      scope: { regionCode: issuer, providerId },
      data: {
        amount: total.toString(),
        invoice: input.invoice.number,
        redemptions: ids.length,
        documentIds: [...new Set(input.documentIds)],
      },
    });
    return { ...(await this.reread(manager, id)), documents: await this.documents.listFor(manager, { type: 'claim', id }), payments: [] };
  }

  /** Approves a submitted claim: its parts per fund become due for settlement. Runs in the caller's transaction. */
  async approve(manager: EntityManager, actor: Actor, input: { id: string }): Promise<Claim> {
    return this.decide(manager, actor, input.id, true, null);
  }

  /** Rejects a submitted claim: its redemptions become claimable again. Runs in the caller's transaction. */
  async reject(manager: EntityManager, actor: Actor, input: { id: string; reason: string }): Promise<Claim> {
    return this.decide(manager, actor, input.id, false, input.reason);
  }

  /** One claim with its documents, if `actor` may read it (else 404). */
  async get(actor: Actor, id: string): Promise<ClaimDetail> {
    const manager = this.dataSource.manager;
    const claim = await this.claims.findById(manager, id);
    if (!claim) throw DomainError.notFound('claim');
    requireAccess(actor, 'claim.read', targetOf(claim), 'claim');
    return {
      ...claim,
      documents: await this.documents.listFor(manager, { type: 'claim', id }),
      payments: await this.claims.paymentsOf(manager, id),
    };
  }

  /**
   * Whether `actor` may read the documents of claim `id`: whoever reads the claim, and the finance
   * bureau of a region whose funds owe it (once approved): the paying region sees the invoice it pays.
   */
  private async mayReadDocuments(actor: Actor, id: string): Promise<boolean> {
    if (!mayTake(actor, 'claim.read')) return false;
    const manager = this.dataSource.manager;
    const claim = await this.claims.findById(manager, id);
    if (!claim) return false;
    if (mayAccess(actor, 'claim.read', targetOf(claim))) return true;
    // The bureau that pays it: who decides (approves, pays) the settlement batches of a region whose funds owe it.
    if (!mayTake(actor, 'batch.decide')) return false;
    const payingRegions = await this.claims.payingRegionsOf(manager, id);
    return payingRegions.length > 0 && mayAccess(actor, 'batch.decide', { regionCode: payingRegions });
  }

  async list(actor: Actor, filter: ClaimFilter): Promise<{ items: Claim[]; total: number }> {
    const scope = scopeOf(actor, 'claim.read');
    if (filter.period !== undefined) readPeriod(filter.period, this.clock.now());
    return this.claims.listInScope(this.dataSource.manager, scope, filter);
  }

  private async decide(manager: EntityManager, actor: Actor, id: string, approved: boolean, reason: string | null): Promise<Claim> {
    requireRole(actor, 'claim.review');
    const claim = await this.claims.lockForReview(manager, id);
    if (!claim) throw DomainError.notFound('claim');
    requireAccess(actor, 'claim.review', targetOf(claim), 'claim');
    if (claim.status !== 'submitted') throw DomainError.invalidState(`the claim is ${claim.status} already`);
    const now = this.clock.now();
    await this.claims.recordDecision(manager, id, { status: approved ? 'approved' : 'rejected', reason, at: now, by: actor.userId });
    if (approved) {
      const owed = await this.redemptions.sumPartsByFund(manager, claim.redemptionIds);
      const regions = new Map(
        (
          await this.funds.findByIds(
            manager,
            owed.map((p) => p.fundId),
          )
        ).map((f) => [f.id, f.regionCode]),
      );
      const parts = owed.map((p) => {
        const fundRegionCode = regions.get(p.fundId);
        if (!fundRegionCode) throw new Error(`fund ${p.fundId} of claim ${id} does not exist`);
        return { ...p, fundRegionCode };
      });
      await this.claims.insertParts(manager, id, claim.providerId, parts, now);
    } else {
      await this.redemptions.detachFromClaim(manager, id);
    }
    await this.audit.record(manager, actor, {
      entityType: 'claim',
      entityId: id,
      action: approved ? 'approve' : 'reject',
      fromState: 'submitted',
      toState: approved ? 'approved' : 'rejected',
      reason,
      scope: { regionCode: claim.issuerRegionCode, providerId: claim.providerId },
    });
    const concerned = { claimId: id, providerId: claim.providerId, amount: claim.amount, invoiceNumber: claim.invoice.number };
    await this.notifications.notify(
      manager,
      approved ? { kind: 'claim.approved', ...concerned } : { kind: 'claim.rejected', ...concerned, reason: reason ?? '' },
    );
    return this.reread(manager, id);
  }

  /** The claim just written, as it now reads. */
  private async reread(manager: EntityManager, id: string): Promise<Claim> {
    const claim = await this.claims.findById(manager, id);
    if (!claim) throw new Error(`claim ${id} vanished after it was written`);
    return claim;
  }
}

/** When a confirmed redemption was confirmed (confirming it set the time). */
function confirmedAtOf(r: { id: string; confirmedAt: Date | null }): Date {
  if (r.confirmedAt === null) throw new Error(`confirmed redemption ${r.id} has no confirmation time`);
  return r.confirmedAt;
}

/** Whom a claim concerns: its program's issuing region and the claiming provider. */
function targetOf(claim: ReviewedClaim): { regionCode: string; providerId: string } {
  return { regionCode: claim.issuerRegionCode, providerId: claim.providerId };
}
