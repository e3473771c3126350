import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkSymbol, formatCode, generateCodeBody, parseCode } from './voucher-code.js';

const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const body = fc.array(fc.constantFrom(...SYMBOLS), { minLength: 16, maxLength: 16 }).map((c) => c.join(''));

describe('voucher codes', () => {
  it('generates 16 Crockford symbols and formats them as XXXX-XXXX-XXXX-XXXX-C', () => {
    const code = formatCode(generateCodeBody());
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z*~$=U]$/);
    expect(new Set(Array.from({ length: 1000 }, generateCodeBody)).size).toBe(1000);
  });

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
      fc.property(body, fc.nat(16), fc.constantFrom(...`${SYMBOLS}*~$=U`), (b, position, replacement) => {
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
