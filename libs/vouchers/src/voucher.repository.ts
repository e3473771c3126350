import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '@ivl/core';
import { preparedQuery, toBigInt } from '@ivl/database';
import type { Voucher, VoucherStatus } from './voucher.types.js';

/*
 * Foreign tables read (never written): ledger_accounts, for what is left of each part; programs and
 * funds, for the issuing and funding regions a scope reaches; enterprises, for a controller's cap.
 */

interface VoucherRow {
  id: string;
  code: string;
  program_id: string;
  enterprise_id: string;
  application_id: string;
  face_value: string;
  balance: string;
  held: string;
  status: VoucherStatus;
  issued_at: Date;
  valid_until: Date;
  closed_at: Date | null;
  revoke_reason: string | null;
  funding: Array<{ fundId: string; faceValue: string | number; balance: string | number | null }> | null;
}

export interface VoucherFilter {
  status?: VoucherStatus;
  programId?: string;
  limit: number;
  offset: number;
}

/** Each part's face value and what is left of it (its `vouchers` account, owner = the voucher). */
const SELECT_VOUCHER = `
  SELECT v.*, (SELECT json_agg(json_build_object('fundId', p.fund_id, 'faceValue', p.face_value::text, 'balance', a.balance::text)
                               ORDER BY p.position)
                 FROM voucher_parts p
                 LEFT JOIN ledger_accounts a ON a.owner = v.id AND a.class = 'vouchers' AND a.fund_id = p.fund_id
                WHERE p.voucher_id = v.id) AS funding
    FROM vouchers v`;

/** The clause of a scope, on parameters $1 (enterprise), $2 (issuing region) and $3 (a funding region). */
const IN_SCOPE = `($1::uuid IS NULL OR v.enterprise_id = $1)
          AND ($2::varchar IS NULL OR v.program_id IN (SELECT id FROM programs WHERE issuer_region_code = $2))
          AND ($3::varchar IS NULL OR EXISTS (SELECT 1 FROM voucher_parts p JOIN funds f ON f.id = p.fund_id
                                               WHERE p.voucher_id = v.id AND f.region_code = $3))`;

/** A county officer reaches the vouchers its region issued, a finance bureau those its region's funds back. */
function scopeParams(scope: Scope): [string | null, string | null, string | null] {
  return [
    scope.kind === 'enterprise' ? scope.enterpriseId : null,
    scope.kind === 'region' && scope.role === 'county_officer' ? scope.regionCode : null,
    scope.kind === 'region' && scope.role === 'finance' ? scope.regionCode : null,
  ];
}

@Injectable()
export class VoucherRepository {
  async findById(manager: EntityManager, id: string): Promise<Voucher | undefined> {
    const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} WHERE v.id = $1`, [id]);
    return rows[0] && toVoucher(rows[0]);
  }

  /** Locks the voucher row: every change of a voucher's money starts here, so they serialise per voucher. */
  async lockById(manager: EntityManager, id: string): Promise<Voucher | undefined> {
    await manager.query(`SELECT 1 FROM vouchers WHERE id = $1 FOR UPDATE`, [id]);
    return this.findById(manager, id);
  }

  /** The voucher of `code` if `scope` reaches it (a provider's scope is checked by the caller, against the registry). */
  async findByCodeInScope(manager: EntityManager, code: string, scope: Scope): Promise<Voucher | undefined> {
    const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} WHERE ${IN_SCOPE} AND v.code = $4`, [...scopeParams(scope), code]);
    return rows[0] && toVoucher(rows[0]);
  }

  async findByIdInScope(manager: EntityManager, id: string, scope: Scope): Promise<Voucher | undefined> {
    const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} WHERE ${IN_SCOPE} AND v.id = $4`, [...scopeParams(scope), id]);
    return rows[0] && toVoucher(rows[0]);
  }

  /** The vouchers `scope` reaches: an enterprise's own, a county's issued, those a finance bureau's funds back, or all. */
  async listInScope(manager: EntityManager, scope: Scope, filter: VoucherFilter): Promise<Voucher[]> {
    const rows: VoucherRow[] = await manager.query(
      `${SELECT_VOUCHER}
        WHERE ${IN_SCOPE}
          AND ($4::text IS NULL OR v.status = $4)
          AND ($5::uuid IS NULL OR v.program_id = $5)
        ORDER BY v.issued_at DESC, v.id LIMIT $6 OFFSET $7`,
      [...scopeParams(scope), filter.status ?? null, filter.programId ?? null, filter.limit, filter.offset],
    );
    return rows.map(toVoucher);
  }

  /** Inserts the voucher unless the code is taken (80 random bits: practically never); true if inserted. */
  async insert(
    manager: EntityManager,
    v: Pick<Voucher, 'code' | 'programId' | 'enterpriseId' | 'applicationId' | 'faceValue' | 'issuedAt' | 'validUntil'>,
  ): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO vouchers (code, program_id, enterprise_id, application_id, face_value, balance, held, status, issued_at, valid_until)
       VALUES ($1, $2, $3, $4, $5, $5, 0, 'active', $6, $7)
       ON CONFLICT ON CONSTRAINT vouchers_code_key DO NOTHING RETURNING id`,
      [v.code, v.programId, v.enterpriseId, v.applicationId, v.faceValue.toString(), v.issuedAt, v.validUntil],
    );
    return rows[0]?.id;
  }

  async insertParts(manager: EntityManager, voucherId: string, parts: Array<{ fundId: string; faceValue: bigint }>): Promise<void> {
    await manager.query(
      `INSERT INTO voucher_parts (voucher_id, position, fund_id, face_value)
       SELECT $1, ord - 1, fund_id, face_value FROM unnest($2::uuid[], $3::bigint[]) WITH ORDINALITY AS p(fund_id, face_value, ord)`,
      [voucherId, parts.map((p) => p.fundId), parts.map((p) => p.faceValue.toString())],
    );
  }

  /** Adds to balance and held (negative to take away), and sets the status that follows. */
  async adjust(manager: EntityManager, id: string, balanceDelta: bigint, heldDelta: bigint): Promise<void> {
    await preparedQuery(
      manager,
      'voucher-adjust',
      `UPDATE vouchers SET balance = balance + $2, held = held + $3,
              status = CASE WHEN status IN ('active', 'exhausted')
                            THEN CASE WHEN balance + $2 = 0 AND held + $3 = 0 THEN 'exhausted' ELSE 'active' END
                            ELSE status END
        WHERE id = $1`,
      [id, balanceDelta.toString(), heldDelta.toString()],
    );
  }

  async close(manager: EntityManager, id: string, status: 'expired' | 'revoked', at: Date, reason: string | null): Promise<void> {
    await manager.query(`UPDATE vouchers SET status = $2, balance = 0, held = 0, closed_at = $3, revoke_reason = $4 WHERE id = $1`, [
      id,
      status,
      at,
      reason,
    ]);
  }

  /** Sum of face values issued under a program to an enterprise, or to every enterprise of a controller. */
  async issuedUnderProgram(
    manager: EntityManager,
    programId: string,
    by: { enterpriseId: string } | { controllerKey: string },
  ): Promise<bigint> {
    const [row]: Array<{ total: string | null }> =
      'enterpriseId' in by
        ? await manager.query(`SELECT sum(face_value)::bigint AS total FROM vouchers WHERE program_id = $1 AND enterprise_id = $2`, [
            programId,
            by.enterpriseId,
          ])
        : await manager.query(
            `SELECT sum(v.face_value)::bigint AS total FROM vouchers v JOIN enterprises e ON e.id = v.enterprise_id
              WHERE v.program_id = $1 AND e.controller_key = $2`,
            [programId, by.controllerKey],
          );
    return toBigInt(row.total);
  }

  /** Active vouchers with something left to use whose deadline falls in (from, to]: whom the expiry reminders concern. */
  async findExpiringBetween(
    manager: EntityManager,
    from: Date,
    to: Date,
  ): Promise<Array<{ id: string; code: string; enterpriseId: string; validUntil: Date; balance: bigint }>> {
    const rows: Array<{ id: string; code: string; enterprise_id: string; valid_until: Date; balance: string }> = await manager.query(
      `SELECT id, code, enterprise_id, valid_until, balance FROM vouchers
        WHERE status = 'active' AND balance > 0 AND valid_until > $1 AND valid_until <= $2 ORDER BY valid_until, id`,
      [from, to],
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      enterpriseId: r.enterprise_id,
      validUntil: r.valid_until,
      balance: BigInt(r.balance),
    }));
  }

  /** Ids of vouchers past their use deadline, locked; rows another worker holds are skipped. */
  async lockDueForExpiry(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM vouchers WHERE status IN ('active', 'exhausted') AND valid_until < $1
        ORDER BY valid_until LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }
}

function toVoucher(row: VoucherRow): Voucher {
  return {
    id: row.id,
    code: row.code,
    programId: row.program_id,
    enterpriseId: row.enterprise_id,
    applicationId: row.application_id,
    faceValue: toBigInt(row.face_value),
    balance: toBigInt(row.balance),
    held: toBigInt(row.held),
    status: row.status,
    issuedAt: row.issued_at,
    validUntil: row.valid_until,
    closedAt: row.closed_at,
    revokeReason: row.revoke_reason,
    funding: (row.funding ?? []).map((p) => ({ fundId: p.fundId, faceValue: toBigInt(p.faceValue), balance: toBigInt(p.balance) })),
  };
}
