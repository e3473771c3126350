import { createHash } from 'node:crypto';

/** The previous hash of the first seal: 32 zero bytes. */
export const GENESIS = Buffer.alloc(32);

/** Which table a sealed row lives in. */
export type ChainSource = 'audit' | 'ledger';

/**
 * The canonical bytes of a row (docs/domain.md "Tamper evidence"): the UTF-8 of the JSON array
 * `[source, ...fields]`, every field a string or null, in the column order of CANONICAL_FIELDS.
 */
export function canonicalBytes(source: ChainSource, fields: unknown[]): Buffer {
  return Buffer.from(JSON.stringify([source, ...fields]), 'utf8');
}

/** hash_n = SHA-256(hash_{n-1} ‖ canonical bytes of row n). */
export function chainHash(previous: Buffer, bytes: Buffer): Buffer {
  return createHash('sha256').update(previous).update(bytes).digest();
}
