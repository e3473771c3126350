import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '@ivl/core';
import type { NoticeKind, Objection, ObjectionFilter, ObjectionStatus, PublicObjection } from './notice.types.js';

interface ObjectionRow {
  id: string;
  notice_id: string;
  kind: NoticeKind;
  item_ref: string;
  region_code: string;
  provider_id: string | null;
  voucher_id: string | null;
  batch_id: string | null;
  objector_name: string;
  objector_contact: string;
  text: string;
  status: ObjectionStatus;
  outcome_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}

/**
 * What a reviewing office reaches: a county officer the objections to vouchers its region issued, a
 * finance bureau those to its region's payments; the city admin and auditors all of them.
 * $1 the region, $2 the kind the region's role reaches.
 */
const IN_SCOPE = `($1::varchar IS NULL OR (o.region_code = $1 AND o.kind = $2))`;

function scopeParams(scope: Scope): [string | null, NoticeKind | null] {
  if (scope.kind === 'all') return [null, null];
  if (scope.kind === 'region') return [scope.regionCode, scope.role === 'county_officer' ? 'voucher' : 'payment'];
  // Parties never read objections (the policy refuses them first): an impossible region matches nothing.
  return ['', null];
}

/** The objections table. */
@Injectable()
export class ObjectionRepository {
  async insert(
    manager: EntityManager,
    objection: {
      noticeId: string;
      kind: NoticeKind;
      itemRef: string;
      regionCode: string;
      providerId: string | null;
      voucherId: string | null;
      batchId: string | null;
      name: string;
      contact: string;
      address: string;
      text: string;
      at: Date;
    },
  ): Promise<Objection> {
    const [row]: ObjectionRow[] = await manager.query(
      `INSERT INTO objections (notice_id, kind, item_ref, region_code, provider_id, voucher_id, batch_id,
                               objector_name, objector_contact, objector_address, text, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        objection.noticeId,
        objection.kind,
        objection.itemRef,
        objection.regionCode,
        objection.providerId,
        objection.voucherId,
        objection.batchId,
        objection.name,
        objection.contact,
        objection.address,
        objection.text,
        objection.at,
      ],
    );
    return toObjection(row);
  }

  /** The objections of the notices, oldest first, as the public reads them. */
  async listPublic(manager: EntityManager, noticeIds: string[]): Promise<Map<string, PublicObjection[]>> {
    const rows: ObjectionRow[] = await manager.query(
      `SELECT id, notice_id, item_ref, status, text, outcome_reason, created_at, decided_at
         FROM objections WHERE notice_id = ANY($1::varchar[]) ORDER BY created_at, id`,
      [noticeIds],
    );
    const byNotice = new Map<string, PublicObjection[]>();
    for (const r of rows) byNotice.set(r.notice_id, [...(byNotice.get(r.notice_id) ?? []), toPublic(r)]);
    return byNotice;
  }

  /** The objections `scope` reaches, newest first, and their total. */
  async listInScope(manager: EntityManager, scope: Scope, filter: ObjectionFilter): Promise<{ items: Objection[]; total: number }> {
    const rows: Array<ObjectionRow & { total: string }> = await manager.query(
      `SELECT o.*, count(*) OVER () AS total FROM objections o
        WHERE ${IN_SCOPE} AND ($3::text IS NULL OR o.status = $3) AND ($4::text IS NULL OR o.kind = $4)
        ORDER BY o.created_at DESC, o.id LIMIT $5 OFFSET $6`,
      [...scopeParams(scope), filter.status ?? null, filter.kind ?? null, filter.limit, filter.offset],
    );
    return { items: rows.map(toObjection), total: rows[0] ? Number(rows[0].total) : 0 };
  }

  /** The objection if `scope` reaches it, locked to the end of the transaction (decisions serialise on it). */
  async lockInScope(manager: EntityManager, scope: Scope, id: string): Promise<Objection | undefined> {
    const rows: ObjectionRow[] = await manager.query(`SELECT o.* FROM objections o WHERE ${IN_SCOPE} AND o.id = $3 FOR UPDATE`, [
      ...scopeParams(scope),
      id,
    ]);
    return rows[0] && toObjection(rows[0]);
  }

  async decide(
    manager: EntityManager,
    id: string,
    decision: { status: 'upheld' | 'dismissed'; reason: string; by: string; at: Date },
  ): Promise<Objection> {
    const [row]: ObjectionRow[] = await manager.query(
      `WITH changed AS (
         UPDATE objections SET status = $2, outcome_reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1 RETURNING *)
       SELECT * FROM changed`,
      [id, decision.status, decision.reason, decision.by, decision.at],
    );
    return toObjection(row);
  }
}

function toPublic(row: ObjectionRow): PublicObjection {
  return {
    id: row.id,
    itemRef: row.item_ref,
    status: row.status,
    text: row.text,
    outcome: row.outcome_reason,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

function toObjection(row: ObjectionRow): Objection {
  return {
    ...toPublic(row),
    noticeId: row.notice_id,
    kind: row.kind,
    regionCode: row.region_code,
    providerId: row.provider_id,
    voucherId: row.voucher_id,
    batchId: row.batch_id,
    name: row.objector_name,
    contact: row.objector_contact,
    decidedBy: row.decided_by,
  };
}
