/** Periods are calendar months `YYYY-MM` in Asia/Shanghai. */
export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The months of a year up to (and including) `current`, for yearly charts. */
export function monthsOfYearUpTo(year: number, current: string): string[] {
  const [cy, cm] = current.split('-').map(Number) as [number, number];
  const last = year < cy ? 12 : year === cy ? cm : 0;
  return Array.from({ length: last }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** The previous month of a period. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The month a settlement or sample screen opens on: the latest month that has settlement batches
 * (the month people are working on; the demo settles the running month), else the month just ended.
 */
export function workingPeriod(batchPeriods: string[], current: string): string {
  return batchPeriods.reduce((latest, p) => (p > latest ? p : latest), '') || previousPeriod(current);
}
