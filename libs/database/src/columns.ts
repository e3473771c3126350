import type { ValueTransformer } from 'typeorm';

/** Postgres bigint (fen) ↔ JS bigint; the driver hands bigint over as a string. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/** Converts a bigint column of a raw query row. */
export function toBigInt(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(value);
}
