import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ComplexFigures } from './evaluation.types.js';
import { compareOnKeys, rankComplexes } from './ranking.js';

const row = fc
  .record({
    id: fc.uuid(),
    name: fc.constantFrom('甲综合体', '乙综合体', '丙综合体', '丁综合体'),
    servicesDelivered: fc.integer({ min: 0, max: 4 }),
    subsidies: fc.bigInt({ min: 0n, max: 3n }),
    enterprisesServed: fc.integer({ min: 0, max: 3 }),
    meanRating: fc.option(fc.constantFrom(3, 4.5, 5), { nil: null }),
  })
  .map((r): ComplexFigures => ({
    complex: { id: r.id, name: r.name, sector: 'NEV', level: 'county', regionCode: '330702', regionName: '婺城区' },
    providers: 1,
    servicesDelivered: r.servicesDelivered,
    subsidies: r.subsidies,
    orderAmount: 0n,
    enterprisesServed: r.enterprisesServed,
    repeatEnterprises: 0,
    ratings: r.meanRating === null ? 0 : 1,
    meanRating: r.meanRating,
  }));

describe('rankComplexes', () => {
  it('orders by services, subsidies, enterprises, rating (unrated last); ties share a rank and the next skips', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const ranked = rankComplexes(rows);
        expect(ranked).toHaveLength(rows.length);
        ranked.forEach((r, i) => {
          if (i === 0) {
            expect(r.rank).toBe(1);
            return;
          }
          const previous = ranked[i - 1];
          const order = compareOnKeys(previous, r);
          expect(order).toBeLessThanOrEqual(0);
          expect(r.rank).toBe(order === 0 ? previous.rank : i + 1);
          if (order === 0) expect(previous.complex.name <= r.complex.name).toBe(true);
        });
      }),
    );
  });

  it('puts more services first, then more subsidies, then an unrated complex after a rated one', () => {
    const [a, b] = fc.sample(row, 2);
    const ranked = rankComplexes([
      { ...a, complex: { ...a.complex, name: 'A' }, servicesDelivered: 1, subsidies: 5n, enterprisesServed: 1, meanRating: null },
      { ...b, complex: { ...b.complex, name: 'B' }, servicesDelivered: 1, subsidies: 5n, enterprisesServed: 1, meanRating: 3 },
      { ...a, complex: { ...a.complex, id: 'c', name: 'C' }, servicesDelivered: 2, subsidies: 1n, enterprisesServed: 1, meanRating: null },
    ]);
    expect(ranked.map((r) => [r.rank, r.complex.name])).toEqual([
      [1, 'C'],
      [2, 'B'],
      [3, 'A'],
    ]);
  });
});
