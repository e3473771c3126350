import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fenToYuan, formatFen, largestRemainder, parseYuan, sumFen } from './money.js';

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
          const floor = (total * w[i]) / sum;
          expect(part === floor || part === floor + 1n).toBe(true);
          if (w[i] === 0n) expect(part).toBe(0n);
        });
      }),
    );
  });

  it('gives a part its whole weight when the total equals the sum of weights (parts reach zero together)', () => {
    fc.assert(
      fc.property(weights, (w) => {
        expect(
          largestRemainder(
            w.reduce((a, b) => a + b, 0n),
            w,
          ),
        ).toEqual(w);
      }),
    );
  });

  it('never gives a part more than its weight when drawing down balances', () => {
    fc.assert(
      fc.property(weights, fc.double({ min: 0, max: 1, noNaN: true }), (w, fraction) => {
        const sum = w.reduce((a, b) => a + b, 0n);
        const total = (sum * BigInt(Math.floor(fraction * 1_000_000))) / 1_000_000n;
        largestRemainder(total, w).forEach((part, i) => {
          expect(part <= w[i]).toBe(true);
        });
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

describe('parseYuan', () => {
  it('reads yuan into integer fen without floats', () => {
    expect(parseYuan('12345.67')).toEqual({ ok: true, fen: 1234567n });
    expect(parseYuan('0.1')).toEqual({ ok: true, fen: 10n });
    expect(parseYuan('0.2')).toEqual({ ok: true, fen: 20n });
    expect(parseYuan('¥12,345.6')).toEqual({ ok: true, fen: 1234560n });
    expect(parseYuan(' 100 ')).toEqual({ ok: true, fen: 10000n });
    expect(parseYuan('100.')).toEqual({ ok: true, fen: 10000n });
  });

  it('refuses more than two decimals, junk, zero and too much', () => {
    expect(parseYuan('1.234')).toEqual({ ok: false, reason: 'decimals' });
    expect(parseYuan('1e3')).toEqual({ ok: false, reason: 'format' });
    expect(parseYuan('-5')).toEqual({ ok: false, reason: 'format' });
    expect(parseYuan('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseYuan('0.00')).toEqual({ ok: false, reason: 'zero' });
    expect(parseYuan('100000000000.01')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseYuan('100000000000')).toEqual({ ok: true, fen: 10_000_000_000_000n });
  });

  it('0.1 + 0.2 stays 0.30', () => {
    const a = parseYuan('0.1');
    const b = parseYuan('0.2');
    if (!a.ok || !b.ok) throw new Error('parse');
    expect(formatFen(sumFen([a.fen, b.fen]))).toBe('¥0.30');
  });
});

describe('formatFen', () => {
  it('shows yuan with two decimals and thousands separators', () => {
    expect(formatFen(1234567)).toBe('¥12,345.67');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-100000000)).toBe('-¥1,000,000.00');
    expect(formatFen(10_000_000_000_000n)).toBe('¥100,000,000,000.00');
    expect(formatFen(null)).toBe('—');
  });
});

describe('yuan ↔ fen', () => {
  it('round-trips every amount the API accepts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10_000_000_000_000n }), (fen) => {
        const back = parseYuan(fenToYuan(fen));
        expect(back).toEqual({ ok: true, fen });
        const shown = parseYuan(formatFen(fen));
        expect(shown).toEqual({ ok: true, fen });
      }),
    );
  });
});
