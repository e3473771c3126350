import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { AppConfig } from '@ivl/config';
import {
  type Actor,
  Clock,
  DomainError,
  maskAccountNo,
  mayAccess,
  mayTake,
  periodOf,
  periodRange,
  previousPeriod,
  readPeriod,
  requireAccess,
  requireRole,
  scopeOf,
} from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { DocumentsService } from '@ivl/documents';
import { JOBS, OutboxService } from '@ivl/jobs';
import { NotificationsService } from '@ivl/notifications';
import { LedgerService, type Move } from '@ivl/ledger';
import { RegionsService } from '@ivl/registry';
import { paymentCsv, paymentXlsx, settlementStatementPdf } from './settlement.export.js';
import { type BatchFilter, SettlementRepository } from './settlement.repository.js';
import type { SettlementBatch, SettlementBatchDetail, SettlementRun } from './settlement.types.js';

const DAY_MS = 86_400_000;

/**
 * Settlement (结算) per funding region and period: a run builds, in one database transaction and
 * with set-based SQL, a batch of every approved claim part funded by the region's funds, approved
 * before the period's end (or now, for the running month), that no earlier batch holds. The finance
 * bureau approves the batch, may return a line the bank refused, and marks it paid, with the bank
 * receipt as its document.
 */
@Injectable()
export class SettlementService implements OnModuleInit {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly repo: SettlementRepository,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** A batch's documents (the bank receipt) are read by those who read the batch: its region's bureaus, the providers it pays, auditors. */
  onModuleInit(): void {
    this.documents.registerReader('settlement_batch', (actor, id) => this.mayRead(actor, id));
  }

  /** Records a run and its job in the caller's transaction (the outbox delivers the job to the worker once it commits). */
  async requestRun(manager: EntityManager, actor: Actor, input: { regionCode: string; period: string }): Promise<SettlementRun> {
    const { regionCode, period } = input;
    requireAccess(actor, 'settlement.run', { regionCode });
    await this.regions.requireExisting(regionCode);
    readPeriod(period, this.clock.now());
    if (period > periodOf(this.clock.now())) throw DomainError.validation('period', 'cannot settle a month that has not begun');
    const id = randomUUID();
    await this.repo.insertRun(manager, { id, regionCode, period, requestedBy: actor.userId, at: this.clock.now() });
    await this.outbox.enqueue(manager, { name: JOBS.buildSettlement.name, id, data: { runId: id } });
    await this.audit.record(manager, actor, {
      entityType: 'settlement_run',
      entityId: id,
      action: 'request',
      toState: 'waiting',
      scope: { regionCode },
      data: { period },
    });
    const run = await this.repo.findRun(manager, id);
    if (!run) throw new Error(`settlement run ${id} vanished after it was written`);
    return run;
  }

  async getRun(actor: Actor, id: string): Promise<SettlementRun> {
    const run = await this.repo.findRun(this.dataSource.manager, id);
    if (!run) throw DomainError.notFound('settlement run');
    requireAccess(actor, 'settlement-run.read', { regionCode: run.regionCode }, 'settlement run');
    return run;
  }

  /**
   * The worker's job: builds the run's batch. Idempotent: a completed run answers its batches; two
   * builds of one region and period serialise on an advisory lock; a crash leaves nothing behind.
   */
  async build(runId: string): Promise<string[]> {
    const run = await this.repo.findRun(this.dataSource.manager, runId);
    if (!run) throw new Error(`unknown settlement run ${runId}`);
    if (run.state === 'completed') return run.batchIds;
    await this.tx.run((manager) => this.repo.setRunState(manager, runId, 'active', this.clock.now()));
    return this.tx.run((manager) => this.buildIn(manager, runId));
  }

  /** The build inside the caller's transaction (exposed so a test can crash it before commit). */
  async buildIn(manager: EntityManager, runId: string): Promise<string[]> {
    const run = await this.repo.findRun(manager, runId, true);
    if (!run) throw new Error(`unknown settlement run ${runId}`);
    if (run.state === 'completed') return run.batchIds;
    await this.repo.lockRegionPeriod(manager, run.regionCode, run.period);
    const now = this.clock.now();
    const periodEnd = periodRange(run.period).end;
    // A finished period up to its end; the running month up to and including now.
    const cutoff = periodEnd <= now ? periodEnd : new Date(now.getTime() + 1);
    const batchId = randomUUID();
    await this.repo.insertDraftBatch(manager, { id: batchId, regionCode: run.regionCode, period: run.period, runId, at: now });
    const count = await this.repo.fillBatch(manager, batchId, run.regionCode, cutoff);
    if (count === 0) {
      await this.repo.deleteBatch(manager, batchId);
      await this.repo.setRunState(manager, runId, 'completed', now, { batchIds: [] });
      return [];
    }
    await this.repo.insertLines(manager, batchId);
    await this.ledger.post(manager, {
      kind: 'batch',
      at: now,
      reference: batchId,
      moves: await this.itemMoves(manager, batchId, 'payable', 'in_settlement'),
    });
    await this.audit.record(manager, null, {
      entityType: 'settlement_batch',
      entityId: batchId,
      action: 'build',
      toState: 'draft',
      scope: { regionCode: run.regionCode },
      data: { runId, period: run.period, parts: count },
    });
    await this.repo.setRunState(manager, runId, 'completed', now, { batchIds: [batchId] });
    return [batchId];
  }

  async markRunFailed(runId: string, error: string): Promise<void> {
    await this.tx.run((manager) => this.repo.setRunState(manager, runId, 'failed', this.clock.now(), { error: error.slice(0, 1000) }));
  }

  /** The scheduled month-end job: a run for the month just ended of every region that has funds. */
  async buildMonthEnd(): Promise<Record<string, string[]>> {
    const period = previousPeriod(periodOf(this.clock.now()));
    const result: Record<string, string[]> = {};
    for (const regionCode of await this.repo.regionsWithFunds(this.dataSource.manager)) {
      const id = deterministicUuid(`month-end:${regionCode}:${period}`);
      await this.tx.run((manager) => this.repo.insertRun(manager, { id, regionCode, period, requestedBy: null, at: this.clock.now() }));
      result[regionCode] = await this.build(id);
    }
    this.logger.log(`month-end settlement of ${period}: ${Object.values(result).flat().length} batches`);
    return result;
  }

  /** The batches `actor` reads (a provider: those paying it, with its own lines only), account numbers as it may see them. */
  async listBatches(actor: Actor, filter: BatchFilter): Promise<{ items: SettlementBatch[]; total: number }> {
    const scope = scopeOf(actor, 'batch.read');
    if (filter.period !== undefined) readPeriod(filter.period, this.clock.now());
    const { items, total } = await this.repo.listInScope(this.dataSource.manager, scope, filter);
    return { items: items.map((b) => accountsAsSeenBy(actor, b)), total };
  }

  /**
   * A batch as `actor` may read it, with its documents: its own lines for a provider, account numbers
   * masked unless `actor` pays it (or audits).
   */
  async getBatch(actor: Actor, id: string): Promise<SettlementBatchDetail> {
    const batch = accountsAsSeenBy(actor, await this.readBatch(actor, id));
    return { ...batch, documents: await this.documents.listFor(this.dataSource.manager, { type: 'settlement_batch', id }) };
  }

  /** Whether `actor` may read the batch `id` (an unknown one: no), for its documents' readers. */
  private async mayRead(actor: Actor, id: string): Promise<boolean> {
    if (!mayTake(actor, 'batch.read')) return false;
    return (await this.repo.findBatchInScope(this.dataSource.manager, scopeOf(actor, 'batch.read'), id)) !== undefined;
  }

  private async readBatch(actor: Actor, id: string): Promise<SettlementBatch> {
    const batch = await this.repo.findBatchInScope(this.dataSource.manager, scopeOf(actor, 'batch.read'), id);
    if (!batch) throw DomainError.notFound('settlement batch');
    return batch;
  }

  async approve(manager: EntityManager, actor: Actor, id: string): Promise<SettlementBatch> {
    return this.change(manager, actor, id, async (batch, now) => {
      if (batch.status !== 'draft') throw DomainError.invalidState(`the batch is ${batch.status}`);
      const region = await this.regions.findByCode(batch.regionCode, manager);
      const days = region?.paymentNoticeDays ?? this.config.notices.paymentNoticeDays;
      await this.repo.markApproved(manager, id, now, days > 0 ? new Date(now.getTime() + days * DAY_MS) : null);
      return { action: 'approve', from: 'draft', to: 'approved' };
    });
  }

  /** The bank refused a payment: the line's money goes back to payable, into a later batch. */
  async returnLine(
    manager: EntityManager,
    actor: Actor,
    input: { id: string; providerId: string; reason: string },
  ): Promise<SettlementBatch> {
    const { id, providerId, reason } = input;
    return this.change(manager, actor, id, async (batch, now) => {
      if (batch.status !== 'approved')
        throw DomainError.invalidState(`lines are returned only while the batch is approved; it is ${batch.status}`);
      const line = batch.lines.find((l) => l.providerId === providerId);
      if (!line) throw DomainError.notFound('settlement line');
      if (line.status !== 'pending') throw DomainError.invalidState(`the line is ${line.status}`);
      const moves = await this.itemMoves(manager, id, 'in_settlement', 'payable', providerId);
      await this.repo.returnLine(manager, id, providerId, reason);
      await this.ledger.post(manager, { kind: 'return', at: now, reference: id, moves });
      return { action: 'return-line', from: 'approved', to: 'approved', reason, data: { providerId, amount: line.amount.toString() } };
    });
  }

  /** Marks an approved batch paid, with its documents (the bank receipt: ids the payer uploaded, optional); answers the batch with them. */
  async pay(
    manager: EntityManager,
    actor: Actor,
    input: { id: string; paymentReference: string; documentIds?: readonly string[] },
  ): Promise<SettlementBatchDetail> {
    const { id, paymentReference } = input;
    const documentIds = [...new Set(input.documentIds ?? [])];
    const paid = await this.change(manager, actor, id, async (batch, now) => {
      if (batch.status !== 'approved') throw DomainError.invalidState(`only an approved batch is paid; it is ${batch.status}`);
      if (batch.noticeEndsAt !== null && now < batch.noticeEndsAt)
        throw DomainError.invalidState(`the batch is on payment notice (兑付公示) until ${batch.noticeEndsAt.toISOString()}`);
      if ((await this.repo.countOpenObjections(manager, id)) > 0)
        throw DomainError.invalidState('a line of the batch is held by an open objection (异议): it must be decided first');
      const moves = await this.itemMoves(manager, id, 'in_settlement', 'paid');
      if (moves.length > 0) await this.ledger.post(manager, { kind: 'pay', at: now, reference: id, moves });
      await this.repo.markPaid(manager, id, now, paymentReference);
      await this.documents.attach(manager, actor, documentIds, { type: 'settlement_batch', id });
      return {
        action: 'pay',
        from: 'approved',
        to: 'paid',
        data: { paymentReference, ...(documentIds.length > 0 ? { documentIds } : {}) },
      };
    });
    for (const line of paid.lines.filter((l) => l.status !== 'returned' && l.amount > 0n)) {
      await this.notifications.notify(manager, {
        kind: 'batch.paid',
        batchId: id,
        providerId: line.providerId,
        period: paid.period,
        amount: line.amount,
        paymentReference,
      });
    }
    return { ...paid, documents: await this.documents.listFor(manager, { type: 'settlement_batch', id }) };
  }

  /**
   * The bank payment file: UTF-8 with BOM, a header row, one row per line not returned, yuan with two
   * decimals. It is the instruction to the bank, so it carries account numbers in full and goes only
   * to those who read them in full: the finance bureau paying the batch and auditors. Other bureau
   * roles read the batch itself (masked) but may never download its payment file (403); finance of
   * another region gets 404, as for the batch.
   */
  async paymentFile(actor: Actor, id: string): Promise<{ filename: string; csv: string }> {
    const batch = await this.paymentBatch(actor, id);
    return { filename: `settlement-${batch.regionCode}-${batch.period}-${batch.sequence}.csv`, csv: paymentCsv(batch) };
  }

  /** The bank's bulk payment sheet (银行批量代发表, XLSX): same readers as the payment file. */
  async paymentSheet(actor: Actor, id: string): Promise<{ filename: string; xlsx: Buffer }> {
    const batch = await this.paymentBatch(actor, id);
    return { filename: `payment-${batch.regionCode}-${batch.period}-${batch.sequence}.xlsx`, xlsx: await paymentXlsx(batch) };
  }

  /** The batch's settlement statement (结算单, PDF): the finance bureau of its region, the city admin, auditors. */
  async statement(actor: Actor, id: string): Promise<{ filename: string; pdf: Buffer }> {
    requireRole(actor, 'batch.statement');
    const found = await this.readBatch(actor, id);
    requireAccess(actor, 'batch.statement', { regionCode: found.regionCode }, 'settlement batch');
    const batch = accountsAsSeenBy(actor, found);
    const region = await this.regions.findByCode(batch.regionCode, this.dataSource.manager);
    return {
      filename: `statement-${batch.regionCode}-${batch.period}-${batch.sequence}.pdf`,
      pdf: await settlementStatementPdf(batch, region?.name),
    };
  }

  private async paymentBatch(actor: Actor, id: string): Promise<SettlementBatch> {
    requireRole(actor, 'batch.payment-file');
    const batch = await this.readBatch(actor, id);
    requireAccess(actor, 'batch.payment-file', { regionCode: batch.regionCode }, 'settlement batch');
    return batch;
  }

  /** A finance decision on a batch of its region, locked, audited, in the caller's transaction. */
  private async change(
    manager: EntityManager,
    actor: Actor,
    id: string,
    work: (
      batch: SettlementBatch,
      now: Date,
    ) => Promise<{ action: string; from: string; to: string; reason?: string; data?: Record<string, unknown> }>,
  ): Promise<SettlementBatch> {
    requireRole(actor, 'batch.decide');
    const batch = await this.repo.findBatch(manager, id, true);
    if (!batch) throw DomainError.notFound('settlement batch');
    requireAccess(actor, 'batch.decide', { regionCode: batch.regionCode }, 'settlement batch');
    const change = await work(batch, this.clock.now());
    await this.audit.record(manager, actor, {
      entityType: 'settlement_batch',
      entityId: id,
      action: change.action,
      fromState: change.from,
      toState: change.to,
      reason: change.reason ?? null,
      scope: { regionCode: batch.regionCode },
      data: change.data,
    });
    const changed = await this.repo.findBatch(manager, id);
    if (!changed) throw new Error(`settlement batch ${id} vanished after it was changed`);
    return changed;
  }

  /** The batch's items not returned (of one provider, or all), summed per fund and provider, as ledger moves. */
  private async itemMoves(
    manager: EntityManager,
    batchId: string,
    from: 'payable' | 'in_settlement',
    to: 'in_settlement' | 'payable' | 'paid',
    providerId?: string,
  ): Promise<Move[]> {
    return (await this.repo.sumItems(manager, batchId, providerId)).map((r) => ({
      fundId: r.fundId,
      amount: r.amount,
      from: { class: from, providerId: r.providerId },
      to: { class: to, providerId: r.providerId },
    }));
  }
}

function accountsAsSeenBy(actor: Actor, batch: SettlementBatch): SettlementBatch {
  if (mayAccess(actor, 'bank-account.read-full', { regionCode: batch.regionCode })) return batch;
  return { ...batch, lines: batch.lines.map((l) => ({ ...l, accountNo: maskAccountNo(l.accountNo) })) };
}

/** A uuid derived from a name, so the month-end run of a region and period has one id however often it fires. */
function deterministicUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
