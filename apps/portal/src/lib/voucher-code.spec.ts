import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkCode, checkSymbol, codeForReading, formatTypedCode, normaliseCode } from './voucher-code.js';

const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const body = fc.array(fc.constantFrom(...SYMBOLS), { minLength: 16, maxLength: 16 }).map((a) => a.join(''));

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
      fc.property(body, fc.nat(15), fc.constantFrom(...SYMBOLS), (b, i, s) => {
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
