import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, periodRange, type Scope } from '@ivl/core';
import { isUniqueViolation, pagedQuery, toBigInt } from '@ivl/database';
import type { Claim, ClaimPayment, ClaimStatus } from './claim.types.js';

/*
 * Foreign tables read (never written): programs, for a claim's issuing region, which decides who
 * reviews and reads it; providers (registry), joined set-based in the list to filter by the
 * provider's region and to search its name and USCC; and, for a claim's payment state per funding
 * region (`paymentsOf`, one set-based read), settlement_items and settlement_batches (settlement) and
 * regions (registry).
 */

/** A claim with the issuing region of its program: who reviews and reads it. */
export interface ReviewedClaim extends Claim {
  issuerRegionCode: string;
}

export interface ClaimFilter {
  status?: ClaimStatus;
  programId?: string;
  /** The claiming provider's region. */
  regionCode?: string;
  /** The month (Asia/Shanghai) the claim was submitted, `YYYY-MM`. */
  period?: string;
  /** Any part of the invoice number, the provider's name or USCC, or the claim's id. */
  q?: string;
  limit: number;
  offset: number;
}

interface ClaimRow {
  id: string;
  provider_id: string;
  program_id: string;
  amount: string;
  invoice_number: string;
  invoice_date: string;
  status: ClaimStatus;
  reject_reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  issuer_region_code: string;
  redemption_ids: string[];
}

const CLAIM_COLUMNS = `
  SELECT c.id, c.provider_id, c.program_id, c.amount, c.invoice_number, to_char(c.invoice_date, 'YYYY-MM-DD') AS invoice_date,
         c.status, c.reject_reason, c.created_at, c.decided_at, p.issuer_region_code,
         ARRAY(SELECT i.redemption_id FROM claim_items i WHERE i.claim_id = c.id ORDER BY i.redemption_id) AS redemption_ids`;
const CLAIM_TABLES = `claims c JOIN programs p ON p.id = c.program_id`;
const SELECT_CLAIM = `${CLAIM_COLUMNS} FROM ${CLAIM_TABLES}`;

@Injectable()
export class ClaimRepository {
  /** Inserts a submitted claim and its items; undefined when its invoice number was used in another claim. */
  async insertSubmitted(
    manager: EntityManager,
    c: {
      providerId: string;
      programId: string;
      amount: bigint;
      invoice: { number: string; date: string };
      redemptionIds: string[];
      createdAt: Date;
    },
  ): Promise<string | undefined> {
    let id: string;
    try {
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO claims (provider_id, program_id, amount, invoice_number, invoice_date, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'submitted', $6) RETURNING id`,
        [c.providerId, c.programId, c.amount.toString(), c.invoice.number, c.invoice.date, c.createdAt],
      );
      id = row.id;
    } catch (error) {
      if (!isUniqueViolation(error, 'claims_invoice_key')) throw error;
      return undefined;
    }
    await manager.query(`INSERT INTO claim_items (claim_id, redemption_id) SELECT $1, unnest($2::uuid[])`, [id, c.redemptionIds]);
    return id;
  }

  async findById(manager: EntityManager, id: string): Promise<ReviewedClaim | undefined> {
    const rows: ClaimRow[] = await manager.query(`${SELECT_CLAIM} WHERE c.id = $1`, [id]);
    return rows[0] && toClaim(rows[0]);
  }

  /** Locks the claim for its review, so two reviewers of it serialise. */
  async lockForReview(manager: EntityManager, id: string): Promise<ReviewedClaim | undefined> {
    const rows: ClaimRow[] = await manager.query(`${SELECT_CLAIM} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
    return rows[0] && toClaim(rows[0]);
  }

  async recordDecision(
    manager: EntityManager,
    id: string,
    d: { status: 'approved' | 'rejected'; reason: string | null; at: Date; by: string },
  ): Promise<void> {
    await manager.query(`UPDATE claims SET status = $2, reject_reason = $3, decided_at = $4, decided_by = $5 WHERE id = $1`, [
      id,
      d.status,
      d.reason,
      d.at,
      d.by,
    ]);
  }

  /** What an approved claim owes per fund, due for settlement by each fund's region. */
  async insertParts(
    manager: EntityManager,
    claimId: string,
    providerId: string,
    parts: Array<{ fundId: string; fundRegionCode: string; amount: bigint }>,
    approvedAt: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO claim_parts (claim_id, fund_id, fund_region_code, provider_id, amount, approved_at)
       SELECT $1, fund_id, fund_region_code, $2, amount, $3 FROM unnest($4::uuid[], $5::varchar[], $6::bigint[]) AS p(fund_id, fund_region_code, amount)`,
      [
        claimId,
        providerId,
        approvedAt,
        parts.map((p) => p.fundId),
        parts.map((p) => p.fundRegionCode),
        parts.map((p) => p.amount.toString()),
      ],
    );
  }

  /** The regions whose funds owe an approved claim (its parts'), none before approval. */
  async payingRegionsOf(manager: EntityManager, claimId: string): Promise<string[]> {
    const rows: Array<{ fund_region_code: string }> = await manager.query(
      'SELECT DISTINCT fund_region_code FROM claim_parts WHERE claim_id = $1 ORDER BY fund_region_code',
      [claimId],
    );
    return rows.map((row) => row.fund_region_code);
  }

  /**
   * What an approved claim owes per funding region and how far its payment has gone: each part's
   * latest settlement item decides (none: pending; returned: returned; in a paid batch: paid; else in
   * a batch); a region whose parts differ shows the least advanced state. Empty before approval.
   */
  async paymentsOf(manager: EntityManager, claimId: string): Promise<ClaimPayment[]> {
    const rows: Array<{
      region_code: string;
      region_name: string | null;
      amount: string;
      status: ClaimPayment['status'];
      batch_id: string | null;
      paid_at: Date | null;
    }> = await manager.query(
      `WITH part AS (
         SELECT cp.id, cp.fund_region_code, cp.amount, last.batch_id, last.returned, last.status AS batch_status, last.paid_at
           FROM claim_parts cp
           LEFT JOIN LATERAL (
             SELECT si.batch_id, si.returned, b.status, b.paid_at
               FROM settlement_items si JOIN settlement_batches b ON b.id = si.batch_id
              WHERE si.claim_part_id = cp.id
              ORDER BY b.created_at DESC, b.sequence DESC LIMIT 1) last ON true
          WHERE cp.claim_id = $1),
       staged AS (
         SELECT fund_region_code, amount, batch_id, paid_at,
                CASE WHEN batch_id IS NULL THEN 'pending' WHEN returned THEN 'returned'
                     WHEN batch_status = 'paid' THEN 'paid' ELSE 'in_batch' END AS status
           FROM part)
       SELECT s.fund_region_code AS region_code, r.name AS region_name, sum(s.amount)::text AS amount,
              (array_agg(s.status ORDER BY array_position(ARRAY['returned','pending','in_batch','paid'], s.status)))[1] AS status,
              (array_agg(s.batch_id ORDER BY s.batch_id IS NULL, array_position(ARRAY['returned','pending','in_batch','paid'], s.status)))[1] AS batch_id,
              max(s.paid_at) FILTER (WHERE s.status = 'paid') AS paid_at
         FROM staged s LEFT JOIN regions r ON r.code = s.fund_region_code
        GROUP BY s.fund_region_code, r.name
        ORDER BY s.fund_region_code`,
      [claimId],
    );
    return rows.map((row) => ({
      regionCode: row.region_code,
      regionName: row.region_name ?? row.region_code,
      amount: toBigInt(row.amount),
      status: row.status,
      batchId: row.batch_id,
      paidAt: row.status === 'paid' ? row.paid_at : null,
    }));
  }

  /** The claims `scope` reaches (a provider's own, those of programs its region issued, or all), filtered, newest first, and how many match before paging. */
  async listInScope(manager: EntityManager, scope: Scope, filter: ClaimFilter): Promise<{ items: ReviewedClaim[]; total: number }> {
    const month = filter.period === undefined ? undefined : periodRange(filter.period);
    const { rows, total } = await pagedQuery<ClaimRow>(manager, {
      select: CLAIM_COLUMNS,
      from: `${CLAIM_TABLES} JOIN providers pr ON pr.id = c.provider_id`,
      where: `($1::uuid IS NULL OR c.provider_id = $1) AND ($2::varchar IS NULL OR p.issuer_region_code = $2)
          AND ($3::text IS NULL OR c.status = $3) AND ($4::uuid IS NULL OR c.program_id = $4)
          AND ($5::varchar IS NULL OR pr.region_code = $5)
          AND ($6::timestamptz IS NULL OR (c.created_at >= $6 AND c.created_at < $7))
          AND ($8::text IS NULL OR c.invoice_number ILIKE $8 OR pr.name ILIKE $8 OR pr.uscc ILIKE $8 OR c.id::text ILIKE $8)`,
      orderBy: 'c.created_at DESC, c.id',
      params: [
        scope.kind === 'provider' ? scope.providerId : null,
        scope.kind === 'region' ? scope.regionCode : null,
        filter.status ?? null,
        filter.programId ?? null,
        filter.regionCode ?? null,
        month?.start ?? null,
        month?.end ?? null,
        filter.q === undefined ? null : containsPattern(filter.q),
      ],
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items: rows.map(toClaim), total };
  }
}

function toClaim(row: ClaimRow): ReviewedClaim {
  const amount = toBigInt(row.amount);
  return {
    id: row.id,
    providerId: row.provider_id,
    programId: row.program_id,
    amount,
    invoice: { number: row.invoice_number, date: row.invoice_date, amount },
    status: row.status,
    rejectReason: row.reject_reason,
    redemptionIds: row.redemption_ids,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    issuerRegionCode: row.issuer_region_code,
  };
}
