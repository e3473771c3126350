import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, bureauRegionOf, Clock, csvDocument, DomainError, maskAccountNo, NumericCell, periodOf, periodRange, previousPeriod, readPeriod, seesAccountInFull } from '@ivl/core';
import { toBigInt, TransactionRunner } from '@ivl/database';
import { JOBS, OutboxDispatcher, OutboxService } from '@ivl/jobs';
import { fenToYuan, LedgerService, type Move } from '@ivl/ledger';
import { RegionsService } from '@ivl/registry';
import { SettlementRepository } from './settlement.repository.js';
import type { SettlementBatch, SettlementRun } from './settlement.types.js';

/**
 * Settlement (结算) per funding region and period: a run builds, in one database transaction and
 * with set-based SQL, a batch of every approved claim part funded by the region's funds, approved
 * before the period's end (or now, for the running month), that no earlier batch holds. The finance
 * bureau approves the batch, may return a line the bank refused, and marks it paid.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly repo: SettlementRepository,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  /** Records a run and its job in one transaction (the outbox delivers the job to the worker). */
  async requestRun(actor: Actor, regionCode: string, period: string): Promise<SettlementRun> {
    const allowed = actor.role === 'city_admin' || (actor.role === 'finance' && actor.regionCode === regionCode);
    if (!allowed) throw DomainError.forbidden('only the finance bureau of the region (or the city admin) starts its settlement');
    await this.regions.requireExisting(regionCode);
    readPeriod(period, this.clock.now());
    if (period > periodOf(this.clock.now())) throw DomainError.validation('period', 'cannot settle a month that has not begun');
    const id = randomUUID();
    await this.tx.run(async (manager) => {
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
    });
    this.dispatcher.kick();
    return (await this.repo.findRun(this.dataSource.manager, id))!;
  }

  async getRun(actor: Actor, id: string): Promise<SettlementRun> {
    const run = await this.repo.findRun(this.dataSource.manager, id);
    if (!run || !this.canReadRegion(actor, run.regionCode)) throw DomainError.notFound('settlement run');
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
    const run = (await this.repo.findRun(manager, runId, true))!;
    if (run.state === 'completed') return run.batchIds;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`settlement:${run.regionCode}:${run.period}`]);
    const now = this.clock.now();
    const periodEnd = periodRange(run.period).end;
    // A finished period up to its end; the running month up to and including now.
    const cutoff = periodEnd <= now ? periodEnd : new Date(now.getTime() + 1);
    const batchId = randomUUID();
    await manager.query(
      `INSERT INTO settlement_batches (id, region_code, period, sequence, status, run_id, created_at)
       SELECT $1, $2::varchar, $3::text, coalesce(max(sequence), 0) + 1, 'draft', $4, $5 FROM settlement_batches WHERE region_code = $2::varchar AND period = $3::text`,
      [batchId, run.regionCode, run.period, runId, now],
    );
    // The eligible parts are read into a temporary table first: selecting from settlement_items while
    // inserting into it lets a stale plan (the table analysed while empty) re-read the growing batch
    // for every part, quadratic in the batch size (bench: 119 s instead of 2 s for 100k parts).
    await manager.query(
      `CREATE TEMP TABLE settlement_eligible (id bigint, provider_id uuid, fund_id uuid, amount bigint) ON COMMIT DROP`,
    );
    await manager.query(
      `INSERT INTO settlement_eligible
       SELECT cp.id, cp.provider_id, cp.fund_id, cp.amount FROM claim_parts cp
        WHERE cp.fund_region_code = $1 AND cp.approved_at < $2
          AND NOT EXISTS (SELECT 1 FROM settlement_items si WHERE si.claim_part_id = cp.id AND NOT si.returned)`,
      [run.regionCode, cutoff],
    );
    const [{ count }]: Array<{ count: number }> = await manager.query(
      `WITH batched AS (
         INSERT INTO settlement_items (batch_id, claim_part_id, provider_id, fund_id, amount)
         SELECT $1, id, provider_id, fund_id, amount FROM settlement_eligible RETURNING 1
       ) SELECT count(*)::int AS count FROM batched`,
      [batchId],
    );
    if (count === 0) {
      await manager.query(`DELETE FROM settlement_batches WHERE id = $1`, [batchId]);
      await this.repo.setRunState(manager, runId, 'completed', now, { batchIds: [] });
      return [];
    }
    await manager.query(
      `INSERT INTO settlement_lines (batch_id, provider_id, provider_name, uscc, bank_name, account_name, account_no, amount, claim_count, status)
       SELECT $1, p.id, p.name, p.uscc, p.bank_name, p.account_name, p.account_no, s.amount, s.claims, 'pending'
         FROM (SELECT si.provider_id, sum(si.amount) AS amount, count(DISTINCT cp.claim_id)::int AS claims
                 FROM settlement_items si JOIN claim_parts cp ON cp.id = si.claim_part_id
                WHERE si.batch_id = $1 GROUP BY si.provider_id) s
         JOIN providers p ON p.id = s.provider_id`,
      [batchId],
    );
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
    const regions: Array<{ region_code: string }> = await this.dataSource.query(`SELECT DISTINCT region_code FROM funds ORDER BY region_code`);
    const result: Record<string, string[]> = {};
    for (const { region_code: regionCode } of regions) {
      const id = deterministicUuid(`month-end:${regionCode}:${period}`);
      await this.tx.run((manager) => this.repo.insertRun(manager, { id, regionCode, period, requestedBy: null, at: this.clock.now() }));
      result[regionCode] = await this.build(id);
    }
    this.logger.log(`month-end settlement of ${period}: ${Object.values(result).flat().length} batches`);
    return result;
  }

  async listBatches(actor: Actor, filter: { regionCode?: string; period?: string }): Promise<SettlementBatch[]> {
    if (actor.role === 'enterprise') throw DomainError.forbidden();
    if (filter.period !== undefined) readPeriod(filter.period, this.clock.now());
    const restricted = actor.role === 'finance' || actor.role === 'county_officer' ? actor.regionCode : undefined;
    if (restricted && filter.regionCode && filter.regionCode !== restricted) return [];
    const batches = await this.repo.listBatches(this.dataSource.manager, { ...filter, regionCode: restricted ?? filter.regionCode });
    const visible = actor.role === 'provider' ? batches.map((b) => onlyLinesOf(b, actor.providerId)).filter((b) => b.lines.length > 0) : batches;
    return visible.map((b) => accountsAsSeenBy(actor, b));
  }

  /** A batch as `actor` may read it: its own lines for a provider, account numbers masked unless `actor` pays it (or audits). */
  async getBatch(actor: Actor, id: string): Promise<SettlementBatch> {
    return accountsAsSeenBy(actor, await this.readBatch(actor, id));
  }

  private async readBatch(actor: Actor, id: string): Promise<SettlementBatch> {
    if (actor.role === 'enterprise') throw DomainError.forbidden();
    const batch = await this.repo.findBatch(this.dataSource.manager, id);
    if (!batch) throw DomainError.notFound('settlement batch');
    if (actor.role === 'provider') {
      const own = onlyLinesOf(batch, actor.providerId);
      if (own.lines.length === 0) throw DomainError.notFound('settlement batch');
      return own;
    }
    if (!this.canReadRegion(actor, batch.regionCode)) throw DomainError.notFound('settlement batch');
    return batch;
  }

  async approve(actor: Actor, id: string): Promise<SettlementBatch> {
    return this.change(actor, id, async (manager, batch, now) => {
      if (batch.status !== 'draft') throw DomainError.invalidState(`the batch is ${batch.status}`);
      await manager.query(`UPDATE settlement_batches SET status = 'approved', approved_at = $2 WHERE id = $1`, [id, now]);
      return { action: 'approve', from: 'draft', to: 'approved' };
    });
  }

  /** The bank refused a payment: the line's money goes back to payable, into a later batch. */
  async returnLine(actor: Actor, id: string, providerId: string, reason: string): Promise<SettlementBatch> {
    return this.change(actor, id, async (manager, batch, now) => {
      if (batch.status !== 'approved') throw DomainError.invalidState(`lines are returned only while the batch is approved; it is ${batch.status}`);
      const line = batch.lines.find((l) => l.providerId === providerId);
      if (!line) throw DomainError.notFound('settlement line');
      if (line.status !== 'pending') throw DomainError.invalidState(`the line is ${line.status}`);
      const moves = await this.itemMoves(manager, id, 'in_settlement', 'payable', providerId);
      await manager.query(`UPDATE settlement_lines SET status = 'returned', return_reason = $3 WHERE batch_id = $1 AND provider_id = $2`, [id, providerId, reason]);
      await manager.query(`UPDATE settlement_items SET returned = true WHERE batch_id = $1 AND provider_id = $2`, [id, providerId]);
      await this.ledger.post(manager, { kind: 'return', at: now, reference: id, moves });
      return { action: 'return-line', from: 'approved', to: 'approved', reason, data: { providerId, amount: line.amount.toString() } };
    });
  }

  async pay(actor: Actor, id: string, paymentReference: string): Promise<SettlementBatch> {
    return this.change(actor, id, async (manager, batch, now) => {
      if (batch.status !== 'approved') throw DomainError.invalidState(`only an approved batch is paid; it is ${batch.status}`);
      const moves = await this.itemMoves(manager, id, 'in_settlement', 'paid');
      if (moves.length > 0) await this.ledger.post(manager, { kind: 'pay', at: now, reference: id, moves });
      await manager.query(`UPDATE settlement_lines SET status = 'paid' WHERE batch_id = $1 AND status = 'pending'`, [id]);
      await manager.query(`UPDATE settlement_batches SET status = 'paid', paid_at = $2, payment_reference = $3 WHERE id = $1`, [id, now, paymentReference]);
      return { action: 'pay', from: 'approved', to: 'paid', data: { paymentReference } };
    });
  }

  /**
   * The bank payment file: UTF-8 with BOM, a header row, one row per line not returned, yuan with two
   * decimals. It is the instruction to the bank, so it carries account numbers in full and goes only
   * to those who read them in full: the finance bureau paying the batch and auditors. Other bureau
   * roles read the batch itself (masked) but may never download its payment file (403); finance of
   * another region gets 404, as for the batch.
   */
  async paymentFile(actor: Actor, id: string): Promise<{ filename: string; csv: string }> {
    if (actor.role !== 'finance' && actor.role !== 'auditor') throw DomainError.forbidden('the payment file is for the finance bureau paying the batch (and auditors)');
    const batch = await this.readBatch(actor, id);
    const rows = [
      ['batch_id', 'provider_name', 'uscc', 'bank_name', 'account_name', 'account_no', 'amount_yuan'],
      ...batch.lines
        .filter((l) => l.status !== 'returned')
        .map((l) => [batch.id, l.providerName, l.uscc, l.bankName, l.accountName, l.accountNo, NumericCell.of(fenToYuan(l.amount))]),
    ];
    return { filename: `settlement-${batch.regionCode}-${batch.period}-${batch.sequence}.csv`, csv: csvDocument(rows) };
  }

  private async change(
    actor: Actor,
    id: string,
    work: (manager: EntityManager, batch: SettlementBatch, now: Date) => Promise<{ action: string; from: string; to: string; reason?: string; data?: Record<string, unknown> }>,
  ): Promise<SettlementBatch> {
    if (actor.role !== 'finance') throw DomainError.forbidden('only the finance bureau of the region approves, returns and pays its batches');
    return this.tx.run(async (manager) => {
      const batch = await this.repo.findBatch(manager, id, true);
      if (!batch || batch.regionCode !== actor.regionCode) throw DomainError.notFound('settlement batch');
      const change = await work(manager, batch, this.clock.now());
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
      return (await this.repo.findBatch(manager, id))!;
    });
  }

  /** The batch's items not returned (of one provider, or all), summed per fund and provider, as ledger moves. */
  private async itemMoves(manager: EntityManager, batchId: string, from: 'payable' | 'in_settlement', to: 'in_settlement' | 'payable' | 'paid', providerId?: string): Promise<Move[]> {
    const rows: Array<{ fund_id: string; provider_id: string; amount: string }> = await manager.query(
      `SELECT fund_id, provider_id, sum(amount)::text AS amount FROM settlement_items
        WHERE batch_id = $1 AND NOT returned AND ($2::uuid IS NULL OR provider_id = $2)
        GROUP BY fund_id, provider_id`,
      [batchId, providerId ?? null],
    );
    return rows.map((r) => ({
      fundId: r.fund_id,
      amount: toBigInt(r.amount),
      from: { class: from, providerId: r.provider_id },
      to: { class: to, providerId: r.provider_id },
    }));
  }

  private canReadRegion(actor: Actor, regionCode: string): boolean {
    const own = bureauRegionOf(actor);
    return own === undefined || own === regionCode;
  }
}

function onlyLinesOf(batch: SettlementBatch, providerId: string): SettlementBatch {
  const lines = batch.lines.filter((l) => l.providerId === providerId);
  return { ...batch, lines, total: lines.filter((l) => l.status !== 'returned').reduce((s, l) => s + l.amount, 0n) };
}

function accountsAsSeenBy(actor: Actor, batch: SettlementBatch): SettlementBatch {
  if (seesAccountInFull(actor, (regionCode) => regionCode === batch.regionCode)) return batch;
  return { ...batch, lines: batch.lines.map((l) => ({ ...l, accountNo: maskAccountNo(l.accountNo) })) };
}

/** A uuid derived from a name, so the month-end run of a region and period has one id however often it fires. */
function deterministicUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
