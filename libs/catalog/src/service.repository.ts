/*
 * Reads beside its own table: providers (registry lib), read-only, locked FOR SHARE while a product is
 * written so that a provider put on notice or suspended meanwhile cannot publish.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category, ProviderStatus } from '@ivl/core';
import type { PublishedService, Service, ServiceStatus } from './catalog.types.js';

interface ServiceRow {
  id: string;
  provider_id: string;
  name: string;
  category: Category;
  description: string;
  price_from: string;
  price_to: string | null;
  unit: string;
  turnaround_days: number | null;
  status: ServiceStatus;
  created_at: Date;
  updated_at: Date;
  withdrawn_at: Date | null;
}

function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    category: row.category,
    description: row.description,
    priceFrom: BigInt(row.price_from),
    priceTo: row.price_to === null ? null : BigInt(row.price_to),
    unit: row.unit,
    turnaroundDays: row.turnaround_days,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    withdrawnAt: row.withdrawn_at,
  };
}

/** What a product's writes need to know of its provider. */
export interface ProviderTerms {
  status: ProviderStatus;
  categories: Category[];
  regionCode: string;
}

export interface ServiceFields {
  name: string;
  category: Category;
  description: string;
  priceFrom: bigint;
  priceTo: bigint | null;
  unit: string;
  turnaroundDays: number | null;
}

/** The services table. */
@Injectable()
export class ServiceRepository {
  /** The provider's status and categories, its row locked FOR SHARE until the caller's commit. */
  async lockProvider(manager: EntityManager, providerId: string): Promise<ProviderTerms | undefined> {
    const [row]: Array<{ status: ProviderStatus; categories: Category[]; region_code: string } | undefined> = await manager.query(
      `SELECT status, categories, region_code FROM providers WHERE id = $1 FOR SHARE`,
      [providerId],
    );
    return row && { status: row.status, categories: row.categories, regionCode: row.region_code };
  }

  async insert(manager: EntityManager, providerId: string, createdBy: string, fields: ServiceFields, now: Date): Promise<Service> {
    const [row]: ServiceRow[] = await manager.query(
      `INSERT INTO services (provider_id, name, category, description, price_from, price_to, unit, turnaround_days, created_by,
                             created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *`,
      [
        providerId,
        fields.name,
        fields.category,
        fields.description,
        fields.priceFrom.toString(),
        fields.priceTo?.toString() ?? null,
        fields.unit,
        fields.turnaroundDays,
        createdBy,
        now,
      ],
    );
    return toService(row);
  }

  /** The service locked FOR UPDATE (a change or a withdrawal), or undefined. */
  async lockById(manager: EntityManager, id: string): Promise<Service | undefined> {
    const [row]: Array<ServiceRow | undefined> = await manager.query(`SELECT * FROM services WHERE id = $1 FOR UPDATE`, [id]);
    return row && toService(row);
  }

  async update(manager: EntityManager, id: string, fields: ServiceFields, now: Date): Promise<Service> {
    const [row]: ServiceRow[] = await manager.query(
      `WITH changed AS (
         UPDATE services SET name = $2, category = $3, description = $4, price_from = $5, price_to = $6, unit = $7,
                           turnaround_days = $8, updated_at = $9
         WHERE id = $1 RETURNING *)
       SELECT * FROM changed`,
      [
        id,
        fields.name,
        fields.category,
        fields.description,
        fields.priceFrom.toString(),
        fields.priceTo?.toString() ?? null,
        fields.unit,
        fields.turnaroundDays,
        now,
      ],
    );
    return toService(row);
  }

  async markWithdrawn(manager: EntityManager, id: string, now: Date): Promise<Service> {
    const [row]: ServiceRow[] = await manager.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
      `WITH withdrawn AS (UPDATE services SET status = 'withdrawn', withdrawn_at = $2, updated_at = $2 WHERE id = $1 RETURNING *)
       SELECT * FROM withdrawn`,
      [id, now],
    );
    return toService(row);
  }

  /** A provider's own products, newest first, withdrawn ones included. */
  async listOfProvider(manager: EntityManager, providerId: string, status: ServiceStatus | undefined): Promise<Service[]> {
    const rows: ServiceRow[] = await manager.query(
      `SELECT * FROM services WHERE provider_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id`,
      [providerId, status ?? null],
    );
    return rows.map(toService);
  }

  /** A published product (for orders), or undefined when unknown or withdrawn. */
  async findPublished(manager: EntityManager, id: string): Promise<PublishedService | undefined> {
    const [row]: Array<Pick<ServiceRow, 'id' | 'provider_id' | 'name' | 'category' | 'status'> | undefined> = await manager.query(
      `SELECT id, provider_id, name, category, status FROM services WHERE id = $1 AND status = 'published'`,
      [id],
    );
    return row && { id: row.id, providerId: row.provider_id, name: row.name, category: row.category, status: row.status };
  }
}
