import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { exactJson, fenToYuan, largestRemainder, toJsonAmount } from './money.js';

const fen = fc.bigInt({ min: 0n, max: 10n ** 13n });
const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0n));

describe('largestRemainder', () => {
  it('splits a city/county co-funding exactly, leftover fen to the largest remainder', () => {
    expect(largestRemainder(1001n, [3000n, 7000n])).toEqual([300n, 701n]);
    expect(largestRemainder(1n, [5000n, 5000n])).toEqual([1n, 0n]); // tie: the earlier part
    expect(largestRemainder(2n, [3333n, 3333n, 3334n])).toEqual([1n, 0n, 1n]);
    expect(largestRemainder(100n, [1n, 0n, 1n])).toEqual([50n, 0n, 50n]);
  });

  it('always sums to the total, never goes negative, and each part is within one fen of its exact share', () => {
    fc.assert(
      fc.property(fen, weights, (total, w) => {
        const parts = largestRemainder(total, w);
        const sum = w.reduce((a, b) => a + b, 0n);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
        parts.forEach((part, i) => {
          const floor = (total * w[i]!) / sum;
          expect(part === floor || part === floor + 1n).toBe(true);
          if (w[i] === 0n) expect(part).toBe(0n);
        });
      }),
    );
  });

  it('gives a part its whole weight when the total equals the sum of weights (parts reach zero together)', () => {
    fc.assert(fc.property(weights, (w) => expect(largestRemainder(w.reduce((a, b) => a + b, 0n), w)).toEqual(w)));
  });

  it('never gives a part more than its weight when drawing down balances', () => {
    fc.assert(
      fc.property(weights, fc.double({ min: 0, max: 1, noNaN: true }), (w, fraction) => {
        const sum = w.reduce((a, b) => a + b, 0n);
        const total = (sum * BigInt(Math.floor(fraction * 1_000_000))) / 1_000_000n;
        largestRemainder(total, w).forEach((part, i) => expect(part <= w[i]!).toBe(true));
      }),
    );
  });
});

describe('fenToYuan', () => {
  it('formats with two decimals and no float error', () => {
    expect(fenToYuan(0n)).toBe('0.00');
    expect(fenToYuan(30n)).toBe('0.30');
    expect(fenToYuan(123456n)).toBe('1234.56');
    expect(fenToYuan(10n ** 13n)).toBe('100000000000.00');
    expect(fenToYuan(-5n)).toBe('-0.05');
  });
});

describe('exactJson', () => {
  it('writes amounts within 2^53 as numbers and beyond it as their exact digits', () => {
    const value = { small: toJsonAmount(123n), edge: toJsonAmount(9_007_199_254_740_991n), big: toJsonAmount(18_000_000_000_000_001n), neg: toJsonAmount(-18_000_000_000_000_001n), text: 'a"b' };
    expect(exactJson(value)).toBe('{"small":123,"edge":9007199254740991,"big":18000000000000001,"neg":-18000000000000001,"text":"a\\"b"}');
  });

  it('leaves text that only looks like the mark alone', () => {
    expect(exactJson({ text: 'exact-integer:12' })).toBe('{"text":"exact-integer:12"}');
  });
});
