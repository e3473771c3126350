/** Converts a bigint column of a raw query row (the driver hands bigint over as a string). */
export function toBigInt(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(value);
}
