import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { normalisePhone, normaliseText, sameTrait } from './normalise.js';

/** Full-width forms of the printable ASCII characters (U+FF01..U+FF5E) and the ideographic space. */
const toFullWidth = (s: string) =>
  Array.from(s)
    .map((c) => (c === ' ' ? '\u3000' : c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
    .join('');

describe('normaliseText', () => {
  it('folds full-width characters, drops spaces and punctuation, lower-cases', () => {
    expect(normaliseText(' 浙江省 金华市（婺城区）、八一北路１２３号。A-B ')).toBe('浙江省金华市婺城区八一北路123号ab');
    expect(normaliseText('王 建国')).toBe(normaliseText('王建国'));
    expect(normaliseText('  ，。 ')).toBeNull();
    expect(normaliseText(null)).toBeNull();
  });

  it('a value and its full-width form normalise alike', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => {
        expect(normaliseText(toFullWidth(s))).toBe(normaliseText(s));
      }),
    );
  });

  it('is idempotent, and spaces or punctuation inserted anywhere change nothing', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...Array.from('金华市婺城区路号ABCabc0123')) }),
        fc.nat(),
        fc.constantFrom(' ', '，', '-', '（', '）', '。', '\u3000', '.', '、'),
        (s, at, mark) => {
          const once = normaliseText(s);
          expect(normaliseText(once)).toBe(once);
          const i = s.length === 0 ? 0 : at % s.length;
          expect(normaliseText(s.slice(0, i) + mark + s.slice(i))).toBe(once);
        },
      ),
    );
  });
});

describe('normalisePhone', () => {
  it('keeps digits only and drops a +86 / 0086 / 86 prefix of a mobile number', () => {
    expect(normalisePhone('+86 138-1234 5678')).toBe('13812345678');
    expect(normalisePhone('0086 13812345678')).toBe('13812345678');
    expect(normalisePhone('８６１３８１２３４５６７８')).toBe('13812345678');
    expect(normalisePhone('0579-8223 4567')).toBe('057982234567');
    expect(normalisePhone('无')).toBeNull();
  });

  it('any formatting of one mobile number normalises to the number', () => {
    const mobile = fc.tuple(fc.constantFrom('13', '15', '18', '19'), fc.stringMatching(/^[0-9]{9}$/)).map(([a, b]) => a + b);
    fc.assert(
      fc.property(
        mobile,
        fc.constantFrom('', '+86', '86', '0086', '+86 ', '（+86）'),
        fc.boolean(),
        fc.boolean(),
        (n, prefix, dashes, wide) => {
          let shown = prefix + (dashes ? `${n.slice(0, 3)}-${n.slice(3, 7)} ${n.slice(7)}` : n);
          if (wide) shown = toFullWidth(shown);
          expect(normalisePhone(shown)).toBe(n);
          expect(sameTrait(shown, n, 'phone')).toBe(true);
        },
      ),
    );
  });
});

describe('sameTrait', () => {
  it('an empty value matches nothing, not even another empty one', () => {
    expect(sameTrait('', '')).toBe(false);
    expect(sameTrait(' 。', '，')).toBe(false);
    expect(sameTrait('浙江省金华市 婺城区', '浙江省金华市婺城区')).toBe(true);
  });
});
