/**
 * Money, one copy for the server and the portal: amounts are integer fen; people read and type yuan.
 * Conversions are string and BigInt operations only, so no binary float ever touches an amount.
 */

/** The API's limit on one amount: 1 ≤ amount ≤ 10^13 fen. */
export const MAX_FEN = 10_000_000_000_000n;

/** What `parseYuan` read: the fen, or why the text is not an amount. */
export type YuanParse = { ok: true; fen: bigint } | { ok: false; reason: 'empty' | 'format' | 'decimals' | 'zero' | 'too_large' };

/**
 * Reads a yuan amount typed by a person (`12345.6`, `12,345.67`, `¥ 100`) into integer fen.
 * More than two decimals is refused rather than rounded: the person must say what they mean.
 */
export function parseYuan(input: string): YuanParse {
  const cleaned = input
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/[,，\s]/g, '');
  if (cleaned === '') return { ok: false, reason: 'empty' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, reason: 'format' };
  const [, whole, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, reason: 'decimals' };
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (fen === 0n) return { ok: false, reason: 'zero' };
  if (fen > MAX_FEN) return { ok: false, reason: 'too_large' };
  return { ok: true, fen };
}

/** fen as the API wants it: a JSON integer (safe, since amounts stay ≤ 10^13). */

/** An amount as the API sends it (a safe integer) or as the server holds it (a bigint). */
function toBigInt(fen: number | bigint | string): bigint {
  if (typeof fen === 'bigint') return fen;
  if (typeof fen === 'number') {
    if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
    return BigInt(fen);
  }
  return BigInt(fen);
}

/** `1234567` fen → `12345.67`, two decimals, no separators (inputs, exports and screens). */
export function fenToYuan(fen: number | bigint | string): string {
  const value = toBigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString();
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${cents}`;
}

/** `1234567` fen → `¥12,345.67`; negative amounts as `-¥12,345.67`. */
export function formatFen(fen: number | bigint | string | null | undefined, symbol = '¥'): string {
  if (fen === null || fen === undefined) return '—';
  const plain = fenToYuan(fen);
  const negative = plain.startsWith('-');
  const [whole, cents] = (negative ? plain.slice(1) : plain).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}.${cents}`;
}

/** Σ of fen amounts, exactly. */
export function sumFen(amounts: ReadonlyArray<number | bigint>): bigint {
  return amounts.reduce<bigint>((sum, a) => sum + toBigInt(a), 0n);
}

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
    .filter((p) => weights[p.index] > 0n)
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    parts[index] += 1n;
    left -= 1n;
  }
  return parts;
}
