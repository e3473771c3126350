import type { ComplexFigures, RankedComplex } from './evaluation.types.js';

/** The ranking keys in order, as the API and the exports state them. */
export const RANKING_ORDER = 'servicesDelivered desc, subsidies desc, enterprisesServed desc, meanRating desc (unrated last)';

/** Compares two complexes on the ranking keys only: negative when `a` ranks before `b`, 0 when they tie. */
export function compareOnKeys(a: ComplexFigures, b: ComplexFigures): number {
  if (a.servicesDelivered !== b.servicesDelivered) return b.servicesDelivered - a.servicesDelivered;
  if (a.subsidies !== b.subsidies) return a.subsidies > b.subsidies ? -1 : 1;
  if (a.enterprisesServed !== b.enterprisesServed) return b.enterprisesServed - a.enterprisesServed;
  const ra = a.meanRating ?? -1;
  const rb = b.meanRating ?? -1;
  return rb - ra;
}

/**
 * The city's ranking of complexes: by services delivered, then subsidies, then enterprises served,
 * then mean rating (an unrated complex after every rated one). Complexes equal on all four share a
 * rank and the next rank skips (1, 2, 2, 4); within a tie they are listed by name, then id.
 */
export function rankComplexes(rows: readonly ComplexFigures[]): RankedComplex[] {
  const sorted = [...rows].sort(
    (a, b) =>
      compareOnKeys(a, b) ||
      (a.complex.name < b.complex.name ? -1 : a.complex.name > b.complex.name ? 1 : 0) ||
      (a.complex.id < b.complex.id ? -1 : a.complex.id > b.complex.id ? 1 : 0),
  );
  const out: RankedComplex[] = [];
  sorted.forEach((row, i) => {
    const rank = i > 0 && compareOnKeys(out[i - 1], row) === 0 ? out[i - 1].rank : i + 1;
    out.push({ ...row, rank });
  });
  return out;
}
