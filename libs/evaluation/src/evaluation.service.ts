import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, DomainError, periodRange, requireAccess, requireRole, scopeOf } from '@ivl/core';
import { EvaluationRepository } from './evaluation.repository.js';
import type { CityRanking, ComplexEvaluation } from './evaluation.types.js';
import { RANKING_ORDER, rankComplexes } from './ranking.js';

/** The year's bounds in Asia/Shanghai: [1 January 00:00, next 1 January 00:00). */
function yearRange(year: number): { start: Date; end: Date } {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw DomainError.validation('year', 'must be a year from 2000 to 2100');
  return { start: periodRange(`${year}-01`).start, end: periodRange(`${year}-12`).end };
}

/**
 * The city's yearly evaluation of its innovation service complexes (考核评价), read in one
 * REPEATABLE READ snapshot: a complex's providers, services delivered, subsidies, enterprises
 * served, repeat enterprises and mean rating, by month, by category and by provider; and the
 * ranking of every complex.
 */
@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: EvaluationRepository,
  ) {}

  async complexEvaluation(actor: Actor, complexId: string, year: number): Promise<ComplexEvaluation> {
    requireRole(actor, 'evaluation.read');
    const { start, end } = yearRange(year);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await this.repo.readOnly(m);
      const found = await this.repo.findComplex(m, complexId);
      if (!found) throw DomainError.notFound('complex');
      const scope = scopeOf(actor, 'evaluation.read');
      // A provider reaches the complex it belongs to; a regional bureau the complexes of its region.
      const ownProvider = scope.kind === 'provider' && found.providerIds.includes(scope.providerId) ? scope.providerId : null;
      requireAccess(actor, 'evaluation.read', { regionCode: found.complex.regionCode, providerId: ownProvider }, 'complex');
      const totals = await this.repo.totals(m, complexId, start, end);
      const months = await this.repo.byMonth(m, complexId, start, end);
      const byCategory = await this.repo.byCategory(m, complexId, start, end);
      const lines = await this.repo.providerLines(m, complexId, start, end);
      const byPeriod = new Map(months.map((row) => [row.period, row]));
      return {
        complex: found.complex,
        year,
        totals,
        byMonth: Array.from({ length: 12 }, (_, i) => {
          const period = `${year}-${String(i + 1).padStart(2, '0')}`;
          return byPeriod.get(period) ?? { period, servicesDelivered: 0, subsidies: 0n, enterprisesServed: 0 };
        }),
        byCategory,
        providers: ownProvider === null ? lines : lines.filter((l) => l.providerId === ownProvider),
        ownLineOnly: ownProvider !== null,
      };
    });
  }

  /** The city ranking of every complex; a regional bureau sees its region's complexes with their city-wide rank. */
  async ranking(actor: Actor, year: number): Promise<CityRanking> {
    const scope = scopeOf(actor, 'evaluation.rank');
    const { start, end } = yearRange(year);
    const rows = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await this.repo.readOnly(m);
      return this.repo.complexFigures(m, start, end);
    });
    const ranked = rankComplexes(rows);
    return {
      year,
      order: RANKING_ORDER,
      complexes: scope.kind === 'region' ? ranked.filter((r) => r.complex.regionCode === scope.regionCode) : ranked,
    };
  }
}
