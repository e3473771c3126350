/*
 * Reads beside its own table, never writing them: services (catalog lib), providers and enterprises
 * (registry), for the names an order shows; vouchers, programs and enterprises, in the one statement
 * that reads what ordering with a voucher decides on; programs, for the issuing region a county
 * officer's scope reaches.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category, Scope } from '@ivl/core';
import { toBigInt } from '@ivl/database';
import type { Order, OrderFilter, OrderStatus } from './order.types.js';

interface OrderRow {
  id: string;
  service_id: string;
  service_name: string;
  provider_id: string;
  provider_name: string;
  enterprise_id: string;
  enterprise_name: string;
  voucher_id: string;
  code: string;
  program_id: string;
  issuer_region_code: string;
  category: Category;
  description: string;
  status: OrderStatus;
  agreed_amount: string | null;
  contract_document_id: string | null;
  decline_reason: string | null;
  redemption_id: string | null;
  created_at: Date;
  decided_at: Date | null;
  cancelled_at: Date | null;
  redeemed_at: Date | null;
}

/** What ordering with a voucher decides on: the voucher, its program's rules and its enterprise. */
export interface VoucherForOrder {
  voucherId: string;
  enterpriseId: string;
  enterpriseUscc: string;
  enterpriseController: string | null;
  status: string;
  validUntil: Date;
  balance: bigint;
  programId: string;
  programCategories: Category[];
}

const SELECT = `
  SELECT o.*, s.name AS service_name, pr.name AS provider_name, e.name AS enterprise_name, v.code, pg.issuer_region_code
    FROM orders o
    JOIN services s ON s.id = o.service_id
    JOIN providers pr ON pr.id = o.provider_id
    JOIN enterprises e ON e.id = o.enterprise_id
    JOIN vouchers v ON v.id = o.voucher_id
    JOIN programs pg ON pg.id = o.program_id`;

/** The clause of a scope on $1 (provider), $2 (enterprise), $3 (issuing region), $4 (nothing at all: a scope orders do not know). */
const IN_SCOPE = `NOT $4::boolean
  AND ($1::uuid IS NULL OR o.provider_id = $1)
  AND ($2::uuid IS NULL OR o.enterprise_id = $2)
  AND ($3::varchar IS NULL OR pg.issuer_region_code = $3)`;

function scopeParams(scope: Scope): [string | null, string | null, string | null, boolean] {
  switch (scope.kind) {
    case 'all':
      return [null, null, null, false];
    case 'provider':
      return [scope.providerId, null, null, false];
    case 'enterprise':
      return [null, scope.enterpriseId, null, false];
    case 'region':
      return scope.role === 'county_officer' ? [null, null, scope.regionCode, false] : [null, null, null, true];
    default:
      return [null, null, null, true];
  }
}

/** The orders table. */
@Injectable()
export class OrderRepository {
  /** The voucher of a code with what ordering with it decides on; undefined for an unknown code. */
  async voucherForOrder(manager: EntityManager, code: string): Promise<VoucherForOrder | undefined> {
    const rows: Array<{
      id: string;
      enterprise_id: string;
      uscc: string;
      controller_key: string | null;
      status: string;
      valid_until: Date;
      balance: string;
      program_id: string;
      categories: Category[];
    }> = await manager.query(
      `SELECT v.id, v.enterprise_id, e.uscc, e.controller_key, v.status, v.valid_until, v.balance, v.program_id, p.categories
         FROM vouchers v JOIN programs p ON p.id = v.program_id JOIN enterprises e ON e.id = v.enterprise_id
        WHERE v.code = $1`,
      [code],
    );
    const row = rows.at(0);
    return (
      row && {
        voucherId: row.id,
        enterpriseId: row.enterprise_id,
        enterpriseUscc: row.uscc,
        enterpriseController: row.controller_key,
        status: row.status,
        validUntil: row.valid_until,
        balance: toBigInt(row.balance),
        programId: row.program_id,
        programCategories: row.categories,
      }
    );
  }

  async insert(
    manager: EntityManager,
    order: {
      serviceId: string;
      providerId: string;
      enterpriseId: string;
      voucherId: string;
      programId: string;
      category: Category;
      description: string;
      orderedBy: string;
      createdAt: Date;
    },
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO orders (service_id, provider_id, enterprise_id, voucher_id, program_id, category, description, ordered_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        order.serviceId,
        order.providerId,
        order.enterpriseId,
        order.voucherId,
        order.programId,
        order.category,
        order.description,
        order.orderedBy,
        order.createdAt,
      ],
    );
    return row.id;
  }

  async findById(manager: EntityManager, id: string): Promise<Order | undefined> {
    const rows: OrderRow[] = await manager.query(`${SELECT} WHERE o.id = $1`, [id]);
    return rows[0] && toOrder(rows[0]);
  }

  /** Locks the order's row: its transitions (accept, decline, cancel, redeem) serialise on it. */
  async lockById(manager: EntityManager, id: string): Promise<Order | undefined> {
    const rows: OrderRow[] = await manager.query(`${SELECT} WHERE o.id = $1 FOR UPDATE OF o`, [id]);
    return rows[0] && toOrder(rows[0]);
  }

  async markAccepted(
    manager: EntityManager,
    id: string,
    accepted: { agreedAmount: bigint; contractDocumentId: string | null; by: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE orders SET status = 'accepted', agreed_amount = $2, contract_document_id = $3, decided_by = $4, decided_at = $5 WHERE id = $1`,
      [id, accepted.agreedAmount.toString(), accepted.contractDocumentId, accepted.by, accepted.at],
    );
  }

  async markDeclined(manager: EntityManager, id: string, declined: { reason: string; by: string; at: Date }): Promise<void> {
    await manager.query(`UPDATE orders SET status = 'declined', decline_reason = $2, decided_by = $3, decided_at = $4 WHERE id = $1`, [
      id,
      declined.reason,
      declined.by,
      declined.at,
    ]);
  }

  async markCancelled(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE orders SET status = 'cancelled', cancelled_at = $2 WHERE id = $1`, [id, at]);
  }

  async markRedeemed(manager: EntityManager, id: string, redemptionId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE orders SET status = 'redeemed', redemption_id = $2, redeemed_at = $3 WHERE id = $1`, [
      id,
      redemptionId,
      at,
    ]);
  }

  /** The orders redeemed by these (cancelled) redemptions are accepted again; answers them. */
  async reopenRedeemedBy(manager: EntityManager, redemptionIds: readonly string[]): Promise<Array<{ id: string; redemptionId: string }>> {
    const rows: Array<{ id: string; redemption_id: string }> = await manager.query(
      `WITH reopened AS (
         UPDATE orders o SET status = 'accepted', redemption_id = NULL, redeemed_at = NULL
           FROM orders prior
          WHERE prior.id = o.id AND o.redemption_id = ANY($1::uuid[])
          RETURNING o.id, prior.redemption_id
       )
       SELECT id, redemption_id FROM reopened ORDER BY id`,
      [redemptionIds],
    );
    return rows.map((r) => ({ id: r.id, redemptionId: r.redemption_id }));
  }

  async listInScope(manager: EntityManager, scope: Scope, filter: OrderFilter): Promise<{ items: Order[]; total: number }> {
    const where = `WHERE ${IN_SCOPE} AND ($5::text IS NULL OR o.status = $5)`;
    const values = [...scopeParams(scope), filter.status ?? null];
    const rows: OrderRow[] = await manager.query(`${SELECT} ${where} ORDER BY o.created_at DESC, o.id LIMIT $6 OFFSET $7`, [
      ...values,
      filter.limit,
      filter.offset,
    ]);
    const [{ total }]: Array<{ total: string }> = await manager.query(
      `SELECT count(*) AS total FROM orders o JOIN programs pg ON pg.id = o.program_id ${where}`,
      values,
    );
    return { items: rows.map(toOrder), total: Number(total) };
  }
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    providerId: row.provider_id,
    providerName: row.provider_name,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    voucherId: row.voucher_id,
    voucherCode: row.code,
    programId: row.program_id,
    issuerRegionCode: row.issuer_region_code,
    category: row.category,
    description: row.description,
    status: row.status,
    agreedAmount: row.agreed_amount === null ? null : toBigInt(row.agreed_amount),
    contractDocumentId: row.contract_document_id,
    declineReason: row.decline_reason,
    redemptionId: row.redemption_id,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    cancelledAt: row.cancelled_at,
    redeemedAt: row.redeemed_at,
  };
}
