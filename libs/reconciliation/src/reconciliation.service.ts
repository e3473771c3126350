import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ChainService } from '@ivl/chain';
import {
  type Actor,
  Clock,
  DomainError,
  nextPeriod,
  periodOf,
  periodRange,
  previousPeriod,
  readPeriod,
  requireAccess,
  shanghaiDate,
} from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import type { LedgerClass } from '@ivl/ledger';
import { RegionsService } from '@ivl/registry';
import { closedDaysCut, dayStart, FIRST_DAY, nextDay, previousDay } from './closed-days.js';
import { type ClosedDayRange, ReconciliationRepository, type Totals } from './reconciliation.repository.js';
import {
  type ClassReconciliation,
  MOVEMENT_OF_KIND,
  RECONCILED_CLASSES,
  type ReconciledClass,
  type Reconciliation,
} from './reconciliation.types.js';

const API_CLASS: Partial<Record<LedgerClass, ReconciledClass>> = {
  available: 'available',
  vouchers: 'vouchers',
  held: 'held',
  payable: 'payable',
  in_settlement: 'inSettlement',
  paid: 'paid',
  recoverable: 'recoverable',
};

/**
 * A month is closed this long after it ended: a transaction stamped 23:59:59 on its last day has
 * long committed by then.
 */
const CLOSE_GRACE_MS = 30 * 60_000;

/**
 * Reconciliation (对账) of a funding region's month, read from the ledger: for each class the
 * opening balance, the period's movements by name and the closing balance; counts; what the
 * region's funds owe or paid to providers by the provider's region; and whether the region's ledger
 * balances.
 *
 * A closed month (see `closeMonths`) is read from its stored totals; an open month from its entries,
 * starting from the totals of the closed months before it, so no report reads more than the entries
 * since the last closed month.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly repo: ReconciliationRepository,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
    private readonly chain: ChainService,
  ) {}

  async reconcile(actor: Actor, regionCode: string, period: string): Promise<Reconciliation> {
    requireAccess(actor, 'reconciliation.read', { regionCode }, 'reconciliation');
    if (!(await this.regions.findByCode(regionCode))) throw DomainError.notFound('region');
    readPeriod(period, this.clock.now());
    const report = await this.read(regionCode, period);
    const names = new Map((await this.regions.list()).map((r) => [r.code, r.name]));
    const { start, end } = periodRange(period);
    const anchors = await this.chain.anchorsIn(this.dataSource.manager, shanghaiDate(start), shanghaiDate(new Date(end.getTime() - 1)));
    return {
      ...report,
      anchors,
      regionName: names.get(regionCode),
      byProviderRegion: report.byProviderRegion.map((r) => ({ ...r, regionName: names.get(r.regionCode) })),
    };
  }

  private read(regionCode: string, period: string): Promise<Reconciliation> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await this.repo.readOnly(m);
      await this.repo.roomForCounts(m);
      const funds = await this.repo.fundsOf(m, regionCode);
      const closed = await this.repo.findClosedMonth(m, regionCode, period);
      const unbalancedFunds = await this.repo.countUnbalancedFunds(m, funds);
      if (closed) {
        const totals = await this.repo.closedTotals(m, regionCode, period, '<=');
        const report = assemble(
          regionCode,
          period,
          totals.filter((t) => t.period < period),
          totals.filter((t) => t.period === period),
          countsOf(closed.counts),
          closed.byProviderRegion,
        );
        return { ...report, balanced: report.balanced && unbalancedFunds === 0 };
      }
      return this.live(m, regionCode, period, funds, unbalancedFunds);
    });
  }

  /**
   * Closes, for every region with funds, each month from its first entry (or its last closed month)
   * up to the last month that ended at least CLOSE_GRACE_MS ago: stores the month's totals by class
   * and kind, its counts and its provider-region matrix. Safe to run twice or concurrently (a lock
   * per region, months closed in order). Answers the months closed, by region.
   */
  async closeMonths(): Promise<Record<string, string[]>> {
    const upTo = previousPeriod(periodOf(new Date(this.clock.now().getTime() - CLOSE_GRACE_MS)));
    const result: Record<string, string[]> = {};
    for (const regionCode of await this.repo.regionsWithFunds(this.dataSource.manager)) {
      result[regionCode] = await this.tx.run((m) => this.closeRegion(m, regionCode, upTo));
    }
    const closed = Object.values(result).flat().length;
    if (closed > 0) this.logger.log(`closed ${closed} region-month(s) up to ${upTo}`);
    return result;
  }

  private async closeRegion(m: EntityManager, regionCode: string, upTo: string): Promise<string[]> {
    await this.repo.lockRegionClose(m, regionCode);
    await this.repo.roomForCounts(m);
    const funds = await this.repo.fundsOf(m, regionCode);
    const last = await this.repo.lastClosedPeriod(m, regionCode);
    let from: string;
    if (last) {
      from = nextPeriod(last);
    } else {
      const first = await this.repo.firstEntryAt(m, funds);
      if (!first) return [];
      from = periodOf(first);
    }
    const closed: string[] = [];
    for (let period = from; period <= upTo; period = nextPeriod(period)) {
      const { start, end } = periodRange(period);
      const counts = await this.repo.counts(m, funds, start, end);
      const byProviderRegion = await this.repo.byProviderRegion(m, funds, start, end);
      await this.repo.insertClosedMonth(m, { regionCode, period, funds, start, end, closedAt: this.clock.now(), counts, byProviderRegion });
      closed.push(period);
    }
    return closed;
  }

  /**
   * Closes, for every region with funds (its own or its counties'), each finished Asia/Shanghai day
   * from its first entry (or the day after its last closed day) up to the last day that ended at
   * least CLOSE_GRACE_MS ago: stores for both scopes (the region's funds; with its counties' funds)
   * the day's totals by class and kind, additive counts, enterprises served and per-provider amounts.
   * One transaction per day (a lock per region, days closed in order): safe to run twice,
   * concurrently or late, when it catches up on the days missed. Answers the days closed, by region.
   */
  async closeDays(): Promise<Record<string, string[]>> {
    const upTo = previousDay(shanghaiDate(new Date(this.clock.now().getTime() - CLOSE_GRACE_MS)));
    const result: Record<string, string[]> = {};
    for (const regionCode of await this.repo.regionsWithTreeFunds(this.dataSource.manager)) {
      const closed: string[] = [];
      for (;;) {
        const day = await this.tx.run((m) => this.closeNextDay(m, regionCode, upTo));
        if (!day) break;
        closed.push(day);
      }
      result[regionCode] = closed;
    }
    const closed = Object.values(result).flat().length;
    if (closed > 0) this.logger.log(`closed ${closed} region-day(s) up to ${upTo}`);
    return result;
  }

  private async closeNextDay(m: EntityManager, regionCode: string, upTo: string): Promise<string | undefined> {
    await this.repo.lockRegionClose(m, `${regionCode}:days`);
    await this.repo.roomForCounts(m);
    const treeFunds = await this.repo.treeFundsOf(m, regionCode);
    const last = await this.repo.lastClosedDay(m, regionCode);
    let day: string;
    if (last) {
      day = nextDay(last);
    } else {
      const first = await this.repo.firstEntryAt(m, treeFunds);
      if (!first) return undefined;
      day = shanghaiDate(first);
    }
    if (day > upTo) return undefined;
    const funds = await this.repo.fundsOf(m, regionCode);
    const start = dayStart(day);
    const end = dayStart(nextDay(day));
    const closedAt = this.clock.now();
    await this.repo.insertClosedDay(m, { regionCode, scope: 'region', day, funds, start, end, closedAt });
    await this.repo.insertClosedDay(m, { regionCode, scope: 'tree', day, funds: treeFunds, start, end, closedAt });
    return day;
  }

  /**
   * An open month: the closed months before it give a base; the region's closed days (see
   * `closeDays`) cover what follows as far as they go; the entries after them are read. With no day
   * closed (the job has not run), every entry since the last closed month is read: the same answer,
   * slower.
   */
  private async live(
    m: EntityManager,
    regionCode: string,
    period: string,
    funds: string[],
    unbalancedFunds: number,
  ): Promise<Reconciliation> {
    const { start, end } = periodRange(period);
    const base = await this.repo.closedTotals(m, regionCode, period, '<');
    const lastClosed = base.reduce<string | undefined>((max, t) => (max === undefined || t.period > max ? t.period : max), undefined);
    const since = lastClosed ? periodRange(lastClosed).end : null;
    const covered = await this.repo.closedDaysCover(m, regionCode);
    const days = (from: Date | null, to: Date | null): ClosedDayRange => ({
      regionCode,
      scope: 'region',
      from: from ? shanghaiDate(from) : FIRST_DAY,
      to: to ? shanghaiDate(to) : FIRST_DAY,
    });
    // Before the month: closed days from the last closed month up to `openingCut`, then entries.
    const openingCut = closedDaysCut(since, covered, start);
    const before = [
      ...(await this.repo.dayTotals(m, days(since, openingCut))),
      ...(await this.repo.entryTotals(m, funds, openingCut, start)),
    ];
    // The month: closed days from its start up to `cut`, then entries.
    const closingCut = closedDaysCut(since, covered, end);
    const cut = closingCut && closingCut > start ? closingCut : start;
    const during = days(start, cut);
    const movements = [...(await this.repo.dayTotals(m, during)), ...(await this.repo.entryTotals(m, funds, cut, end))];
    const counts = await this.repo.counts(m, funds, cut, end, during);
    const matrix = await this.repo.byProviderRegion(m, funds, cut, end, during);
    const report = assemble(regionCode, period, [...base, ...before], movements, counts, matrix);
    // The closing balance read apart from the movements: every closed day and entry before the end.
    const closing = sumByClass([
      ...base,
      ...(await this.repo.dayTotals(m, days(since, closingCut))),
      ...(await this.repo.entryTotals(m, funds, closingCut, end)),
    ]);
    for (const cls of RECONCILED_CLASSES) {
      const c = report.classes[cls];
      c.consistent = c.consistent && c.closing === (closing.get(cls) ?? 0n);
    }
    const consistent = RECONCILED_CLASSES.every((cls) => report.classes[cls].consistent);
    return { ...report, balanced: report.balanced && consistent && unbalancedFunds === 0 };
  }
}

/** The counts in the API's order (jsonb keeps keys in its own). */
function countsOf(c: Reconciliation['counts']): Reconciliation['counts'] {
  return {
    vouchersIssued: c.vouchersIssued,
    redemptions: c.redemptions,
    enterprisesServed: c.enterprisesServed,
    providersPaid: c.providersPaid,
  };
}

function sumByClass(totals: Totals): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const t of totals) {
    const cls = API_CLASS[t.class] ?? t.class;
    result.set(cls, (result.get(cls) ?? 0n) + t.amount);
  }
  return result;
}

/** The report from the totals before the period and the period's own; opening + movements = closing by class. */
function assemble(
  regionCode: string,
  period: string,
  before: Totals,
  during: Totals,
  counts: Reconciliation['counts'],
  byProviderRegion: Reconciliation['byProviderRegion'],
): Reconciliation {
  const opening = sumByClass(before);
  const moved = new Map<string, Record<string, bigint>>();
  // Movements in the lifecycle's order (allocated, issued, held, …), whichever order the rows came in.
  const order = Object.keys(MOVEMENT_OF_KIND);
  for (const t of [...during].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))) {
    const cls = API_CLASS[t.class];
    if (!cls) continue;
    const byName = moved.get(cls) ?? {};
    const name = MOVEMENT_OF_KIND[t.kind];
    byName[name] = (byName[name] ?? 0n) + t.amount;
    moved.set(cls, byName);
  }
  const classes = {} as Record<ReconciledClass, ClassReconciliation>;
  for (const cls of RECONCILED_CLASSES) {
    const movements = moved.get(cls) ?? {};
    const open = opening.get(cls) ?? 0n;
    const close = open + Object.values(movements).reduce((a, b) => a + b, 0n);
    classes[cls] = { opening: open, closing: close, movements, consistent: true };
  }
  const appropriation = sumByClass([...before, ...during]).get('appropriation') ?? 0n;
  const held = RECONCILED_CLASSES.reduce((s, c) => s + classes[c].closing, 0n);
  const balanced = RECONCILED_CLASSES.every((c) => classes[c].closing >= 0n) && held === -appropriation;
  return { regionCode, period, classes, counts, byProviderRegion, balanced };
}
