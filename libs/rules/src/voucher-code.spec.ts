import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkCode, checkSymbol, codeForReading, formatCode, formatTypedCode, normaliseCode, parseCode } from './voucher-code.js';

const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const body = fc.array(fc.constantFrom(...SYMBOLS.split('')), { minLength: 16, maxLength: 16 }).map((c) => c.join(''));

describe('voucher codes', () => {
  it('computes the check symbol as the value mod 37', () => {
    expect(checkSymbol('0000000000000000')).toBe('0');
    expect(checkSymbol('0000000000000010')).toBe('*'); // value 32
    expect(checkSymbol('0000000000000015')).toBe('0'); // value 37
  });

  it('reads what it formats, in any case, with or without hyphens and spaces', () => {
    fc.assert(
      fc.property(body, (b) => {
        const code = formatCode(b);
        expect(parseCode(code)).toBe(b);
        expect(parseCode(code.toLowerCase())).toBe(b);
        expect(parseCode(code.replace(/-/g, ' '))).toBe(b);
        expect(parseCode(code.replace(/-/g, ''))).toBe(b);
      }),
    );
  });

  it('reads I and L as 1 and O as 0', () => {
    const b = '1000000000000001';
    const code = formatCode(b);
    expect(parseCode(code.replace(/1/g, 'I').replace(/0/g, 'O'))).toBe(b);
    expect(parseCode(code.replace(/1/g, 'l'))).toBe(b);
  });

  it('catches every single-symbol substitution', () => {
    fc.assert(
      fc.property(body, fc.nat(16), fc.constantFrom(...`${SYMBOLS}*~$=U`.split('')), (b, position, replacement) => {
        const plain = b + checkSymbol(b);
        fc.pre(plain[position] !== replacement);
        fc.pre(position === 16 || SYMBOLS.includes(replacement));
        const altered = plain.slice(0, position) + replacement + plain.slice(position + 1);
        expect(parseCode(altered)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every adjacent transposition of different symbols', () => {
    fc.assert(
      fc.property(body, fc.nat(15), (b, position) => {
        const plain = b + checkSymbol(b);
        fc.pre(plain[position] !== plain[position + 1]);
        const swapped = plain.slice(0, position) + plain[position + 1] + plain[position] + plain.slice(position + 2);
        expect(parseCode(swapped)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses malformed input', () => {
    expect(parseCode('')).toBeUndefined();
    expect(parseCode('ABCD-EFGH')).toBeUndefined();
    expect(parseCode('UUUU-UUUU-UUUU-UUUU-0')).toBeUndefined();
    expect(parseCode('x'.repeat(1000))).toBeUndefined();
  });
});

describe('voucher code check', () => {
  it('accepts a well-formed code in any spelling the server accepts', () => {
    fc.assert(
      fc.property(body, (b) => {
        const code = `${b.match(/.{4}/g)!.join('-')}-${checkSymbol(b)}`;
        expect(checkCode(code)).toBe('ok');
        expect(checkCode(code.toLowerCase().replace(/-/g, ' '))).toBe('ok');
        expect(checkCode(code.replace(/1/g, 'l').replace(/0/g, 'O'))).toBe('ok');
        expect(formatTypedCode(code.replace(/-/g, ''))).toBe(code);
      }),
    );
  });

  it('catches a single mistyped symbol', () => {
    fc.assert(
      fc.property(body, fc.nat(15), fc.constantFrom(...SYMBOLS.split('')), (b, i, s) => {
        fc.pre(b[i] !== s);
        const typo = b.slice(0, i) + s + b.slice(i + 1);
        expect(checkCode(typo + checkSymbol(b))).toBe('bad_check');
      }),
    );
  });

  it('tells incomplete from wrong', () => {
    expect(checkCode('')).toBe('empty');
    expect(checkCode('7K3Q-9XWD')).toBe('incomplete');
    expect(checkCode('7K3Q-9XWD-M2PA-4TRU')).toBe('bad_symbol');
    expect(checkCode('0000000000000000' + '0' + '0')).toBe('too_long');
    expect(checkCode('0000-0000-0000-0000-0')).toBe('ok');
    expect(checkCode('0000-0000-0000-0000-1')).toBe('bad_check');
  });

  it('normalises like the server and formats as typed', () => {
    expect(normaliseCode('ab-cd ef')).toBe('ABCDEF');
    expect(normaliseCode('iloO')).toBe('1100');
    expect(formatTypedCode('abcdefgh')).toBe('ABCD-EFGH');
    expect(formatTypedCode('abcdefghjkmnpqrs')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(codeForReading('ABCD-EFGH-JKMN-PQRS-T')).toBe('ABCD EFGH JKMN PQRS T');
  });
});
