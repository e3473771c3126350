import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, readPeriod } from '@ivl/core';
import { toBigInt } from '@ivl/database';

export interface AuditSample {
  regionCode: string;
  period: string;
  seed: string;
  rateBp: number;
  population: number;
  redemptions: Array<{ id: string; providerId: string; enterpriseId: string; subsidy: bigint; confirmedAt: Date }>;
}

/**
 * Audit sampling: a reproducible random sample of a region's confirmed redemptions of a period
 * (those funded by the region's funds), at least `rateBp` (default 5%) of them. The order is
 * md5(seed ‖ id): the same seed and population give the same sample.
 */
@Injectable()
export class AuditSamplesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async draw(actor: Actor, input: { regionCode: string; period: string; seed?: string; rateBp?: number }): Promise<AuditSample> {
    if (actor.role !== 'auditor' && actor.role !== 'city_admin') throw DomainError.forbidden('audit samples are drawn by auditors');
    const { start, end } = readPeriod(input.period, this.clock.now());
    const seed = input.seed ?? this.clock.now().toISOString();
    const rateBp = input.rateBp ?? 500;
    const rows: Array<{ id: string; provider_id: string; enterprise_id: string; subsidy: string; confirmed_at: Date; population: number }> =
      await this.dataSource.query(
        `WITH population AS (
           SELECT r.id, r.provider_id, r.enterprise_id, r.subsidy, r.confirmed_at
             FROM redemptions r
            WHERE r.status = 'confirmed' AND r.confirmed_at >= $2 AND r.confirmed_at < $3
              AND EXISTS (SELECT 1 FROM redemption_parts p JOIN funds f ON f.id = p.fund_id
                           WHERE p.redemption_id = r.id AND f.region_code = $1)
         ), counted AS (SELECT count(*)::int AS n FROM population)
         SELECT p.*, c.n AS population FROM population p, counted c
          ORDER BY md5($4 || p.id::text)
          LIMIT (SELECT ceil(n * $5::numeric / 10000) FROM counted)`,
        [input.regionCode, start, end, seed, rateBp],
      );
    const population = rows[0]?.population ?? 0;
    await this.dataSource.transaction((m) =>
      this.audit.record(m, actor, {
        entityType: 'audit_sample',
        entityId: `${input.regionCode}:${input.period}`,
        action: 'draw',
        scope: { regionCode: input.regionCode },
        data: { seed, rateBp, population, size: rows.length },
      }),
    );
    return {
      regionCode: input.regionCode,
      period: input.period,
      seed,
      rateBp,
      population,
      redemptions: rows.map((r) => ({ id: r.id, providerId: r.provider_id, enterpriseId: r.enterprise_id, subsidy: toBigInt(r.subsidy), confirmedAt: r.confirmed_at })),
    };
  }
}
