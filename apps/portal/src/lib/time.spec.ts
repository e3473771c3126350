import { describe, expect, it } from '@jest/globals';
import { currentPeriod, formatDateTime } from './time.js';

describe('Shanghai time', () => {
  it('shows instants in Asia/Shanghai whatever the zone of the string', () => {
    expect(formatDateTime('2026-03-31T16:30:00Z')).toBe('2026-04-01 00:30');
    expect(formatDateTime('2026-04-01T00:30:00+08:00')).toBe('2026-04-01 00:30');
    expect(currentPeriod(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04');
  });
});
