import { usccCheckCharacter } from '@ivl/core';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SPACE = 31n ** 9n;
// n ↦ (n·A + B) mod 31⁹ is a bijection (A is prime to 31): distinct numbers, distinct codes that do not look like a counter.
const A = 1_000_003n;
const B = 7_654_321_012n;

/**
 * Valid unified social credit codes (GB 32100-2015), distinct for every call of one sequence:
 * two characters of registration type (`91` company, `12` public institution, `52` private
 * non-enterprise unit, `92` sole trader), the six-digit region code, nine characters that number
 * the party (from the counter and `tag`), and the check character. A different tag gives codes
 * that differ from another run's on the same database.
 */
export class UsccSequence {
  private counter = 0;

  constructor(private readonly tag = 0) {}

  next(type: string, regionCode: string): string {
    this.counter += 1;
    let n = ((BigInt(this.tag) * 31n ** 6n + BigInt(this.counter)) * A + B) % SPACE;
    let party = '';
    for (let i = 0; i < 9; i++, n /= 31n) party = ALPHABET[Number(n % 31n)] + party;
    const first17 = `${type}${regionCode}${party}`;
    return first17 + usccCheckCharacter(first17)!;
  }
}
