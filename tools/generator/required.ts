/** The value a lookup must have found: a missing one is a bug of the generator or a bench, reported by name. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}
