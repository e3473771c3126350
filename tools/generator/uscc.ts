import { usccCheckCharacter } from '@ivl/core';
import { required } from '@ivl/core';

/** The 31 characters of a unified social credit code (no I, O, S, V, Z). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SPACE = 31n ** 9n;
// Scrambles the party's number so that codes do not look like a counter: n ↦ (n·A + B) mod 31⁹ is a
// bijection (A is prime to 31), and so is reversing the nine digits; two rounds mix every digit.
const A = 17n * 31n ** 8n + 12_345n;
const B = 7_654_321_012n;

function toDigits(n: bigint): string {
  let out = '';
  for (let i = 0; i < 9; i++, n /= 31n) out = USCC_ALPHABET[Number(n % 31n)] + out;
  return out;
}

function fromDigits(digits: string): bigint {
  return Array.from(digits).reduce((n, c) => n * 31n + BigInt(USCC_ALPHABET.indexOf(c)), 0n);
}

function scramble(n: bigint): string {
  const once = toDigits((n * A + B) % SPACE);
  return toDigits((fromDigits(Array.from(once).reverse().join('')) * A + B) % SPACE);
}

/**
 * Valid unified social credit codes (GB 32100-2015), distinct for every call of one sequence:
 * two characters of registration type (`91` company, `12` public institution, `52` private
 * non-enterprise unit, `92` sole trader), the six-digit region code, nine characters that number
 * the party (from the counter and `tag`, below 31³), and the check character. A different tag
 * gives codes that differ from another run's on the same database.
 */
export class UsccSequence {
  private counter = 0;

  constructor(private readonly tag = 0) {}

  next(type: string, regionCode: string): string {
    this.counter += 1;
    const first17 = `${type}${regionCode}${scramble(BigInt(this.tag) * 31n ** 6n + BigInt(this.counter))}`;
    return first17 + required(usccCheckCharacter(first17), `the check character of ${first17}`);
  }
}
