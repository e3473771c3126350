/** Amounts on the wire: bigint sums written as exact JSON integers (the pure money rules live in @ivl/rules). */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Starts with NUL, which no stored text can hold (the API refuses NUL in every text field). */
const EXACT_MARK = '\u0000exact-integer:';
const EXACT_MARKED = /"\\u0000exact-integer:(-?\d+)"/g;

/** Serialises as the marked digits of a sum beyond 2^53; `exactJson` turns them into a bare JSON integer. */
class ExactInteger {
  constructor(private readonly digits: string) {}
  toJSON(): string {
    return EXACT_MARK + this.digits;
  }
}

/**
 * A bigint amount for JSON. A fund holds at most 9 × 10^15 fen, so its amounts are exact JS numbers;
 * a sum over several funds (a region's, the city's) may pass 2^53, and then goes out as its exact
 * digits instead (a JSON integer is exact at any size; only a JS reader would round it). Typed as a
 * number because that is what it is in the JSON text, provided the answer is written by `exactJson`.
 */
export function toJsonAmount(fen: bigint): number {
  if (fen <= MAX_SAFE && fen >= -MAX_SAFE) return Number(fen);
  return new ExactInteger(fen.toString()) as unknown as number;
}

/** JSON.stringify that writes the amounts of `toJsonAmount` beyond 2^53 as bare, exact integers. */
export function exactJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes('\\u0000exact-integer:') ? text.replace(EXACT_MARKED, '$1') : text;
}
