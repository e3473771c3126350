import { describe, expect, it } from '@jest/globals';
import { formatCode } from '@ivl/rules';
import { generateCodeBody } from './voucher-code.js';

describe('voucher code generation', () => {
  it('generates 16 Crockford symbols and formats them as XXXX-XXXX-XXXX-XXXX-C', () => {
    const code = formatCode(generateCodeBody());
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z*~$=U]$/);
    expect(new Set(Array.from({ length: 1000 }, generateCodeBody)).size).toBe(1000);
  });
});
