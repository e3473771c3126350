import { randomBytes } from 'node:crypto';

/** Crockford base32: 0-9 A-Z without I L O U. Check symbols add `*~$=U` for values 32-36. */
const SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_SYMBOLS = `${SYMBOLS}*~$=U`;
const BODY_LENGTH = 16;

/** A fresh 16-symbol body from 80 random bits of a CSPRNG. */
export function generateCodeBody(): string {
  const bytes = randomBytes(10);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) {
    body = SYMBOLS[Number(value & 31n)] + body;
    value >>= 5n;
  }
  return body;
}

/** The check symbol of a body: its 80-bit value mod 37. */
export function checkSymbol(body: string): string {
  let mod = 0;
  for (const symbol of body) mod = (mod * 32 + SYMBOLS.indexOf(symbol)) % 37;
  return CHECK_SYMBOLS[mod]!;
}

/** `XXXX-XXXX-XXXX-XXXX-C`, as shown to people. */
export function formatCode(body: string): string {
  return `${body.match(/.{4}/g)!.join('-')}-${checkSymbol(body)}`;
}

/**
 * Reads a typed code: case-insensitive, hyphens and spaces ignored, I and L read as 1, O as 0.
 * Returns the 16-symbol body, or undefined if it is malformed or its check symbol is wrong,
 * so a mistyped code is caught before any lookup.
 */
export function parseCode(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '');
  if (cleaned.length !== BODY_LENGTH + 1) return undefined;
  const body = cleaned.slice(0, BODY_LENGTH).replace(/[IL]/g, '1').replace(/O/g, '0');
  if (![...body].every((c) => SYMBOLS.includes(c))) return undefined;
  let check = cleaned[BODY_LENGTH]!;
  // The check symbol reads the same aliases, except U which is a check symbol of its own.
  if (check === 'I' || check === 'L') check = '1';
  if (check === 'O') check = '0';
  return checkSymbol(body) === check ? body : undefined;
}
