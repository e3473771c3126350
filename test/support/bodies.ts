import type { Response } from 'supertest';
import { newUscc } from './uscc.js';

/**
 * The fixture bodies both test layers use (HTTP specs post them, medium specs pass them to the
 * services). Kept apart from test-app.ts, which loads the whole API, so medium specs can import them.
 */

/** The password of every user the fixtures create. */
export const PASSWORD = 'correct horse battery';

export function providerBody(overrides: Record<string, unknown> = {}) {
  return {
    uscc: newUscc('91330702'),
    name: '金华检测技术有限公司',
    regionCode: '330702',
    categories: ['TESTING', 'DESIGN'],
    accreditations: [{ type: 'CMA', number: 'CMA-2024-001', validUntil: '2028-12-31' }],
    bankAccount: { bankName: '中国工商银行金华分行', accountName: '金华检测技术有限公司', accountNo: '1208010009200123456' },
    ...overrides,
  };
}

export function enterpriseBody(overrides: Record<string, unknown> = {}) {
  return { uscc: newUscc('91330703'), name: '金华某某五金制品有限公司', regionCode: '330702', ...overrides };
}

/** An answer body as supertest types it: a spec reads it, and its expectations check the shape (a wrong one fails the test). */
export type Body = Response['body'];
