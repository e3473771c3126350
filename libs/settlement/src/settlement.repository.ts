import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toBigInt } from '@ivl/database';
import type { SettlementBatch, SettlementRun } from './settlement.types.js';

const SELECT_BATCH = `
  SELECT b.*,
         coalesce((SELECT sum(l.amount) FROM settlement_lines l WHERE l.batch_id = b.id AND l.status <> 'returned'), 0)::text AS total,
         coalesce((SELECT json_agg(json_build_object(
                     'providerId', l.provider_id, 'providerName', l.provider_name, 'uscc', l.uscc, 'bankName', l.bank_name,
                     'accountName', l.account_name, 'accountNo', l.account_no, 'amount', l.amount::text,
                     'claimCount', l.claim_count, 'status', l.status, 'returnReason', l.return_reason)
                     ORDER BY l.provider_name, l.provider_id)
                     FROM settlement_lines l WHERE l.batch_id = b.id), '[]') AS lines
    FROM settlement_batches b`;

@Injectable()
export class SettlementRepository {
  async findBatch(manager: EntityManager, id: string, lock = false): Promise<SettlementBatch | undefined> {
    const rows: Array<Record<string, any>> = await manager.query(`${SELECT_BATCH} WHERE b.id = $1 ${lock ? 'FOR UPDATE OF b' : ''}`, [id]);
    return rows[0] && toBatch(rows[0]);
  }

  async listBatches(manager: EntityManager, filter: { regionCode?: string; period?: string }): Promise<SettlementBatch[]> {
    const rows: Array<Record<string, any>> = await manager.query(
      `${SELECT_BATCH} WHERE ($1::varchar IS NULL OR b.region_code = $1) AND ($2::text IS NULL OR b.period = $2)
        ORDER BY b.period DESC, b.region_code, b.sequence`,
      [filter.regionCode ?? null, filter.period ?? null],
    );
    return rows.map(toBatch);
  }

  async findRun(manager: EntityManager, id: string, lock = false): Promise<SettlementRun | undefined> {
    const rows: Array<Record<string, any>> = await manager.query(`SELECT * FROM settlement_runs WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] && toRun(rows[0]);
  }

  async insertRun(manager: EntityManager, run: { id: string; regionCode: string; period: string; requestedBy: string | null; at: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO settlement_runs (id, region_code, period, state, requested_by, created_at) VALUES ($1, $2, $3, 'waiting', $4, $5)
       ON CONFLICT (id) DO NOTHING`,
      [run.id, run.regionCode, run.period, run.requestedBy, run.at],
    );
  }

  /** Moves a run on; a completed run is final (a second delivery of its job must not reopen it and overwrite its batch ids). */
  async setRunState(manager: EntityManager, id: string, state: 'active' | 'completed' | 'failed', at: Date, patch: { batchIds?: string[]; error?: string } = {}): Promise<void> {
    await manager.query(
      `UPDATE settlement_runs SET state = $2, batch_ids = coalesce($3::uuid[], batch_ids), error = $4,
              finished_at = CASE WHEN $2 = 'active' THEN NULL ELSE $5::timestamptz END
        WHERE id = $1 AND state <> 'completed'`,
      [id, state, patch.batchIds ?? null, patch.error ?? null, at],
    );
  }
}

function toBatch(row: Record<string, any>): SettlementBatch {
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
    paidAt: row.paid_at,
    lines: (row.lines as Array<Record<string, any>>).map((l) => ({
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

function toRun(row: Record<string, any>): SettlementRun {
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
