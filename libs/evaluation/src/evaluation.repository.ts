import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category, ComplexLevel, Sector } from '@ivl/rules';
import type {
  ComplexFigures,
  EvaluatedComplex,
  EvaluationCategory,
  EvaluationFigures,
  EvaluationMonth,
  ProviderLine,
} from './evaluation.types.js';

// The evaluation is a set-based report of other libs' tables, read-only: complexes, providers and
// regions (registry: a complex, its providers, its region's name), redemptions (redemptions: the
// services delivered, their subsidies, enterprises and categories) and ratings (redemptions: the
// stars given to them). It writes nothing. One statement per figure group.

/**
 * The year's services delivered: redemptions confirmed in [$2, $3) by providers of complex $1
 * (the statements of one complex), or of any complex (the ranking, $1 unused there).
 */
const DONE_OF_COMPLEX = `done AS (
    SELECT r.id, r.provider_id, r.enterprise_id, r.category, r.subsidy, r.order_amount, r.confirmed_at
      FROM redemptions r JOIN providers p ON p.id = r.provider_id
     WHERE p.complex_id = $1 AND r.status = 'confirmed' AND r.confirmed_at >= $2 AND r.confirmed_at < $3
  )`;

/** Figures columns over a `done` relation grouped by `key` (enterprises per key counted in `per_enterprise`). */
const figuresBy = (key: string) => `agg AS (
    SELECT ${key} AS key, count(*)::int AS services, sum(subsidy)::text AS subsidies, sum(order_amount)::text AS orders
      FROM done GROUP BY ${key}
  ),
  per_enterprise AS (SELECT ${key} AS key, enterprise_id, count(*) AS n FROM done GROUP BY ${key}, enterprise_id),
  ents AS (
    SELECT key, count(*)::int AS enterprises, (count(*) FILTER (WHERE n > 1))::int AS repeats FROM per_enterprise GROUP BY key
  ),
  rated AS (
    SELECT d.${key} AS key, count(*)::int AS ratings, round(avg(g.stars), 2)::text AS mean
      FROM done d JOIN ratings g ON g.redemption_id = d.id GROUP BY d.${key}
  )`;

/** The statements, named as the bench's explain reads them. */
export const EVALUATION_SQL = {
  complex: `SELECT c.id, c.name, c.sector, c.level, c.region_code, g.name AS region_name,
         coalesce((SELECT array_agg(p.id) FROM providers p WHERE p.complex_id = c.id), '{}') AS provider_ids
    FROM complexes c JOIN regions g ON g.code = c.region_code WHERE c.id = $1`,
  totals: `WITH ${DONE_OF_COMPLEX},
  per_enterprise AS (SELECT enterprise_id, count(*) AS n FROM done GROUP BY enterprise_id)
  SELECT (SELECT count(*) FROM providers WHERE complex_id = $1 AND status <> 'refused')::int AS providers,
         (SELECT count(*) FROM done)::int AS services,
         (SELECT coalesce(sum(subsidy), 0) FROM done)::text AS subsidies,
         (SELECT coalesce(sum(order_amount), 0) FROM done)::text AS orders,
         (SELECT count(*) FROM per_enterprise)::int AS enterprises,
         (SELECT count(*) FROM per_enterprise WHERE n > 1)::int AS repeats,
         (SELECT count(*) FROM done d JOIN ratings g ON g.redemption_id = d.id)::int AS ratings,
         (SELECT round(avg(g.stars), 2) FROM done d JOIN ratings g ON g.redemption_id = d.id)::text AS mean`,
  byMonth: `WITH ${DONE_OF_COMPLEX}
  SELECT to_char(confirmed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS period, count(*)::int AS services,
         sum(subsidy)::text AS subsidies, count(DISTINCT enterprise_id)::int AS enterprises
    FROM done GROUP BY 1 ORDER BY 1`,
  byCategory: `WITH ${DONE_OF_COMPLEX}
  SELECT category, count(*)::int AS services, sum(subsidy)::text AS subsidies, count(DISTINCT enterprise_id)::int AS enterprises
    FROM done GROUP BY category ORDER BY category`,
  providers: `WITH ${DONE_OF_COMPLEX}, ${figuresBy('provider_id')}
  SELECT p.id, p.name, p.region_code, p.status,
         coalesce(a.services, 0) AS services, coalesce(a.subsidies, '0') AS subsidies, coalesce(a.orders, '0') AS orders,
         coalesce(e.enterprises, 0) AS enterprises, coalesce(e.repeats, 0) AS repeats,
         coalesce(t.ratings, 0) AS ratings, t.mean
    FROM providers p
    LEFT JOIN agg a ON a.key = p.id LEFT JOIN ents e ON e.key = p.id LEFT JOIN rated t ON t.key = p.id
   WHERE p.complex_id = $1 AND p.status <> 'refused'
   ORDER BY coalesce(a.services, 0) DESC, p.name, p.id`,
  ranking: `WITH done AS (
    SELECT p.complex_id, r.id, r.enterprise_id, r.subsidy, r.order_amount
      FROM redemptions r JOIN providers p ON p.id = r.provider_id
     WHERE p.complex_id IS NOT NULL AND r.status = 'confirmed' AND r.confirmed_at >= $1 AND r.confirmed_at < $2
  ), ${figuresBy('complex_id')},
  members AS (SELECT complex_id AS key, count(*)::int AS providers FROM providers WHERE complex_id IS NOT NULL AND status <> 'refused' GROUP BY complex_id)
  SELECT c.id, c.name, c.sector, c.level, c.region_code, g.name AS region_name, coalesce(m.providers, 0) AS providers,
         coalesce(a.services, 0) AS services, coalesce(a.subsidies, '0') AS subsidies, coalesce(a.orders, '0') AS orders,
         coalesce(e.enterprises, 0) AS enterprises, coalesce(e.repeats, 0) AS repeats,
         coalesce(t.ratings, 0) AS ratings, t.mean
    FROM complexes c JOIN regions g ON g.code = c.region_code
    LEFT JOIN members m ON m.key = c.id LEFT JOIN agg a ON a.key = c.id LEFT JOIN ents e ON e.key = c.id LEFT JOIN rated t ON t.key = c.id`,
} as const;

interface FiguresRow {
  services: number;
  subsidies: string;
  orders: string;
  enterprises: number;
  repeats: number;
  ratings: number;
  mean: string | null;
}

interface ComplexRow {
  id: string;
  name: string;
  sector: Sector;
  level: ComplexLevel;
  region_code: string;
  region_name: string;
}

const figures = (r: FiguresRow): EvaluationFigures => ({
  servicesDelivered: r.services,
  subsidies: BigInt(r.subsidies),
  orderAmount: BigInt(r.orders),
  enterprisesServed: r.enterprises,
  repeatEnterprises: r.repeats,
  ratings: r.ratings,
  meanRating: r.mean === null ? null : Number(r.mean),
});

const complexOf = (r: ComplexRow): EvaluatedComplex => ({
  id: r.id,
  name: r.name,
  sector: r.sector,
  level: r.level,
  regionCode: r.region_code,
  regionName: r.region_name,
});

@Injectable()
export class EvaluationRepository {
  /** Makes the caller's transaction a read-only report snapshot. */
  async readOnly(manager: EntityManager): Promise<void> {
    await manager.query('SET TRANSACTION READ ONLY');
  }

  /** The complex with its region's name and the ids of all its providers; undefined when there is none. */
  async findComplex(manager: EntityManager, complexId: string): Promise<{ complex: EvaluatedComplex; providerIds: string[] } | undefined> {
    const rows: Array<ComplexRow & { provider_ids: string[] }> = await manager.query(EVALUATION_SQL.complex, [complexId]);
    if (rows.length === 0) return undefined;
    return { complex: complexOf(rows[0]), providerIds: rows[0].provider_ids };
  }

  async totals(manager: EntityManager, complexId: string, start: Date, end: Date): Promise<EvaluationFigures & { providers: number }> {
    const [row]: Array<FiguresRow & { providers: number }> = await manager.query(EVALUATION_SQL.totals, [complexId, start, end]);
    return { providers: row.providers, ...figures(row) };
  }

  async byMonth(manager: EntityManager, complexId: string, start: Date, end: Date): Promise<EvaluationMonth[]> {
    const rows: Array<{ period: string; services: number; subsidies: string; enterprises: number }> = await manager.query(
      EVALUATION_SQL.byMonth,
      [complexId, start, end],
    );
    return rows.map((r) => ({
      period: r.period,
      servicesDelivered: r.services,
      subsidies: BigInt(r.subsidies),
      enterprisesServed: r.enterprises,
    }));
  }

  async byCategory(manager: EntityManager, complexId: string, start: Date, end: Date): Promise<EvaluationCategory[]> {
    const rows: Array<{ category: Category; services: number; subsidies: string; enterprises: number }> = await manager.query(
      EVALUATION_SQL.byCategory,
      [complexId, start, end],
    );
    return rows.map((r) => ({
      category: r.category,
      servicesDelivered: r.services,
      subsidies: BigInt(r.subsidies),
      enterprisesServed: r.enterprises,
    }));
  }

  async providerLines(manager: EntityManager, complexId: string, start: Date, end: Date): Promise<ProviderLine[]> {
    const rows: Array<FiguresRow & { id: string; name: string; region_code: string; status: string }> = await manager.query(
      EVALUATION_SQL.providers,
      [complexId, start, end],
    );
    return rows.map((r) => ({ providerId: r.id, name: r.name, regionCode: r.region_code, status: r.status, ...figures(r) }));
  }

  /** Every complex of the city with its year's figures (unranked). */
  async complexFigures(manager: EntityManager, start: Date, end: Date): Promise<ComplexFigures[]> {
    const rows: Array<FiguresRow & ComplexRow & { providers: number }> = await manager.query(EVALUATION_SQL.ranking, [start, end]);
    return rows.map((r) => ({ complex: complexOf(r), providers: r.providers, ...figures(r) }));
  }
}
