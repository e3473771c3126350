/*
 * Reads beside its own table: redemptions, redemption_parts (redemptions lib) and funds (funding
 * lib), read-only in `payingRegions`, a set-based read of which regions pay a provider (who sees its
 * bank account in full); and objections (notices lib), read-only in `activateNoticeEnded` and
 * `activateIfNoticeEnded`: an open objection holds a provider's activation. The registry cannot ask
 * those libs, which are built on it.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Category, containsPattern, type ProviderStatus } from '@ivl/core';
import { pagedQuery } from '@ivl/database';
import type { Accreditation, Provider } from './registry.types.js';

interface ProviderRow {
  id: string;
  uscc: string;
  name: string;
  region_code: string;
  complex_id: string | null;
  categories: Category[];
  accreditations: Accreditation[];
  controller_key: string | null;
  bank_name: string;
  account_name: string;
  account_no: string;
  status: ProviderStatus;
  notice_ends_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The providers table. */
@Injectable()
export class ProviderRepository {
  async insert(manager: EntityManager, provider: Omit<Provider, 'id' | 'createdAt' | 'updatedAt'>): Promise<Provider> {
    const [row]: ProviderRow[] = await manager.query(
      `INSERT INTO providers (uscc, name, region_code, complex_id, categories, accreditations, controller_key, bank_name, account_name, account_no, status, notice_ends_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        provider.uscc,
        provider.name,
        provider.regionCode,
        provider.complexId,
        provider.categories,
        JSON.stringify(provider.accreditations),
        provider.controllerKey,
        provider.bankName,
        provider.accountName,
        provider.accountNo,
        provider.status,
        provider.noticeEndsAt,
      ],
    );
    return toProvider(row);
  }

  async existsWithUscc(manager: EntityManager, uscc: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM providers WHERE uscc = $1`, [uscc]);
    return rows.length > 0;
  }

  /**
   * Activates up to `limit` providers whose public notice ended by `now` (locked, skipping any a
   * concurrent run holds), and answers them as they were before.
   */
  async activateNoticeEnded(manager: EntityManager, now: Date, limit: number): Promise<Provider[]> {
    const rows: ProviderRow[] = await manager.query(
      `WITH due AS (
         SELECT id FROM providers p WHERE status = 'notice' AND notice_ends_at <= $1
            AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.provider_id = p.id AND o.kind = 'provider' AND o.status = 'open')
          ORDER BY notice_ends_at, id LIMIT $2 FOR UPDATE SKIP LOCKED),
       changed AS (
         UPDATE providers p SET status = 'active', updated_at = now() FROM due WHERE p.id = due.id RETURNING p.*)
       SELECT * FROM changed ORDER BY notice_ends_at, id`,
      [now, limit],
    );
    return rows.map(toProvider);
  }

  /**
   * Activates one provider on notice whose notice ended by `now` and that no open objection holds
   * (after an objection was dismissed); answers it as it was before, or null when it stays as it is.
   */
  async activateIfNoticeEnded(manager: EntityManager, id: string, now: Date): Promise<Provider | null> {
    const rows: ProviderRow[] = await manager.query(
      `WITH changed AS (
         UPDATE providers p SET status = 'active', updated_at = now()
          WHERE p.id = $1 AND p.status = 'notice' AND p.notice_ends_at <= $2
            AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.provider_id = p.id AND o.kind = 'provider' AND o.status = 'open')
          RETURNING p.*)
       SELECT * FROM changed`,
      [id, now],
    );
    return rows[0] ? toProvider(rows[0]) : null;
  }

  /** Providers, filtered and matching `q` (any part of the name or USCC), oldest first, and how many match before paging. */
  async list(
    manager: EntityManager,
    filter: { regionCode?: string; status?: ProviderStatus; category?: Category; q?: string; limit: number; offset: number },
  ): Promise<{ items: Provider[]; total: number }> {
    const { rows, total } = await pagedQuery<ProviderRow>(manager, {
      select: 'SELECT *',
      from: 'providers',
      where: `($1::varchar IS NULL OR region_code = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR $3 = ANY(categories))
              AND ($4::text IS NULL OR name ILIKE $4 OR uscc ILIKE $4)`,
      orderBy: 'created_at, id',
      params: [
        filter.regionCode ?? null,
        filter.status ?? null,
        filter.category ?? null,
        filter.q === undefined ? null : containsPattern(filter.q),
      ],
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items: rows.map(toProvider), total };
  }

  async findById(manager: EntityManager, id: string): Promise<Provider | null> {
    const rows: ProviderRow[] = await manager.query(`SELECT * FROM providers WHERE id = $1`, [id]);
    return rows[0] ? toProvider(rows[0]) : null;
  }

  /** The provider, locked to the end of the transaction (status changes serialise on it). */
  async lockForStatusChange(manager: EntityManager, id: string): Promise<Provider | null> {
    const rows: ProviderRow[] = await manager.query(`SELECT * FROM providers WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toProvider(rows[0]) : null;
  }

  async setStatus(manager: EntityManager, id: string, status: ProviderStatus): Promise<Provider> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const [row]: ProviderRow[] = await manager.query(
      `WITH changed AS (UPDATE providers SET status = $2, updated_at = now() WHERE id = $1 RETURNING *) SELECT * FROM changed`,
      [id, status],
    );
    return toProvider(row);
  }

  /** The regions whose funds back a redemption not cancelled at each of `providerIds`. */
  async payingRegions(manager: EntityManager, providerIds: string[]): Promise<Map<string, Set<string>>> {
    const rows: Array<{ provider_id: string; region_code: string }> = await manager.query(
      `SELECT DISTINCT r.provider_id, f.region_code FROM redemptions r
         JOIN redemption_parts rp ON rp.redemption_id = r.id
         JOIN funds f ON f.id = rp.fund_id
        WHERE r.provider_id = ANY($1::uuid[]) AND r.status <> 'cancelled'`,
      [providerIds],
    );
    const payers = new Map<string, Set<string>>();
    for (const r of rows) payers.set(r.provider_id, (payers.get(r.provider_id) ?? new Set()).add(r.region_code));
    return payers;
  }
}

function toProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    regionCode: row.region_code,
    complexId: row.complex_id,
    categories: row.categories,
    accreditations: row.accreditations,
    controllerKey: row.controller_key,
    bankName: row.bank_name,
    accountName: row.account_name,
    accountNo: row.account_no,
    status: row.status,
    noticeEndsAt: row.notice_ends_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
