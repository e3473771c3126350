import { describe, expect, it } from '@jest/globals';
import { maskAccountNo } from './bank-account.js';

describe('bank account numbers', () => {
  it('masks all but the first 4 and last 4, grouped by 4, whatever the length or spacing', () => {
    expect(maskAccountNo('6217000012341234')).toBe('6217 **** **** 1234');
    expect(maskAccountNo('6217 0000 1234 5678 901')).toBe('6217 **** **** 8901');
    expect(maskAccountNo('000123456789012345678')).toBe('0001 **** **** 5678');
    expect(maskAccountNo('123456789')).toBe('**** **** 6789');
    expect(maskAccountNo('-1234')).toBe('**** ****');
  });
});
