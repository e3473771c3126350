import { describe, expect, it } from '@jest/globals';
import { exactJson, toJsonAmount } from './money.js';

describe('exactJson', () => {
  it('writes amounts within 2^53 as numbers and beyond it as their exact digits', () => {
    const value = {
      small: toJsonAmount(123n),
      edge: toJsonAmount(9_007_199_254_740_991n),
      big: toJsonAmount(18_000_000_000_000_001n),
      neg: toJsonAmount(-18_000_000_000_000_001n),
      text: 'a"b',
    };
    expect(exactJson(value)).toBe('{"small":123,"edge":9007199254740991,"big":18000000000000001,"neg":-18000000000000001,"text":"a\\"b"}');
  });

  it('leaves text that only looks like the mark alone', () => {
    expect(exactJson({ text: 'exact-integer:12' })).toBe('{"text":"exact-integer:12"}');
  });
});
