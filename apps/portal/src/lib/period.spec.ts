import { describe, expect, it } from '@jest/globals';
import { workingPeriod } from './period.js';

describe('the month a settlement or sample screen opens on', () => {
  it('is the latest month with batches (the demo settles the running month)', () => {
    expect(workingPeriod(['2026-10', '2026-12', '2026-11'], '2026-12')).toBe('2026-12');
  });
  it('is the month just ended when there is no batch yet', () => {
    expect(workingPeriod([], '2027-01')).toBe('2026-12');
  });
});
