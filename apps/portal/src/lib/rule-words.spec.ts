import { describe, expect, it } from '@jest/globals';
import { bpToPercent, fundingInWords, ruleInWords } from './rule-words.js';
import { monthsOfYearUpTo, previousPeriod } from './period.js';

describe('rules in words', () => {
  it('says a program rule as officers do', () => {
    expect(ruleInWords({ ratioBp: 5000, fullCoverageUpTo: 1_000_000, outOfRegionRatioBp: null }, 'zh-CN')).toBe(
      '首 1 万元全额，超出部分 50%',
    );
    expect(ruleInWords({ ratioBp: 5000, fullCoverageUpTo: 1_000_000, outOfRegionRatioBp: null }, 'en-US')).toBe(
      'first ¥10,000 in full, 50% above',
    );
    expect(ruleInWords({ ratioBp: 4000, fullCoverageUpTo: null, outOfRegionRatioBp: 3000 }, 'zh-CN')).toBe('按 40% 补贴；区域外机构 30%');
  });

  it('says co-funding shares by level', () => {
    expect(
      fundingInWords(
        [
          { shareBp: 3000, level: 'city' },
          { shareBp: 7000, level: 'county' },
        ],
        'zh-CN',
      ),
    ).toBe('市级 30% / 县级 70%');
    expect(bpToPercent(3333)).toBe('33.33%');
    expect(bpToPercent(1250)).toBe('12.5%');
  });
});

describe('periods', () => {
  it('lists the months of a year up to now', () => {
    expect(monthsOfYearUpTo(2026, '2026-03')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsOfYearUpTo(2025, '2026-03')).toHaveLength(12);
    expect(previousPeriod('2026-01')).toBe('2025-12');
  });
});
