/*
 * The public directory (服务机构库): a set-based read that joins other libs' tables, read-only —
 * providers and complexes (registry lib), ratings (redemptions lib) — with this lib's services. One
 * statement answers a page (or one provider), a second its total; no query per provider.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Category, containsPattern, type Sector } from '@ivl/core';
import type { DirectoryFilter, DirectoryProvider, DirectoryService } from './catalog.types.js';

/**
 * The providers a search finds, on $1 provider id, $2 category, $3 region code, $4 sector,
 * $5 accredited only, $6 today (Shanghai, YYYY-MM-DD), $7 ILIKE pattern of `q` (escaped).
 * `relevance`: 0 the provider's name matches, 1 a product's name, 2 a product's description only.
 */
const MATCHED = `
  SELECT p.id, p.name, p.region_code, p.complex_id, p.categories, p.accreditations,
         CASE WHEN $7::text IS NULL OR p.name ILIKE $7 THEN 0
              WHEN EXISTS (SELECT 1 FROM services s WHERE s.provider_id = p.id AND s.status = 'published' AND s.name ILIKE $7) THEN 1
              ELSE 2 END AS relevance
  FROM providers p
  LEFT JOIN complexes c ON c.id = p.complex_id
  WHERE p.status = 'active'
    AND ($1::uuid IS NULL OR p.id = $1)
    AND ($2::text IS NULL OR $2 = ANY (p.categories))
    AND ($3::varchar IS NULL OR p.region_code = $3)
    AND ($4::text IS NULL OR c.sector = $4)
    AND (NOT $5::boolean OR EXISTS (
          SELECT 1 FROM jsonb_array_elements(p.accreditations) a
          WHERE a->>'type' IN ('CMA', 'CNAS') AND a->>'validUntil' >= $6::text))
    AND ($7::text IS NULL OR p.name ILIKE $7 OR EXISTS (
          SELECT 1 FROM services s
          WHERE s.provider_id = p.id AND s.status = 'published' AND (s.name || ' ' || s.description) ILIKE $7))`;

/** A page of the directory ($8 limit, $9 offset), each provider with its rating and published products. */
export const DIRECTORY_PAGE_SQL = `
  WITH page AS (
    SELECT m.*, r.mean, COALESCE(r.count, 0) AS rating_count
    FROM (${MATCHED}) m
    LEFT JOIN LATERAL (
      SELECT round(avg(stars)::numeric, 2) AS mean, count(*)::int AS count FROM ratings WHERE provider_id = m.id
    ) r ON true
    ORDER BY m.relevance, r.mean DESC NULLS LAST, m.name, m.id
    LIMIT $8 OFFSET $9
  )
  SELECT page.id, page.name, page.region_code, page.categories, page.accreditations, page.mean, page.rating_count,
         CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'sector', c.sector) END AS complex,
         COALESCE((
           SELECT json_agg(json_build_object(
                    'id', s.id, 'name', s.name, 'category', s.category, 'description', s.description,
                    'priceFrom', s.price_from::text, 'priceTo', s.price_to::text, 'unit', s.unit,
                    'turnaroundDays', s.turnaround_days) ORDER BY s.created_at, s.id)
           FROM services s WHERE s.provider_id = page.id AND s.status = 'published'), '[]') AS services
  FROM page
  LEFT JOIN complexes c ON c.id = page.complex_id
  ORDER BY page.relevance, page.mean DESC NULLS LAST, page.name, page.id`;

/** How many providers the search finds. */
export const DIRECTORY_TOTAL_SQL = `SELECT count(*)::int AS total FROM (${MATCHED}) m`;

interface DirectoryRow {
  id: string;
  name: string;
  region_code: string;
  categories: Category[];
  accreditations: Array<{ type: 'CMA' | 'CNAS'; number: string; validUntil: string }>;
  mean: string | null;
  rating_count: number;
  complex: { id: string; name: string; sector: Sector } | null;
  services: Array<{
    id: string;
    name: string;
    category: Category;
    description: string;
    priceFrom: string;
    priceTo: string | null;
    unit: string;
    turnaroundDays: number | null;
  }>;
}

function toDirectoryProvider(row: DirectoryRow): DirectoryProvider {
  return {
    id: row.id,
    name: row.name,
    regionCode: row.region_code,
    complex: row.complex,
    categories: row.categories,
    accreditations: row.accreditations.map((a) => ({ type: a.type, number: a.number, validUntil: a.validUntil })),
    rating: { mean: row.mean === null ? null : Number(row.mean), count: row.rating_count },
    services: row.services.map((s): DirectoryService => ({
      id: s.id,
      name: s.name,
      category: s.category,
      description: s.description,
      priceFrom: BigInt(s.priceFrom),
      priceTo: s.priceTo === null ? null : BigInt(s.priceTo),
      unit: s.unit,
      turnaroundDays: s.turnaroundDays,
    })),
  };
}

@Injectable()
export class DirectoryRepository {
  /** A page of active providers the filter finds, and how many it finds in all. */
  async search(manager: EntityManager, filter: DirectoryFilter, today: string): Promise<{ items: DirectoryProvider[]; total: number }> {
    const params = matchParams(null, filter, today);
    const rows: DirectoryRow[] = await manager.query(DIRECTORY_PAGE_SQL, [...params, filter.limit, filter.offset]);
    const [{ total }]: Array<{ total: number }> = await manager.query(DIRECTORY_TOTAL_SQL, params);
    return { items: rows.map(toDirectoryProvider), total };
  }

  /** One active provider as the directory shows it, or undefined. */
  async findActive(manager: EntityManager, providerId: string): Promise<DirectoryProvider | undefined> {
    const rows: DirectoryRow[] = await manager.query(DIRECTORY_PAGE_SQL, [...matchParams(providerId, {}, ''), 1, 0]);
    return rows.length === 0 ? undefined : toDirectoryProvider(rows[0]);
  }
}

function matchParams(
  providerId: string | null,
  filter: Omit<DirectoryFilter, 'limit' | 'offset'>,
  today: string,
): [string | null, string | null, string | null, string | null, boolean, string, string | null] {
  const q = filter.q?.trim();
  return [
    providerId,
    filter.category ?? null,
    filter.regionCode ?? null,
    filter.sector ?? null,
    filter.accredited === true,
    today,
    q === undefined || q === '' ? null : containsPattern(q),
  ];
}
