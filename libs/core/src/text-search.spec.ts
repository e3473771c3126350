import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { containsPattern } from './text-search.js';

/** An ILIKE pattern read the way Postgres reads it (default escape `\`), as a RegExp over the text. */
function asRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'iu');
}

describe('containsPattern', () => {
  it('matches a text exactly when the text contains q, whatever q holds', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '%', '_', '\\', '金') }),
        fc.string({ unit: fc.constantFrom('a', 'b', '%', '_', '\\', '金') }),
        (text, q) => {
          expect(asRegExp(containsPattern(q)).test(text)).toBe(text.toLowerCase().includes(q.toLowerCase()));
        },
      ),
    );
  });

  it('escapes wildcards and the escape character', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
