import { shanghaiDate } from '@ivl/core';

/** Asia/Shanghai has had no daylight saving since 1991: every day starts at 00:00 +08:00. */
const DAY_MS = 86_400_000;

/** The instant a Shanghai day `YYYY-MM-DD` starts. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The Shanghai day after `day`. */
export function nextDay(day: string): string {
  return shanghaiDate(new Date(dayStart(day).getTime() + DAY_MS));
}

/** The Shanghai day before `day`. */
export function previousDay(day: string): string {
  return shanghaiDate(new Date(dayStart(day).getTime() - DAY_MS));
}

/** Before every day a ledger holds: the lower end of a range of closed days that starts at the beginning. */
export const FIRST_DAY = '0001-01-01';

/**
 * Where the closed days, which cover every day before `covered` (the start of the day after the
 * last closed one; undefined when none is closed), stop on the way to `to`: the later of `from`
 * and min(covered, to). Days cover [from, cut); entries are read from the cut on.
 */
export function closedDaysCut(from: Date | null, covered: Date | undefined, to: Date): Date | null {
  if (!covered) return from;
  const c = covered < to ? covered : to;
  return from && from > c ? from : c;
}
