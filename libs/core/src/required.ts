/** A value the code's own invariants guarantee (a row just written, a map filled for every key); a missing one names itself instead of a TypeError later. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}
