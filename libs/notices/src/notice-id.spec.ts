import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseNoticeId } from './notice-id.js';
import { titleOf } from './notices.service.js';

describe('notice ids', () => {
  it('reads each kind back from the id it was made from', () => {
    fc.assert(
      fc.property(
        fc.uuid({ version: 4 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (id, date) => {
          const day = date.toISOString().slice(0, 10);
          expect(parseNoticeId(`provider-${id}`)).toEqual({ kind: 'provider', subjectId: id });
          expect(parseNoticeId(`payment-${id}`)).toEqual({ kind: 'payment', subjectId: id });
          expect(parseNoticeId(`voucher-${id}-${day}`)).toEqual({ kind: 'voucher', subjectId: id, day });
        },
      ),
    );
  });

  it('refuses anything else, impossible dates included', () => {
    const id = '0b0e4c1e-5a4d-4a6e-9c1b-6f1f3c3b2a10';
    for (const bad of [
      '',
      'provider-',
      `voucher-${id}`,
      `voucher-${id}-2026-02-30`,
      `payment-${id}x`,
      `other-${id}`,
      `provider-${id.toUpperCase()}`,
    ]) {
      expect(parseNoticeId(bad)).toBeUndefined();
    }
  });

  it('titles each kind in Chinese', () => {
    expect(titleOf({ kind: 'voucher', regionName: '婺城区', label: '科技创新券', day: '2026-11-03' })).toBe(
      '婺城区创新券发放公示（科技创新券，2026年11月3日）',
    );
    expect(titleOf({ kind: 'payment', regionName: '婺城区', label: '2026-03 第1批', day: null })).toBe(
      '婺城区创新券兑付公示（2026-03 第1批）',
    );
    expect(titleOf({ kind: 'provider', regionName: '金华市', label: '某检测公司', day: null })).toBe('服务机构入驻公示（某检测公司）');
  });
});
