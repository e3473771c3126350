/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the scale benches measure, run on the bench database
 * with the same parameters as the service: the statements are the repositories' own (SETTLEMENT_SQL,
 * RECONCILIATION_SQL), so what is explained is what runs. Writes change nothing: the settlement
 * statements run in a transaction that is rolled back.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { shanghaiDate } from '@ivl/core';
import { RECONCILIATION_SQL } from '../../libs/reconciliation/src/reconciliation.repository.js';
import { SETTLEMENT_SQL } from '../../libs/settlement/src/settlement.repository.js';
import { periodRange } from './common.js';

async function explain(c: pg.Client, title: string, sql: string, params: unknown[]): Promise<string> {
  const started = performance.now();
  const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, VERBOSE OFF) ${sql}`, params);
  const ms = performance.now() - started;
  return `-- ${title} (${ms.toFixed(0)} ms with EXPLAIN ANALYZE overhead)\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`;
}

/** The settlement build of one region and period (SettlementService.buildIn), rolled back. */
export async function explainSettlementBuild(c: pg.Client, regionCode: string, period: string, now = new Date()): Promise<string> {
  const periodEnd = periodRange(period).end;
  const cutoff = periodEnd <= now ? periodEnd : new Date(now.getTime() + 1);
  const batchId = randomUUID();
  const out: string[] = [`# settlement build of ${regionCode} ${period} (rolled back)\n`];
  await c.query('BEGIN');
  try {
    await c.query(SETTLEMENT_SQL.insertBatch, [batchId, regionCode, period, null, now]);
    await c.query(SETTLEMENT_SQL.createEligible);
    out.push(await explain(c, 'claim parts eligible for the batch', SETTLEMENT_SQL.fillEligible, [regionCode, cutoff]));
    out.push(await explain(c, 'settlement_items of the batch', SETTLEMENT_SQL.insertItems, [batchId]));
    out.push(await explain(c, 'settlement_lines of the batch', SETTLEMENT_SQL.insertLines, [batchId]));
    out.push(await explain(c, 'ledger moves of the batch (itemMoves)', SETTLEMENT_SQL.itemSums, [batchId, null]));
  } finally {
    await c.query('ROLLBACK');
  }
  return out.join('\n');
}

/** The reconciliation of one region and period (ReconciliationService.reconcile), in one read-only snapshot. */
export async function explainReconciliation(c: pg.Client, regionCode: string, period: string): Promise<string> {
  const { start, end } = periodRange(period);
  const out: string[] = [`# reconciliation of ${regionCode} ${period}\n`];
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await c.query(`SET LOCAL work_mem = '64MB'`);
    const funds = (await c.query<{ id: string }>(RECONCILIATION_SQL.fundsOf, [regionCode])).rows.map((r) => r.id);
    out.push(await explain(c, 'entryTotals (opening, no month closed)', RECONCILIATION_SQL.entryTotals, [funds, null, start]));
    out.push(await explain(c, 'entryTotals (movements)', RECONCILIATION_SQL.entryTotals, [funds, start, end]));
    // As the open month reads them: from the entries alone (no day closed), and after its days are closed (none left to read live).
    const none = ['', '1970-01-01', '1970-01-01', 'region'];
    const days = [regionCode, shanghaiDate(start), shanghaiDate(end), 'region'];
    out.push(await explain(c, 'counts (entries)', RECONCILIATION_SQL.counts, [funds, start, end, ...none]));
    out.push(await explain(c, 'byProviderRegion (entries)', RECONCILIATION_SQL.byProviderRegion, [funds, start, end, ...none]));
    out.push(
      await explain(c, 'dayTotals (closed days)', RECONCILIATION_SQL.dayTotals, [
        regionCode,
        'region',
        shanghaiDate(start),
        shanghaiDate(end),
      ]),
    );
    out.push(await explain(c, 'counts (closed days)', RECONCILIATION_SQL.counts, [funds, end, end, ...days]));
    out.push(await explain(c, 'byProviderRegion (closed days)', RECONCILIATION_SQL.byProviderRegion, [funds, end, end, ...days]));
    out.push(await explain(c, 'unbalancedFunds', RECONCILIATION_SQL.unbalancedFunds, [funds]));
  } finally {
    await c.query('ROLLBACK');
  }
  return out.join('\n');
}
