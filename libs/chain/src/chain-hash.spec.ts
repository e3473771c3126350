import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalBytes, chainHash, GENESIS } from './chain-hash.js';

const field = fc.option(fc.string(), { nil: null });

describe('chain hash', () => {
  it('is SHA-256 of the previous hash followed by the canonical bytes', () => {
    const bytes = canonicalBytes('ledger', ['1', 'hold', null, [['1', 'f', 'held', 'o', '-5']]]);
    expect(bytes.toString('utf8')).toBe('["ledger","1","hold",null,[["1","f","held","o","-5"]]]');
    expect(chainHash(GENESIS, bytes).toString('hex')).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.alloc(32), bytes]))
        .digest('hex'),
    );
  });

  it('tells apart any two different rows (no field boundary ambiguity)', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), fc.array(field, { maxLength: 6 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(canonicalBytes('audit', a).equals(canonicalBytes('audit', b))).toBe(false);
      }),
    );
  });

  it('tells the sources apart', () => {
    expect(canonicalBytes('audit', ['1']).equals(canonicalBytes('ledger', ['1']))).toBe(false);
  });
});
