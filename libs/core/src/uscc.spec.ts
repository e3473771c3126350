import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isValidUscc, usccCheckCharacter } from './uscc.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const body = fc.array(fc.constantFrom(...ALPHABET.split('')), { minLength: 17, maxLength: 17 }).map((c) => c.join(''));

describe('USCC check character (GB 32100-2015)', () => {
  it('accepts published codes and refuses them with another check character', () => {
    // A well-known valid example code.
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100m000100y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
  });

  it('refuses wrong lengths and letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100I000100Y43')).toBe(false);
  });

  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(body, fc.nat(16), fc.constantFrom(...ALPHABET.split('')), (first17, position, replacement) => {
        fc.pre(first17[position] !== replacement);
        const code = first17 + usccCheckCharacter(first17)!;
        const altered = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(isValidUscc(code)).toBe(true);
        expect(isValidUscc(altered)).toBe(false);
      }),
    );
  });
});
