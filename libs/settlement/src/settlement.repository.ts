import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, type Scope } from '@ivl/core';
import { pagedQuery, toBigInt } from '@ivl/database';
import type { BatchStatus, LineStatus, RunState, SettlementBatch, SettlementRun } from './settlement.types.js';

// The settlement build is set-based and reads, read-only, tables of other libs: claim_parts (claims:
// the approved parts to settle), providers (registry: the payee's name and bank details copied onto
// the line) and funds (funding: which regions have funds to settle at month end). `countOpenObjections`
// reads objections (notices lib) read-only: an open objection on a line holds the batch's payment;
// the notices lib is built on this one (it returns the line of an upheld objection), so it cannot be asked.

/** The statements of the settlement build, named so bench/scale/explain.ts explains the very SQL that runs. */
export const SETTLEMENT_SQL = {
  insertBatch: `INSERT INTO settlement_batches (id, region_code, period, sequence, status, run_id, created_at)
       SELECT $1, $2::varchar, $3::text, coalesce(max(sequence), 0) + 1, 'draft', $4, $5 FROM settlement_batches WHERE region_code = $2::varchar AND period = $3::text`,
  createEligible: `CREATE TEMP TABLE settlement_eligible (id bigint, provider_id uuid, fund_id uuid, amount bigint) ON COMMIT DROP`,
  fillEligible: `INSERT INTO settlement_eligible
       SELECT cp.id, cp.provider_id, cp.fund_id, cp.amount FROM claim_parts cp
        WHERE cp.fund_region_code = $1 AND cp.approved_at < $2
          AND NOT EXISTS (SELECT 1 FROM settlement_items si WHERE si.claim_part_id = cp.id AND NOT si.returned)`,
  insertItems: `WITH batched AS (
         INSERT INTO settlement_items (batch_id, claim_part_id, provider_id, fund_id, amount)
         SELECT $1, id, provider_id, fund_id, amount FROM settlement_eligible RETURNING 1
       ) SELECT count(*)::int AS count FROM batched`,
  insertLines: `INSERT INTO settlement_lines (batch_id, provider_id, provider_name, uscc, bank_name, account_name, account_no, amount, claim_count, status)
       SELECT $1, p.id, p.name, p.uscc, p.bank_name, p.account_name, p.account_no, s.amount, s.claims, 'pending'
         FROM (SELECT si.provider_id, sum(si.amount) AS amount, count(DISTINCT cp.claim_id)::int AS claims
                 FROM settlement_items si JOIN claim_parts cp ON cp.id = si.claim_part_id
                WHERE si.batch_id = $1 GROUP BY si.provider_id) s
         JOIN providers p ON p.id = s.provider_id`,
  itemSums: `SELECT fund_id, provider_id, sum(amount)::text AS amount FROM settlement_items
        WHERE batch_id = $1 AND NOT returned AND ($2::uuid IS NULL OR provider_id = $2)
        GROUP BY fund_id, provider_id`,
} as const;

/** A batch with its lines; `$1` names the one provider whose lines are shown (NULL: all of them). */
const BATCH_COLUMNS = `
  SELECT b.*,
         coalesce((SELECT sum(l.amount) FROM settlement_lines l
                    WHERE l.batch_id = b.id AND l.status <> 'returned' AND ($1::uuid IS NULL OR l.provider_id = $1)), 0)::text AS total,
         coalesce((SELECT json_agg(json_build_object(
                     'providerId', l.provider_id, 'providerName', l.provider_name, 'uscc', l.uscc, 'bankName', l.bank_name,
                     'accountName', l.account_name, 'accountNo', l.account_no, 'amount', l.amount::text,
                     'claimCount', l.claim_count, 'status', l.status, 'returnReason', l.return_reason)
                     ORDER BY l.provider_name, l.provider_id)
                     FROM settlement_lines l WHERE l.batch_id = b.id AND ($1::uuid IS NULL OR l.provider_id = $1)), '[]') AS lines`;
const SELECT_BATCH = `${BATCH_COLUMNS} FROM settlement_batches b`;

/** Batches a scope reaches: its region's, or (a provider) those with a line of its own. `$1` provider, `$2` region. */
const IN_SCOPE = `($2::varchar IS NULL OR b.region_code = $2)
  AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM settlement_lines o WHERE o.batch_id = b.id AND o.provider_id = $1))`;

/** What the batch list filters by; `q`: any part of a payee's name or USCC. */
export interface BatchFilter {
  regionCode?: string;
  period?: string;
  status?: BatchStatus;
  q?: string;
  limit: number;
  offset: number;
}

/** A row of SELECT_BATCH: the batch's columns, its total as text and its lines as JSON. */
interface BatchRow {
  id: string;
  region_code: string;
  period: string;
  sequence: number;
  status: BatchStatus;
  total: string;
  payment_reference: string | null;
  created_at: Date;
  approved_at: Date | null;
  notice_ends_at: Date | null;
  paid_at: Date | null;
  lines: LineJson[];
}

/** A line as SELECT_BATCH builds it in JSON (the amount as text: JSON numbers lose precision). */
interface LineJson {
  providerId: string;
  providerName: string;
  uscc: string;
  bankName: string;
  accountName: string;
  accountNo: string;
  amount: string;
  claimCount: number;
  status: LineStatus;
  returnReason: string | null;
}

interface RunRow {
  id: string;
  region_code: string;
  period: string;
  state: RunState;
  batch_ids: string[] | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** The amounts of a batch's items per fund and provider. */
export interface ItemSum {
  fundId: string;
  providerId: string;
  amount: bigint;
}

@Injectable()
export class SettlementRepository {
  /** A batch with all its lines (locked for a decision when `lock`). */
  async findBatch(manager: EntityManager, id: string, lock = false): Promise<SettlementBatch | undefined> {
    const rows: BatchRow[] = await manager.query(`${SELECT_BATCH} WHERE b.id = $2 ${lock ? 'FOR UPDATE OF b' : ''}`, [null, id]);
    return rows[0] && toBatch(rows[0]);
  }

  /** A batch as `scope` reads it (a provider: its own lines, total of them); undefined when out of reach. */
  async findBatchInScope(manager: EntityManager, scope: Scope, id: string): Promise<SettlementBatch | undefined> {
    const { providerId, regionCode } = columnsOf(scope);
    const rows: BatchRow[] = await manager.query(`${SELECT_BATCH} WHERE b.id = $3 AND ${IN_SCOPE}`, [providerId, regionCode, id]);
    return rows[0] && toBatch(rows[0]);
  }

  /**
   * The batches `scope` reads, optionally of one region, period and status, and with a line whose
   * payee's name or USCC holds `q` (a provider: its own lines only); newest period first, and how
   * many match before paging.
   */
  async listInScope(manager: EntityManager, scope: Scope, filter: BatchFilter): Promise<{ items: SettlementBatch[]; total: number }> {
    const { providerId, regionCode } = columnsOf(scope);
    const { rows, total } = await pagedQuery<BatchRow>(manager, {
      select: BATCH_COLUMNS,
      from: 'settlement_batches b',
      where: `${IN_SCOPE} AND ($3::varchar IS NULL OR b.region_code = $3) AND ($4::text IS NULL OR b.period = $4)
              AND ($5::text IS NULL OR b.status = $5)
              AND ($6::text IS NULL OR EXISTS (
                    SELECT 1 FROM settlement_lines q WHERE q.batch_id = b.id AND ($1::uuid IS NULL OR q.provider_id = $1)
                       AND (q.provider_name ILIKE $6 OR q.uscc ILIKE $6)))`,
      orderBy: 'b.period DESC, b.region_code, b.sequence',
      params: [
        providerId,
        regionCode,
        filter.regionCode ?? null,
        filter.period ?? null,
        filter.status ?? null,
        filter.q === undefined ? null : containsPattern(filter.q),
      ],
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items: rows.map(toBatch), total };
  }

  async findRun(manager: EntityManager, id: string, lock = false): Promise<SettlementRun | undefined> {
    const rows: RunRow[] = await manager.query(`SELECT * FROM settlement_runs WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] && toRun(rows[0]);
  }

  async insertRun(
    manager: EntityManager,
    run: { id: string; regionCode: string; period: string; requestedBy: string | null; at: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO settlement_runs (id, region_code, period, state, requested_by, created_at) VALUES ($1, $2, $3, 'waiting', $4, $5)
       ON CONFLICT (id) DO NOTHING`,
      [run.id, run.regionCode, run.period, run.requestedBy, run.at],
    );
  }

  /** Moves a run on; a completed run is final (a second delivery of its job must not reopen it and overwrite its batch ids). */
  async setRunState(
    manager: EntityManager,
    id: string,
    state: 'active' | 'completed' | 'failed',
    at: Date,
    patch: { batchIds?: string[]; error?: string } = {},
  ): Promise<void> {
    await manager.query(
      `UPDATE settlement_runs SET state = $2, batch_ids = coalesce($3::uuid[], batch_ids), error = $4,
              finished_at = CASE WHEN $2 = 'active' THEN NULL ELSE $5::timestamptz END
        WHERE id = $1 AND state <> 'completed'`,
      [id, state, patch.batchIds ?? null, patch.error ?? null, at],
    );
  }

  /** The regions that have funds, hence a month-end settlement. */
  async regionsWithFunds(manager: EntityManager): Promise<string[]> {
    const rows: Array<{ region_code: string }> = await manager.query(`SELECT DISTINCT region_code FROM funds ORDER BY region_code`);
    return rows.map((r) => r.region_code);
  }

  /** Serialises the builds of one region and period until the caller's transaction ends. */
  async lockRegionPeriod(manager: EntityManager, regionCode: string, period: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`settlement:${regionCode}:${period}`]);
  }

  /** A draft batch, numbered after the region and period's last one. */
  async insertDraftBatch(
    manager: EntityManager,
    batch: { id: string; regionCode: string; period: string; runId: string | null; at: Date },
  ): Promise<void> {
    await manager.query(SETTLEMENT_SQL.insertBatch, [batch.id, batch.regionCode, batch.period, batch.runId, batch.at]);
  }

  /**
   * Puts every approved claim part of the region's funds approved before `cutoff` that no batch
   * holds into the batch; answers how many. The eligible parts are read into a temporary table
   * first: selecting from settlement_items while inserting into it lets a stale plan (the table
   * analysed while empty) re-read the growing batch for every part, quadratic in the batch size
   * (bench: 119 s instead of 2 s for 100k parts).
   */
  async fillBatch(manager: EntityManager, batchId: string, regionCode: string, cutoff: Date): Promise<number> {
    await manager.query(SETTLEMENT_SQL.createEligible);
    await manager.query(SETTLEMENT_SQL.fillEligible, [regionCode, cutoff]);
    const [{ count }]: Array<{ count: number }> = await manager.query(SETTLEMENT_SQL.insertItems, [batchId]);
    return count;
  }

  /** One pending line per provider of the batch's items, with the provider's bank details of now. */
  async insertLines(manager: EntityManager, batchId: string): Promise<void> {
    await manager.query(SETTLEMENT_SQL.insertLines, [batchId]);
  }

  async deleteBatch(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM settlement_batches WHERE id = $1`, [id]);
  }

  /** The batch's items not returned (of one provider, or all), summed per fund and provider. */
  async sumItems(manager: EntityManager, batchId: string, providerId?: string): Promise<ItemSum[]> {
    const rows: Array<{ fund_id: string; provider_id: string; amount: string }> = await manager.query(SETTLEMENT_SQL.itemSums, [
      batchId,
      providerId ?? null,
    ]);
    return rows.map((r) => ({ fundId: r.fund_id, providerId: r.provider_id, amount: toBigInt(r.amount) }));
  }

  /** Approved at `at`; on payment notice (兑付公示) until `noticeEndsAt` (null: no notice). */
  async markApproved(manager: EntityManager, id: string, at: Date, noticeEndsAt: Date | null): Promise<void> {
    await manager.query(`UPDATE settlement_batches SET status = 'approved', approved_at = $2, notice_ends_at = $3 WHERE id = $1`, [
      id,
      at,
      noticeEndsAt,
    ]);
  }

  /** How many objections on the batch's lines are still open (undecided). */
  async countOpenObjections(manager: EntityManager, id: string): Promise<number> {
    const [row]: Array<{ count: number }> = await manager.query(
      `SELECT count(*)::int AS count FROM objections WHERE batch_id = $1 AND status = 'open'`,
      [id],
    );
    return row.count;
  }

  /** A provider's line and items of the batch go back: the bank refused the payment. */
  async returnLine(manager: EntityManager, id: string, providerId: string, reason: string): Promise<void> {
    await manager.query(`UPDATE settlement_lines SET status = 'returned', return_reason = $3 WHERE batch_id = $1 AND provider_id = $2`, [
      id,
      providerId,
      reason,
    ]);
    await manager.query(`UPDATE settlement_items SET returned = true WHERE batch_id = $1 AND provider_id = $2`, [id, providerId]);
  }

  /** The batch and its pending lines are paid. */
  async markPaid(manager: EntityManager, id: string, at: Date, paymentReference: string): Promise<void> {
    await manager.query(`UPDATE settlement_lines SET status = 'paid' WHERE batch_id = $1 AND status = 'pending'`, [id]);
    await manager.query(`UPDATE settlement_batches SET status = 'paid', paid_at = $2, payment_reference = $3 WHERE id = $1`, [
      id,
      at,
      paymentReference,
    ]);
  }
}

/** The provider ($1) and region ($2) columns a scope narrows batches to. */
function columnsOf(scope: Scope): { providerId: string | null; regionCode: string | null } {
  switch (scope.kind) {
    case 'all':
      return { providerId: null, regionCode: null };
    case 'region':
      return { providerId: null, regionCode: scope.regionCode };
    case 'provider':
      return { providerId: scope.providerId, regionCode: null };
    case 'enterprise':
    case 'applicant':
      // Enterprises (and applicants) are never paid by a batch: a scope that matches nothing.
      return { providerId: '00000000-0000-0000-0000-000000000000', regionCode: null };
  }
}

function toBatch(row: BatchRow): SettlementBatch {
  return {
    id: row.id,
    regionCode: row.region_code,
    period: row.period,
    sequence: row.sequence,
    status: row.status,
    total: toBigInt(row.total),
    paymentReference: row.payment_reference,
    createdAt: row.created_at,
    approvedAt: row.approved_at,
    noticeEndsAt: row.notice_ends_at,
    paidAt: row.paid_at,
    lines: row.lines.map((l) => ({
      providerId: l.providerId,
      providerName: l.providerName,
      uscc: l.uscc,
      bankName: l.bankName,
      accountName: l.accountName,
      accountNo: l.accountNo,
      amount: toBigInt(l.amount),
      claimCount: l.claimCount,
      status: l.status,
      returnReason: l.returnReason,
    })),
  };
}

function toRun(row: RunRow): SettlementRun {
  return {
    jobId: row.id,
    regionCode: row.region_code,
    period: row.period,
    state: row.state,
    batchIds: row.batch_ids ?? [],
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
