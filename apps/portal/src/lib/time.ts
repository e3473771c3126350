/** Dates on screen are in Asia/Shanghai, whatever the browser's zone. */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(ZONE).format('YYYY-MM-DD') : '—';
}

/** The current period in Shanghai. */
export function currentPeriod(now: Date = new Date()): string {
  return dayjs(now).tz(ZONE).format('YYYY-MM');
}

/** Today in Shanghai, `YYYY-MM-DD` (an invoice date's default). */
export function todayInShanghai(now: Date = new Date()): string {
  return dayjs(now).tz(ZONE).format('YYYY-MM-DD');
}
