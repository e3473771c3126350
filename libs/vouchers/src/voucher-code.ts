import { randomBytes } from 'node:crypto';
import { BODY_LENGTH, SYMBOLS } from '@ivl/rules';

/** A fresh 16-symbol body from 80 random bits of a CSPRNG (the code's format and check live in @ivl/rules). */
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
