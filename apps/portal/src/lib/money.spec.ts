import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fenToYuanString, formatFen, parseYuan, sumFen } from './money.js';

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
        const back = parseYuan(fenToYuanString(fen));
        expect(back).toEqual({ ok: true, fen });
        const shown = parseYuan(formatFen(fen));
        expect(shown).toEqual({ ok: true, fen });
      }),
    );
  });
});
