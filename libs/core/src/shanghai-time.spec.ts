import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { endOfShanghaiDayAfter, periodOf, periodRange, previousPeriod, toShanghaiIso } from './shanghai-time.js';

describe('Asia/Shanghai periods', () => {
  it('puts an instant in the Shanghai month, whatever the server zone', () => {
    expect(periodOf(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03');
    expect(periodOf(new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-04');
  });

  it('gives half-open ranges that tile the timeline', () => {
    expect(periodRange('2026-12')).toEqual({ start: new Date('2026-11-30T16:00:00Z'), end: new Date('2026-12-31T16:00:00Z') });
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (instant) => {
        const { start, end } = periodRange(periodOf(instant));
        expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(end.getTime()).toBeGreaterThan(instant.getTime());
        expect(periodOf(new Date(start.getTime() - 1))).toBe(previousPeriod(periodOf(instant)));
      }),
    );
  });

  it('ends a validity at the end of the Shanghai day', () => {
    expect(toShanghaiIso(endOfShanghaiDayAfter(new Date('2026-03-10T23:30:00+08:00'), 30))).toBe('2026-04-09T23:59:59.999+08:00');
    expect(toShanghaiIso(endOfShanghaiDayAfter(new Date('2026-03-10T00:10:00+08:00'), 0))).toBe('2026-03-10T23:59:59.999+08:00');
  });
});
