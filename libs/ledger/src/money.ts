/**
 * Splits `total` fen over parts in proportion to `weights`, rounding each part down and giving
 * the fen left over one by one to the parts with the largest remainders (ties: the earlier part).
 * The parts always sum to `total`; a part with weight 0 gets 0.
 */
export function largestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('total must not be negative');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must not be negative');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new RangeError('cannot split a positive total over zero weights');
  }
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, index) => ({ index, remainder: (total * w) % sum }))
    .filter((p) => weights[p.index]! > 0n)
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

/** Formats fen as yuan with two decimals, e.g. 123456n → "1234.56" (exports and screens only). */
export function fenToYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

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
