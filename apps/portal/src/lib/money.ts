/**
 * Money on screen: the API speaks integer fen; people read and type yuan. Conversions are
 * string and BigInt operations only, so no binary float ever touches an amount.
 */

/** The API's limit on one amount: 1 ≤ amount ≤ 10^13 fen. */
export const MAX_FEN = 10_000_000_000_000n;

export type YuanParse =
  | { ok: true; fen: bigint }
  | { ok: false; reason: 'empty' | 'format' | 'decimals' | 'zero' | 'too_large' };

/**
 * Reads a yuan amount typed by a person (`12345.6`, `12,345.67`, `¥ 100`) into integer fen.
 * More than two decimals is refused rather than rounded: the person must say what they mean.
 */
export function parseYuan(input: string): YuanParse {
  const cleaned = input.trim().replace(/^[¥￥]\s*/, '').replace(/[,，\s]/g, '');
  if (cleaned === '') return { ok: false, reason: 'empty' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, reason: 'format' };
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { ok: false, reason: 'decimals' };
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (fen === 0n) return { ok: false, reason: 'zero' };
  if (fen > MAX_FEN) return { ok: false, reason: 'too_large' };
  return { ok: true, fen };
}

/** fen as the API wants it: a JSON integer (safe, since amounts stay ≤ 10^13). */
export function fenToJson(fen: bigint): number {
  return Number(fen);
}

function toBigInt(fen: number | bigint | string): bigint {
  if (typeof fen === 'bigint') return fen;
  if (typeof fen === 'number') {
    if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
    return BigInt(fen);
  }
  return BigInt(fen);
}

/** `1234567` fen → `12345.67` (no separators: for inputs and exports). */
export function fenToYuanString(fen: number | bigint | string): string {
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
  const plain = fenToYuanString(fen);
  const negative = plain.startsWith('-');
  const [whole, cents] = (negative ? plain.slice(1) : plain).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}.${cents}`;
}

/** Σ of fen amounts, exactly. */
export function sumFen(amounts: ReadonlyArray<number | bigint>): bigint {
  return amounts.reduce<bigint>((sum, a) => sum + toBigInt(a), 0n);
}
