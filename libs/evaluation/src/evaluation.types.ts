import type { Category, ComplexLevel, Sector } from '@ivl/rules';

/**
 * The figures the city evaluates a complex (or one of its providers) on for a year: services
 * delivered are the redemptions confirmed in the year (Asia/Shanghai) by the complex's providers;
 * subsidies and order amounts are their sums (fen); enterprises served are the distinct enterprises of
 * those redemptions, repeat enterprises those served twice or more; the mean rating is over the
 * ratings given to those redemptions (null when none was rated), rounded to two decimals.
 */
export interface EvaluationFigures {
  servicesDelivered: number;
  subsidies: bigint;
  orderAmount: bigint;
  enterprisesServed: number;
  repeatEnterprises: number;
  ratings: number;
  meanRating: number | null;
}

export interface EvaluatedComplex {
  id: string;
  name: string;
  sector: Sector;
  level: ComplexLevel;
  regionCode: string;
  regionName: string;
}

export interface EvaluationMonth {
  /** YYYY-MM, Asia/Shanghai. */
  period: string;
  servicesDelivered: number;
  subsidies: bigint;
  enterprisesServed: number;
}

export interface EvaluationCategory {
  category: Category;
  servicesDelivered: number;
  subsidies: bigint;
  enterprisesServed: number;
}

/** One provider's line of its complex's evaluation. */
export interface ProviderLine extends EvaluationFigures {
  providerId: string;
  name: string;
  regionCode: string;
  status: string;
}

export interface ComplexEvaluation {
  complex: EvaluatedComplex;
  year: number;
  /** The whole complex (a provider reading it sees these totals and only its own line). */
  totals: EvaluationFigures & { providers: number };
  /** Twelve months, January first. */
  byMonth: EvaluationMonth[];
  byCategory: EvaluationCategory[];
  /** Every provider of the complex, or the reader's own line only. */
  providers: ProviderLine[];
  /** Whether `providers` is the reader's own line only. */
  ownLineOnly: boolean;
}

/** A complex's row of the city ranking, before it is ranked. */
export interface ComplexFigures extends EvaluationFigures {
  complex: EvaluatedComplex;
  providers: number;
}

export interface RankedComplex extends ComplexFigures {
  /** 1 for the first; complexes equal on every ranking key share a rank (1, 2, 2, 4). */
  rank: number;
}

export interface CityRanking {
  year: number;
  /** The order, in words (docs/domain.md "What the city evaluates"). */
  order: string;
  complexes: RankedComplex[];
}
