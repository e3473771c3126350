/**
 * The pure check of a voucher code, ported from libs/vouchers/src/voucher-code.ts so a mistyped
 * code is caught as it is typed. The server checks again; this only saves a round trip.
 * Code: 16 Crockford base32 symbols + a check symbol (the 80-bit value mod 37).
 */
const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_SYMBOLS = `${SYMBOLS}*~$=U`;
export const BODY_LENGTH = 16;

export function checkSymbol(body: string): string {
  let mod = 0;
  for (const symbol of body) mod = (mod * 32 + SYMBOLS.indexOf(symbol)) % 37;
  return CHECK_SYMBOLS[mod]!;
}

/** Normalises like the server: upper case, spaces and hyphens dropped, I/L → 1 and O → 0 (U stays: it is a check symbol). */
export function normaliseCode(input: string): string {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '');
  const body = cleaned.slice(0, BODY_LENGTH).replace(/[IL]/g, '1').replace(/O/g, '0');
  let rest = cleaned.slice(BODY_LENGTH);
  if (rest.length > 0) rest = rest[0]!.replace(/[IL]/, '1').replace('O', '0') + rest.slice(1);
  return body + rest;
}

/** As the code is typed: groups of 4, then the check symbol: `XXXX-XXXX-XXXX-XXXX-C`. */
export function formatTypedCode(input: string): string {
  const n = normaliseCode(input).slice(0, BODY_LENGTH + 1);
  const groups = n.slice(0, BODY_LENGTH).match(/.{1,4}/g) ?? [];
  const check = n.slice(BODY_LENGTH);
  return [...groups, ...(check ? [check] : [])].join('-');
}

export type CodeCheck = 'empty' | 'incomplete' | 'bad_symbol' | 'too_long' | 'bad_check' | 'ok';

export function checkCode(input: string): CodeCheck {
  const n = normaliseCode(input);
  if (n.length === 0) return 'empty';
  const body = n.slice(0, BODY_LENGTH);
  if (![...body].every((c) => SYMBOLS.includes(c))) return 'bad_symbol';
  if (n.length < BODY_LENGTH + 1) return 'incomplete';
  if (n.length > BODY_LENGTH + 1) return 'too_long';
  if (!CHECK_SYMBOLS.includes(n[BODY_LENGTH]!)) return 'bad_symbol';
  return checkSymbol(body) === n[BODY_LENGTH] ? 'ok' : 'bad_check';
}

/** The code to read out at a desk: groups of 4 separated by spaces. */
export function codeForReading(code: string): string {
  return normaliseCode(code).match(/.{1,4}/g)?.join(' ') ?? '';
}
