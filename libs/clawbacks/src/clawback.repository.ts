/*
 * Reads beside its own tables (clawbacks, clawback_parts), never writing them: redemptions and
 * redemption_parts (redemptions), claim_parts (claims), settlement_items and settlement_lines
 * (settlement) and funds (funding), in the one statement that decides whether a redemption's subsidy
 * was paid, per fund; providers (registry) and funds, for the names a clawback shows.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '@ivl/core';
import { toBigInt } from '@ivl/database';
import type { Clawback, ClawbackFilter, ClawbackStatus, PaidCheck } from './clawback.types.js';

interface ClawbackRow {
  id: string;
  redemption_id: string;
  provider_id: string;
  provider_name: string;
  amount: string;
  reason: string;
  status: ClawbackStatus;
  created_by: string;
  created_at: Date;
  recovered_at: Date | null;
  /** null only for a clawback without parts, which `insert` never writes. */
  parts: Array<{
    fund_id: string;
    fund_name: string;
    region_code: string;
    amount: string;
    status: ClawbackStatus;
    payment_reference: string | null;
    recovered_at: string | null;
  }> | null;
}

const SELECT = `
  SELECT c.*, pr.name AS provider_name,
         (SELECT json_agg(json_build_object('fund_id', p.fund_id, 'fund_name', f.name, 'region_code', p.fund_region_code,
                 'amount', p.amount::text, 'status', p.status, 'payment_reference', p.payment_reference,
                 'recovered_at', p.recovered_at) ORDER BY p.fund_region_code, p.fund_id)
            FROM clawback_parts p JOIN funds f ON f.id = p.fund_id WHERE p.clawback_id = c.id) AS parts
    FROM clawbacks c JOIN providers pr ON pr.id = c.provider_id`;

/** The clause of a scope on $1 (provider), $2 (a funding region), $3 (nothing at all). */
const IN_SCOPE = `NOT $3::boolean
  AND ($1::uuid IS NULL OR c.provider_id = $1)
  AND ($2::varchar IS NULL OR EXISTS (SELECT 1 FROM clawback_parts x WHERE x.clawback_id = c.id AND x.fund_region_code = $2))`;

function scopeParams(scope: Scope): [string | null, string | null, boolean] {
  switch (scope.kind) {
    case 'all':
      return [null, null, false];
    case 'provider':
      return [scope.providerId, null, false];
    case 'region':
      return [null, scope.regionCode, false];
    default:
      return [null, null, true];
  }
}

/** clawbacks and clawback_parts. */
@Injectable()
export class ClawbackRepository {
  /** Serialises clawing back one redemption until the caller's transaction ends (two auditors at once: one wins). */
  async lockRedemption(manager: EntityManager, redemptionId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('clawback:' || $1))`, [redemptionId]);
  }

  /** The redemption's subsidy per fund (parts of zero left out) and whether each fund's settlement line was paid; undefined if none. */
  async paidCheck(manager: EntityManager, redemptionId: string): Promise<PaidCheck | undefined> {
    const rows: Array<{ provider_id: string; fund_id: string | null; region_code: string | null; amount: string | null; paid: boolean }> =
      await manager.query(
        `SELECT r.provider_id, p.fund_id, f.region_code, sum(p.amount)::text AS amount,
                coalesce(bool_or(EXISTS (
                  SELECT 1 FROM claim_parts cp
                    JOIN settlement_items si ON si.claim_part_id = cp.id AND NOT si.returned
                    JOIN settlement_lines sl ON sl.batch_id = si.batch_id AND sl.provider_id = si.provider_id
                   WHERE cp.claim_id = r.claim_id AND cp.fund_id = p.fund_id AND sl.status = 'paid')), false) AS paid
           FROM redemptions r
           LEFT JOIN redemption_parts p ON p.redemption_id = r.id AND p.amount > 0
           LEFT JOIN funds f ON f.id = p.fund_id
          WHERE r.id = $1
          GROUP BY r.provider_id, p.fund_id, f.region_code
          ORDER BY p.fund_id`,
        [redemptionId],
      );
    if (rows.length === 0) return undefined;
    return {
      redemptionId,
      providerId: rows[0].provider_id,
      parts: rows
        .filter((r) => r.fund_id !== null)
        .map((r) => ({ fundId: r.fund_id ?? '', regionCode: r.region_code ?? '', amount: toBigInt(r.amount ?? '0'), paid: r.paid })),
    };
  }

  async existsForRedemption(manager: EntityManager, redemptionId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM clawbacks WHERE redemption_id = $1`, [redemptionId]);
    return rows.length > 0;
  }

  async insert(
    manager: EntityManager,
    c: { redemptionId: string; providerId: string; amount: bigint; reason: string; txId: string; createdBy: string; createdAt: Date },
    parts: Array<{ fundId: string; regionCode: string; amount: bigint }>,
  ): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await manager.query(
      `INSERT INTO clawbacks (redemption_id, provider_id, amount, reason, status, tx_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, 'recoverable', $5, $6, $7) RETURNING id`,
      [c.redemptionId, c.providerId, c.amount.toString(), c.reason, c.txId, c.createdBy, c.createdAt],
    );
    await manager.query(
      `INSERT INTO clawback_parts (clawback_id, fund_id, fund_region_code, amount, status)
       SELECT $1, fund_id, region_code, amount, 'recoverable'
         FROM unnest($2::uuid[], $3::varchar[], $4::bigint[]) AS p(fund_id, region_code, amount)`,
      [id, parts.map((p) => p.fundId), parts.map((p) => p.regionCode), parts.map((p) => p.amount.toString())],
    );
    return id;
  }

  /** The clawback, locked for a recovery (two recoveries at once: one after the other). */
  async lockById(manager: EntityManager, id: string): Promise<Clawback | undefined> {
    const locked: unknown[] = await manager.query(`SELECT 1 FROM clawbacks WHERE id = $1 FOR UPDATE`, [id]);
    if (locked.length === 0) return undefined;
    return this.findById(manager, id);
  }

  async findById(manager: EntityManager, id: string): Promise<Clawback | undefined> {
    const rows: ClawbackRow[] = await manager.query(`${SELECT} WHERE c.id = $1`, [id]);
    return rows.length > 0 ? toClawback(rows[0]) : undefined;
  }

  /** Marks the parts of the given funds recovered with the repayment's bank reference and ledger transaction. */
  async markPartsRecovered(
    manager: EntityManager,
    id: string,
    fundIds: string[],
    r: { paymentReference: string; by: string; at: Date; txId: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE clawback_parts SET status = 'recovered', payment_reference = $3, recovered_by = $4, recovered_at = $5, recover_tx_id = $6
        WHERE clawback_id = $1 AND fund_id = ANY($2::uuid[]) AND status = 'recoverable'`,
      [id, fundIds, r.paymentReference, r.by, r.at, r.txId],
    );
  }

  async markRecovered(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE clawbacks SET status = 'recovered', recovered_at = $2 WHERE id = $1`, [id, at]);
  }

  async listInScope(manager: EntityManager, scope: Scope, filter: ClawbackFilter): Promise<{ items: Clawback[]; total: number }> {
    const params = [...scopeParams(scope), filter.status ?? null, filter.providerId ?? null];
    const where = `WHERE ${IN_SCOPE} AND ($4::text IS NULL OR c.status = $4) AND ($5::uuid IS NULL OR c.provider_id = $5)`;
    const rows: ClawbackRow[] = await manager.query(`${SELECT} ${where} ORDER BY c.created_at DESC, c.id LIMIT $6 OFFSET $7`, [
      ...params,
      filter.limit,
      filter.offset,
    ]);
    const [{ total }]: Array<{ total: string }> = await manager.query(`SELECT count(*) AS total FROM clawbacks c ${where}`, params);
    return { items: rows.map(toClawback), total: Number(total) };
  }
}

function toClawback(row: ClawbackRow): Clawback {
  return {
    id: row.id,
    redemptionId: row.redemption_id,
    providerId: row.provider_id,
    providerName: row.provider_name,
    amount: toBigInt(row.amount),
    reason: row.reason,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    recoveredAt: row.recovered_at,
    parts: (row.parts ?? []).map((p) => ({
      fundId: p.fund_id,
      fundName: p.fund_name,
      regionCode: p.region_code,
      amount: toBigInt(p.amount),
      status: p.status,
      paymentReference: p.payment_reference,
      recoveredAt: p.recovered_at === null ? null : new Date(p.recovered_at),
    })),
  };
}
