import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES, COMPLEX_LEVELS, SECTORS } from '@ivl/core';
import type { CityRanking, ComplexEvaluation, EvaluationFigures } from '@ivl/evaluation';
import { toJsonAmount } from '@ivl/ledger';

/** The figures of a complex, a provider or the ranking's row (amounts in fen). */
export class EvaluationFiguresResponse {
  @ApiProperty({ type: 'integer', description: 'redemptions confirmed in the year (Asia/Shanghai)' }) servicesDelivered: number;
  @ApiProperty({ type: 'integer', description: 'Σ subsidy of those redemptions (fen)' }) subsidies: number;
  @ApiProperty({ type: 'integer', description: 'Σ order amount of those redemptions (fen)' }) orderAmount: number;
  @ApiProperty({ type: 'integer' }) enterprisesServed: number;
  @ApiProperty({ type: 'integer', description: 'enterprises served twice or more' }) repeatEnterprises: number;
  @ApiProperty({ type: 'integer' }) ratings: number;
  @ApiProperty({ type: Number, nullable: true, description: 'mean stars, two decimals; null when unrated' }) meanRating: number | null;
}

export class EvaluatedComplexResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SECTORS }) sector: string;
  @ApiProperty({ enum: COMPLEX_LEVELS }) level: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
}

export class EvaluationTotalsResponse extends EvaluationFiguresResponse {
  @ApiProperty({ type: 'integer', description: "the complex's providers (refused registrations left out)" }) providers: number;
}

export class EvaluationMonthResponse {
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty({ type: 'integer' }) servicesDelivered: number;
  @ApiProperty({ type: 'integer' }) subsidies: number;
  @ApiProperty({ type: 'integer' }) enterprisesServed: number;
}

export class EvaluationCategoryResponse {
  @ApiProperty({ enum: CATEGORIES }) category: string;
  @ApiProperty({ type: 'integer' }) servicesDelivered: number;
  @ApiProperty({ type: 'integer' }) subsidies: number;
  @ApiProperty({ type: 'integer' }) enterprisesServed: number;
}

export class ProviderLineResponse extends EvaluationFiguresResponse {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() status: string;
}

/** GET /complexes/{id}/evaluation/{year}. */
export class ComplexEvaluationResponse {
  @ApiProperty({ type: EvaluatedComplexResponse }) complex: EvaluatedComplexResponse;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: EvaluationTotalsResponse }) totals: EvaluationTotalsResponse;
  @ApiProperty({ type: [EvaluationMonthResponse] }) byMonth: EvaluationMonthResponse[];
  @ApiProperty({ type: [EvaluationCategoryResponse] }) byCategory: EvaluationCategoryResponse[];
  @ApiProperty({ type: [ProviderLineResponse], description: "every provider's line; a provider reading it: its own only" })
  providers: ProviderLineResponse[];
  @ApiProperty({ description: "true when `providers` is the reader's own line only" }) ownLineOnly: boolean;
}

export class RankedComplexResponse extends EvaluationFiguresResponse {
  @ApiProperty({ type: 'integer', description: 'city-wide; equal complexes share a rank (1, 2, 2, 4)' }) rank: number;
  @ApiProperty({ type: EvaluatedComplexResponse }) complex: EvaluatedComplexResponse;
  @ApiProperty({ type: 'integer' }) providers: number;
}

/** GET /evaluation/{year}. */
export class CityRankingResponse {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ description: 'the ranking keys in order' }) order: string;
  @ApiProperty({ type: [RankedComplexResponse] }) complexes: RankedComplexResponse[];
}

const figures = (f: EvaluationFigures) => ({
  servicesDelivered: f.servicesDelivered,
  subsidies: toJsonAmount(f.subsidies),
  orderAmount: toJsonAmount(f.orderAmount),
  enterprisesServed: f.enterprisesServed,
  repeatEnterprises: f.repeatEnterprises,
  ratings: f.ratings,
  meanRating: f.meanRating,
});

/** The JSON of GET /complexes/{id}/evaluation/{year} (documented by ComplexEvaluationResponse). */
export function complexEvaluationJson(e: ComplexEvaluation): unknown {
  return {
    complex: e.complex,
    year: e.year,
    totals: { providers: e.totals.providers, ...figures(e.totals) },
    byMonth: e.byMonth.map((m) => ({ ...m, subsidies: toJsonAmount(m.subsidies) })),
    byCategory: e.byCategory.map((c) => ({ ...c, subsidies: toJsonAmount(c.subsidies) })),
    providers: e.providers.map((p) => ({
      providerId: p.providerId,
      name: p.name,
      regionCode: p.regionCode,
      status: p.status,
      ...figures(p),
    })),
    ownLineOnly: e.ownLineOnly,
  };
}

/** The JSON of GET /evaluation/{year} (documented by CityRankingResponse). */
export function cityRankingJson(r: CityRanking): unknown {
  return {
    year: r.year,
    order: r.order,
    complexes: r.complexes.map((c) => ({ rank: c.rank, complex: c.complex, providers: c.providers, ...figures(c) })),
  };
}
