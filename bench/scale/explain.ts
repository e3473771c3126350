/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the scale benches measure, run on the bench database
 * with the same parameters as the service (copies of the SQL of SettlementService.buildIn and of
 * ReconciliationService; keep them in step when those change). Writes change nothing: the
 * settlement statements run in a transaction that is rolled back.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
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
    await c.query(
      `INSERT INTO settlement_batches (id, region_code, period, sequence, status, run_id, created_at)
       SELECT $1, $2::varchar, $3::text, coalesce(max(sequence), 0) + 1, 'draft', NULL, $4 FROM settlement_batches WHERE region_code = $2::varchar AND period = $3::text`,
      [batchId, regionCode, period, now],
    );
    out.push(
      await explain(
        c,
        'settlement_items of the batch',
        `WITH batched AS (
           INSERT INTO settlement_items (batch_id, claim_part_id, provider_id, fund_id, amount)
           SELECT $1, cp.id, cp.provider_id, cp.fund_id, cp.amount
             FROM claim_parts cp
            WHERE cp.fund_region_code = $2 AND cp.approved_at < $3
              AND NOT EXISTS (SELECT 1 FROM settlement_items si WHERE si.claim_part_id = cp.id AND NOT si.returned)
           RETURNING 1
         ) SELECT count(*)::int AS count FROM batched`,
        [batchId, regionCode, cutoff],
      ),
    );
    out.push(
      await explain(
        c,
        'settlement_lines of the batch',
        `INSERT INTO settlement_lines (batch_id, provider_id, provider_name, uscc, bank_name, account_name, account_no, amount, claim_count, status)
         SELECT $1, p.id, p.name, p.uscc, p.bank_name, p.account_name, p.account_no, s.amount, s.claims, 'pending'
           FROM (SELECT si.provider_id, sum(si.amount) AS amount, count(DISTINCT cp.claim_id)::int AS claims
                   FROM settlement_items si JOIN claim_parts cp ON cp.id = si.claim_part_id
                  WHERE si.batch_id = $1 GROUP BY si.provider_id) s
           JOIN providers p ON p.id = s.provider_id`,
        [batchId],
      ),
    );
    out.push(
      await explain(
        c,
        'ledger moves of the batch (itemMoves)',
        `SELECT fund_id, provider_id, sum(amount)::text AS amount FROM settlement_items
          WHERE batch_id = $1 AND NOT returned AND ($2::uuid IS NULL OR provider_id = $2)
          GROUP BY fund_id, provider_id`,
        [batchId, null],
      ),
    );
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
    const funds = (await c.query<{ id: string }>(`SELECT id FROM funds WHERE region_code = $1`, [regionCode])).rows.map((r) => r.id);
    const before = `SELECT class, sum(amount)::text AS amount FROM ledger_entries WHERE fund_id = ANY($1::uuid[]) AND at < $2 GROUP BY class`;
    out.push(await explain(c, 'balancesBefore (opening)', before, [funds, start]));
    out.push(await explain(c, 'balancesBefore (closing)', before, [funds, end]));
    out.push(
      await explain(
        c,
        'movements',
        `SELECT class, kind, sum(amount)::text AS amount FROM ledger_entries
          WHERE fund_id = ANY($1::uuid[]) AND at >= $2 AND at < $3 GROUP BY class, kind`,
        [funds, start, end],
      ),
    );
    out.push(
      await explain(
        c,
        'counts',
        `WITH moved AS (
           SELECT t.kind, t.voucher_id, t.redemption_id, e.class, e.owner, e.amount
             FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id
            WHERE e.fund_id = ANY($1::uuid[]) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('issue', 'hold', 'confirm', 'pay')
         )
         SELECT (SELECT count(DISTINCT voucher_id) FROM moved WHERE kind = 'issue')::int AS "vouchersIssued",
                (SELECT count(DISTINCT redemption_id) FROM moved WHERE kind = 'hold')::int AS redemptions,
                (SELECT count(DISTINCT r.enterprise_id) FROM moved JOIN redemptions r ON r.id = moved.redemption_id
                  WHERE moved.kind = 'confirm')::int AS "enterprisesServed",
                (SELECT count(DISTINCT owner) FROM moved WHERE kind = 'pay' AND class = 'paid')::int AS "providersPaid"`,
        [funds, start, end],
      ),
    );
    out.push(
      await explain(
        c,
        'byProviderRegion',
        `SELECT p.region_code,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'confirm' AND e.class = 'payable'), 0)::text AS confirmed,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid'), 0)::text AS paid
           FROM ledger_entries e JOIN providers p ON p.id = e.owner
          WHERE e.fund_id = ANY($1::uuid[]) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('confirm', 'pay')
          GROUP BY p.region_code ORDER BY p.region_code`,
        [funds, start, end],
      ),
    );
    out.push(
      await explain(
        c,
        'unbalancedTransactions',
        `SELECT count(*)::int AS count FROM (
           SELECT tx_id, fund_id FROM ledger_entries
            WHERE fund_id = ANY($1::uuid[]) AND at >= $2 AND at < $3
            GROUP BY tx_id, fund_id HAVING sum(amount) <> 0) x`,
        [funds, start, end],
      ),
    );
  } finally {
    await c.query('ROLLBACK');
  }
  return out.join('\n');
}
