/**
 * The voucher code, one copy for the server and the portal: 16 Crockford base32 symbols and a
 * check symbol (the 80-bit value mod 37), so a mistyped code is caught before any lookup.
 */

/** Crockford base32: 0-9 A-Z without I L O U. */
export const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Check symbols add `*~$=U` for values 32-36. */
const CHECK_SYMBOLS = `${SYMBOLS}*~$=U`;
/** Symbols of a code's body, before its check symbol. */
export const BODY_LENGTH = 16;

/** The check symbol of a body: its 80-bit value mod 37. */
export function checkSymbol(body: string): string {
  let mod = 0;
  for (const symbol of body) mod = (mod * 32 + SYMBOLS.indexOf(symbol)) % 37;
  return CHECK_SYMBOLS[mod];
}

/** `XXXX-XXXX-XXXX-XXXX-C`, as shown to people. */
export function formatCode(body: string): string {
  const groups = body.match(/.{4}/g);
  if (!groups) throw new Error(`a code body has ${BODY_LENGTH} symbols, not ${body.length}`);
  return `${groups.join('-')}-${checkSymbol(body)}`;
}

/** Upper case, spaces and hyphens dropped, I/L → 1 and O → 0 (U stays in the check position: it is a check symbol). */
export function normaliseCode(input: string): string {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '');
  const body = cleaned.slice(0, BODY_LENGTH).replace(/[IL]/g, '1').replace(/O/g, '0');
  let rest = cleaned.slice(BODY_LENGTH);
  if (rest.length > 0) rest = rest[0].replace(/[IL]/, '1').replace('O', '0') + rest.slice(1);
  return body + rest;
}

/** What is wrong with a typed code, if anything: the portal says it as the code is typed. */
export type CodeCheck = 'empty' | 'incomplete' | 'bad_symbol' | 'too_long' | 'bad_check' | 'ok';

/** Checks a typed code in any spelling `parseCode` reads. */
export function checkCode(input: string): CodeCheck {
  const n = normaliseCode(input);
  if (n.length === 0) return 'empty';
  const body = n.slice(0, BODY_LENGTH);
  if (!body.split('').every((c) => SYMBOLS.includes(c))) return 'bad_symbol';
  if (n.length < BODY_LENGTH + 1) return 'incomplete';
  if (n.length > BODY_LENGTH + 1) return 'too_long';
  if (!CHECK_SYMBOLS.includes(n[BODY_LENGTH])) return 'bad_symbol';
  return checkSymbol(body) === n[BODY_LENGTH] ? 'ok' : 'bad_check';
}

/**
 * Reads a typed code: case-insensitive, hyphens and spaces ignored, I and L read as 1, O as 0.
 * Returns the 16-symbol body, or undefined if it is malformed or its check symbol is wrong.
 */
export function parseCode(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  return checkCode(input) === 'ok' ? normaliseCode(input).slice(0, BODY_LENGTH) : undefined;
}

/** As the code is typed: groups of 4, then the check symbol: `XXXX-XXXX-XXXX-XXXX-C`. */
export function formatTypedCode(input: string): string {
  const n = normaliseCode(input).slice(0, BODY_LENGTH + 1);
  const groups = n.slice(0, BODY_LENGTH).match(/.{1,4}/g) ?? [];
  const check = n.slice(BODY_LENGTH);
  return [...groups, ...(check ? [check] : [])].join('-');
}

/** The code to read out at a desk: groups of 4 separated by spaces. */
export function codeForReading(code: string): string {
  return (
    normaliseCode(code)
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}
