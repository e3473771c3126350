import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import {
  type Actor,
  Clock,
  DomainError,
  periodOf,
  periodRange,
  previousPeriod,
  readPeriod,
  requireAccess,
  requireRole,
  scopeOf,
} from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { JOBS, OutboxService } from '@ivl/jobs';
import { RegionsService } from '@ivl/registry';
import { RiskRepository } from './risk.repository.js';
import { RISK_KINDS, type RiskKind, type RiskScan, type RiskSignal, type SignalFilter } from './risk.types.js';

/** What one scan of a region and period found, per kind: signals found (known and new) and new ones. */
export type ScanResult = Record<RiskKind, { found: number; inserted: number }>;

/**
 * Risk signals (风险线索): per issuing region and period, six set-based checks over the confirmed
 * redemptions of the region's programs (one SQL statement each, RISK_SQL), run nightly for the month
 * just ended and the running month, and on demand through the worker. A signal is written once per
 * (kind, region, period, fingerprint); auditors dismiss or confirm it with a reason.
 */
@Injectable()
export class RiskService {
  private readonly logger = new Logger(RiskService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly repo: RiskRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  /** POST /risk/scans: records a waiting scan and hands it to the worker through the outbox. */
  async requestScan(manager: EntityManager, actor: Actor, input: { regionCode: string; period: string }): Promise<RiskScan> {
    const { regionCode, period } = input;
    requireAccess(actor, 'risk.scan', { regionCode });
    await this.regions.requireExisting(regionCode);
    readPeriod(period, this.clock.now());
    if (period > periodOf(this.clock.now())) throw DomainError.validation('period', 'cannot scan a month that has not begun');
    const id = randomUUID();
    await this.repo.insertScan(manager, { id, regionCode, period, requestedBy: actor.userId, at: this.clock.now() });
    await this.outbox.enqueue(manager, { name: JOBS.riskScan.name, id, data: { scanId: id } });
    await this.audit.record(manager, actor, {
      entityType: 'risk_scan',
      entityId: id,
      action: 'request',
      toState: 'waiting',
      scope: { regionCode },
      data: { period },
    });
    const scan = await this.repo.findScan(manager, id);
    if (!scan) throw new Error(`risk scan ${id} vanished after it was written`);
    return scan;
  }

  async getScan(actor: Actor, id: string): Promise<RiskScan> {
    requireRole(actor, 'risk.read');
    const scan = await this.repo.findScan(this.dataSource.manager, id);
    if (!scan) throw DomainError.notFound('risk scan');
    requireAccess(actor, 'risk.read', { regionCode: scan.regionCode }, 'risk scan');
    return scan;
  }

  /** The worker's job: runs a recorded scan. A completed scan is not run again. */
  async runScan(scanId: string): Promise<RiskScan> {
    const scan = await this.repo.findScan(this.dataSource.manager, scanId);
    if (!scan) throw new Error(`unknown risk scan ${scanId}`);
    if (scan.state === 'completed') return scan;
    await this.tx.run((manager) => this.repo.setScanState(manager, scanId, 'active', this.clock.now()));
    const result = await this.scan(scan.regionCode, scan.period, scanId);
    const totals = Object.values(result).reduce((t, r) => ({ found: t.found + r.found, inserted: t.inserted + r.inserted }), {
      found: 0,
      inserted: 0,
    });
    await this.tx.run((manager) =>
      this.repo.setScanState(manager, scanId, 'completed', this.clock.now(), { signals: totals.found, newSignals: totals.inserted }),
    );
    const done = await this.repo.findScan(this.dataSource.manager, scanId);
    if (!done) throw new Error(`risk scan ${scanId} vanished`);
    return done;
  }

  async markScanFailed(scanId: string, error: string): Promise<void> {
    await this.tx.run((manager) => this.repo.setScanState(manager, scanId, 'failed', this.clock.now(), { error }));
  }

  /**
   * Runs the six checks of a region and period in one transaction, serialised per region and period
   * (two scans at once find each signal once either way: the unique fingerprint decides).
   */
  scan(regionCode: string, period: string, scanId: string | null = null): Promise<ScanResult> {
    const { start, end } = periodRange(period);
    const at = this.clock.now();
    return this.tx.run(async (manager) => {
      await this.repo.lockRegionPeriod(manager, regionCode, period);
      const result = {} as ScanResult;
      for (const kind of RISK_KINDS) {
        result[kind] = await this.repo.detect(manager, kind, { regionCode, period, start, end, at, scanId });
      }
      return result;
    });
  }

  /** Nightly: every issuing region, for the month just ended and the running month (Asia/Shanghai). */
  async scanNightly(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const periods = [previousPeriod(periodOf(now)), periodOf(now)];
    const found: Record<string, number> = {};
    for (const regionCode of await this.repo.issuingRegions(this.dataSource.manager)) {
      for (const period of periods) {
        const id = randomUUID();
        await this.tx.run((manager) => this.repo.insertScan(manager, { id, regionCode, period, requestedBy: null, at: now }));
        const scan = await this.runScan(id);
        found[`${regionCode}:${period}`] = scan.signals ?? 0;
      }
    }
    this.logger.log(`nightly risk scan: ${JSON.stringify(found)}`);
    return found;
  }

  async list(actor: Actor, filter: SignalFilter & { limit?: number; offset?: number }): Promise<{ items: RiskSignal[]; total: number }> {
    const scope = scopeOf(actor, 'risk.read');
    return this.repo.listInScope(this.dataSource.manager, scope, { ...filter, limit: filter.limit ?? 50, offset: filter.offset ?? 0 });
  }

  /** POST /risk/signals/:id/dismiss|confirm: an auditor decides an open signal once, with a reason. */
  async decide(
    manager: EntityManager,
    actor: Actor,
    input: { id: string; decision: 'dismissed' | 'confirmed'; reason: string },
  ): Promise<RiskSignal> {
    requireRole(actor, 'risk.decide');
    const signal = await this.repo.findSignal(manager, input.id, true);
    if (!signal) throw DomainError.notFound('risk signal');
    requireAccess(actor, 'risk.decide', { regionCode: signal.regionCode }, 'risk signal');
    if (signal.status !== 'open') throw DomainError.invalidState(`the signal is already ${signal.status}`);
    const at = this.clock.now();
    await this.repo.decide(manager, { id: input.id, status: input.decision, by: actor.userId, at, reason: input.reason });
    await this.audit.record(manager, actor, {
      entityType: 'risk_signal',
      entityId: input.id,
      action: input.decision === 'dismissed' ? 'dismiss' : 'confirm',
      fromState: 'open',
      toState: input.decision,
      reason: input.reason,
      scope: { regionCode: signal.regionCode },
      data: { kind: signal.kind, period: signal.period },
    });
    const decided = await this.repo.findSignal(manager, input.id);
    if (!decided) throw new Error(`risk signal ${input.id} vanished`);
    return decided;
  }
}
