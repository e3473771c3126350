/*
 * A set-based read across other libs' tables, read-only: the public notices (公示) are derived from
 * their owners' rows rather than stored. It joins providers and complexes (registry: providers
 * approved through registration, i.e. with a `notice_ends_at`; the registration's decision time,
 * registration lib, is when the notice started), vouchers, programs and enterprises
 * (vouchers, funding, registry: one program's vouchers issued on one Shanghai day), settlement
 * batches and lines (settlement: a batch approved with a payment notice) and regions (for titles).
 * `lockSubject` takes a share lock on the provider or batch an objection is filed against, so the
 * end-notice job and the payment cannot slip between the check that the notice runs and the insert.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category, ProviderStatus } from '@ivl/core';
import { toBigInt } from '@ivl/database';
import type { NoticeKind, PaymentNoticeItem, ProviderNoticeItem, VoucherNoticeItem } from './notice.types.js';

/** A notice's header; `subjectId` is the provider, the program (with `day`) or the batch. */
export interface NoticeHeader {
  id: string;
  kind: NoticeKind;
  regionCode: string;
  regionName: string;
  /** The provider's name, the program's name, or the batch's period and sequence (`2026-03 第1批`). */
  label: string;
  startsAt: Date;
  endsAt: Date;
  subjectId: string;
  day: string | null;
}

interface HeaderRow {
  id: string;
  kind: NoticeKind;
  region_code: string;
  region_name: string;
  label: string;
  starts_at: Date;
  ends_at: Date;
  subject_id: string;
  day: string | null;
  total: string;
}

/**
 * Every notice, newest first. $1 kind, $2 region, $3 subject id, $4 day (the voucher notices'
 * Shanghai day), $5 the voucher notice days, $6 limit, $7 offset.
 */
const SELECT_HEADERS = `
  WITH headers AS (
    SELECT 'provider-' || p.id AS id, 'provider'::text AS kind, p.region_code, p.name::text AS label,
           coalesce((SELECT max(rg.decided_at) FROM registrations rg WHERE rg.provider_id = p.id), p.created_at) AS starts_at,
           p.notice_ends_at AS ends_at, p.id AS subject_id, NULL::date AS day
      FROM providers p
     WHERE p.notice_ends_at IS NOT NULL AND ($1::text IS NULL OR $1 = 'provider') AND ($3::uuid IS NULL OR p.id = $3)
    UNION ALL
    SELECT 'voucher-' || g.program_id || '-' || to_char(g.day, 'YYYY-MM-DD'), 'voucher', g.region_code, g.program_name,
           g.day::timestamp AT TIME ZONE 'Asia/Shanghai', (g.day + $5::int + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', g.program_id, g.day
      FROM (SELECT v.program_id, pr.issuer_region_code AS region_code, pr.name::text AS program_name,
                   (v.issued_at AT TIME ZONE 'Asia/Shanghai')::date AS day
              FROM vouchers v JOIN programs pr ON pr.id = v.program_id
             WHERE ($1::text IS NULL OR $1 = 'voucher') AND ($3::uuid IS NULL OR v.program_id = $3)
               AND ($4::date IS NULL OR (v.issued_at AT TIME ZONE 'Asia/Shanghai')::date = $4)
             GROUP BY 1, 2, 3, 4) g
    UNION ALL
    SELECT 'payment-' || b.id, 'payment', b.region_code, b.period || ' 第' || b.sequence || '批',
           b.approved_at, b.notice_ends_at, b.id, NULL::date
      FROM settlement_batches b
     WHERE b.notice_ends_at IS NOT NULL AND ($1::text IS NULL OR $1 = 'payment') AND ($3::uuid IS NULL OR b.id = $3)
  )
  SELECT h.id, h.kind, h.region_code, r.name AS region_name, h.label, h.starts_at, h.ends_at, h.subject_id,
         to_char(h.day, 'YYYY-MM-DD') AS day, count(*) OVER () AS total
    FROM headers h JOIN regions r ON r.code = h.region_code
   WHERE ($2::varchar IS NULL OR h.region_code = $2)
   ORDER BY h.starts_at DESC, h.id
   LIMIT $6 OFFSET $7`;

/** The public notices, derived on read from the owners' rows (see the top of this file). */
@Injectable()
export class NoticeRepository {
  /** One page of notice headers, newest first, and the total before the page. */
  async listHeaders(
    manager: EntityManager,
    filter: {
      kind?: NoticeKind;
      regionCode?: string;
      subjectId?: string;
      day?: string;
      voucherNoticeDays: number;
      limit: number;
      offset: number;
    },
  ): Promise<{ headers: NoticeHeader[]; total: number }> {
    const rows: HeaderRow[] = await manager.query(SELECT_HEADERS, [
      filter.kind ?? null,
      filter.regionCode ?? null,
      filter.subjectId ?? null,
      filter.day ?? null,
      filter.voucherNoticeDays,
      filter.limit,
      filter.offset,
    ]);
    return {
      headers: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        regionCode: r.region_code,
        regionName: r.region_name,
        label: r.label,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        subjectId: r.subject_id,
        day: r.day,
      })),
      total: rows[0] ? Number(rows[0].total) : 0,
    };
  }

  /** The providers of provider notices (no bank account, no contacts), by id. */
  async providerItems(manager: EntityManager, providerIds: string[]): Promise<Map<string, ProviderNoticeItem>> {
    const rows: Array<{
      id: string;
      name: string;
      uscc: string;
      region_code: string;
      complex_name: string | null;
      categories: Category[];
      status: ProviderStatus;
    }> = await manager.query(
      `SELECT p.id, p.name, p.uscc, p.region_code, c.name AS complex_name, p.categories, p.status
         FROM providers p LEFT JOIN complexes c ON c.id = p.complex_id
        WHERE p.id = ANY($1::uuid[])`,
      [providerIds],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          itemRef: r.id,
          name: r.name,
          uscc: r.uscc,
          regionCode: r.region_code,
          complexName: r.complex_name,
          categories: r.categories,
          status: r.status,
        },
      ]),
    );
  }

  /** The vouchers of voucher notices (never their codes), keyed `programId|day`, in issue order. */
  async voucherItems(manager: EntityManager, groups: Array<{ programId: string; day: string }>): Promise<Map<string, VoucherNoticeItem[]>> {
    const rows: Array<{
      id: string;
      program_id: string;
      day: string;
      program_name: string;
      enterprise_name: string;
      face_value: string;
      status: string;
    }> = await manager.query(
      `SELECT v.id, v.program_id, to_char((v.issued_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS day,
                pr.name AS program_name, e.name AS enterprise_name, v.face_value::text AS face_value, v.status
           FROM vouchers v JOIN programs pr ON pr.id = v.program_id JOIN enterprises e ON e.id = v.enterprise_id
           JOIN unnest($1::uuid[], $2::date[]) AS g (program_id, day)
             ON g.program_id = v.program_id AND g.day = (v.issued_at AT TIME ZONE 'Asia/Shanghai')::date
          ORDER BY v.issued_at, v.id`,
      [groups.map((g) => g.programId), groups.map((g) => g.day)],
    );
    const items = new Map<string, VoucherNoticeItem[]>();
    for (const r of rows) {
      const key = `${r.program_id}|${r.day}`;
      items.set(key, [
        ...(items.get(key) ?? []),
        {
          itemRef: r.id,
          programName: r.program_name,
          enterpriseName: r.enterprise_name,
          faceValue: toBigInt(r.face_value),
          status: r.status,
        },
      ]);
    }
    return items;
  }

  /** The lines of payment notices (provider and amount; never the account), keyed by batch. */
  async paymentItems(manager: EntityManager, batchIds: string[]): Promise<Map<string, PaymentNoticeItem[]>> {
    const rows: Array<{ batch_id: string; provider_id: string; provider_name: string; amount: string; status: string }> =
      await manager.query(
        `SELECT batch_id, provider_id, provider_name, amount::text AS amount, status
         FROM settlement_lines WHERE batch_id = ANY($1::uuid[]) ORDER BY provider_name, provider_id`,
        [batchIds],
      );
    const items = new Map<string, PaymentNoticeItem[]>();
    for (const r of rows) {
      items.set(r.batch_id, [
        ...(items.get(r.batch_id) ?? []),
        { itemRef: r.provider_id, providerName: r.provider_name, amount: toBigInt(r.amount), status: r.status },
      ]);
    }
    return items;
  }

  /**
   * Share-locks the provider (provider notice) or the batch (payment notice) an objection is filed
   * against and answers its status now; voucher notices need no lock (nothing races their end).
   */
  async lockSubject(manager: EntityManager, kind: NoticeKind, subjectId: string): Promise<string | null> {
    if (kind === 'voucher') return null;
    const table = kind === 'provider' ? 'providers' : 'settlement_batches';
    const rows: Array<{ status: string }> = await manager.query(`SELECT status FROM ${table} WHERE id = $1 FOR SHARE`, [subjectId]);
    return rows[0]?.status ?? null;
  }
}
