import { DomainError } from './domain-error.js';

/** Asia/Shanghai has had no daylight saving since 1991: a fixed +08:00 offset. */
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` of the Asia/Shanghai calendar month an instant falls in. */
export function periodOf(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 7);
}

/** `YYYY-MM-DD` of the Asia/Shanghai day an instant falls in. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The earliest period the ledger accepts; the latest is December of the next Shanghai year. */
export const FIRST_PERIOD = '2000-01';

/** A well-formed `YYYY-MM` (any year); see `readPeriod` for the bounds. */
export function isPeriod(value: string): boolean {
  return PERIOD.test(value);
}

/**
 * A period named in a request: `YYYY-MM` from 2000-01 to December of the year after `now`
 * (Asia/Shanghai), else 400 naming `field`. Returns its instant range.
 */
export function readPeriod(period: string, now: Date, field = 'period'): { start: Date; end: Date } {
  const last = `${Number(periodOf(now).slice(0, 4)) + 1}-12`;
  if (!isPeriod(period) || period < FIRST_PERIOD || period > last) {
    throw DomainError.validation(field, `must be a month YYYY-MM from ${FIRST_PERIOD} to ${last}`);
  }
  return periodRange(period);
}

/** The half-open instant range [start, end) of a period. */
export function periodRange(period: string): { start: Date; end: Date } {
  const match = PERIOD.exec(period);
  if (!match) throw DomainError.validation('period', 'must be YYYY-MM');
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return {
    start: new Date(Date.UTC(year, month, 1) - OFFSET_MS),
    end: new Date(Date.UTC(year, month + 1, 1) - OFFSET_MS),
  };
}

/** The period before `period`. */
export function previousPeriod(period: string): string {
  return periodOf(new Date(periodRange(period).start.getTime() - 1));
}

/** The period after `period`. */
export function nextPeriod(period: string): string {
  return periodOf(periodRange(period).end);
}

/** The last instant (…23:59:59.999 +08:00) of the Shanghai day `days` after the day of `instant`. */
export function endOfShanghaiDayAfter(instant: Date, days: number): Date {
  const localMidnight = Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS;
  return new Date(localMidnight + (days + 1) * DAY_MS - OFFSET_MS - 1);
}

/** ISO 8601 with the +08:00 offset, as the API shows timestamps. */
export function toShanghaiIso(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().replace('Z', '+08:00');
}
