import { describe, expect, it } from '@jest/globals';
import { render } from './render.js';

describe('notification texts', () => {
  it('name money in yuan with separators, and days on the Shanghai calendar', () => {
    const m = render({
      kind: 'voucher.expiring',
      voucherId: 'v1',
      enterpriseId: 'e1',
      code: '7K3Q-9XWD-M2PA-4TRB-5',
      days: 7,
      // 2026-06-30 23:59:59 in Shanghai is still June 30th there.
      validUntil: new Date('2026-06-30T15:59:59Z'),
      balance: 123_456_789n,
    });
    expect(m).toMatchObject({ key: 'voucher.expiring.7.v1', to: { enterpriseId: 'e1' }, link: '#/vouchers/7K3Q-9XWD-M2PA-4TRB-5' });
    expect(m.title).toBe('您的创新券将在7天内到期');
    expect(m.body).toContain('将于2026年6月30日到期');
    expect(m.body).toContain('1,234,567.89元');
  });

  it('key each event so that it is told once, and a registration decision once per submission', () => {
    const batch = { kind: 'batch.paid', batchId: 'b1', period: '2026-03', amount: 1n, paymentReference: 'R' } as const;
    expect(render({ ...batch, providerId: 'p1' }).key).not.toBe(render({ ...batch, providerId: 'p2' }).key);
    const decided = { registrationId: 'r1', userId: 'u1', registrationKind: 'enterprise', name: 'X', phone: null } as const;
    expect(render({ kind: 'registration.rejected', ...decided, submission: 1, reason: 'a' }).key).not.toBe(
      render({ kind: 'registration.rejected', ...decided, submission: 2, reason: 'a' }).key,
    );
    expect(render({ kind: 'registration.approved', ...decided, submission: 2 }).key).toBe(
      render({ kind: 'registration.rejected', ...decided, submission: 2, reason: 'a' }).key,
    );
    // BullMQ job ids may not contain ':'.
    expect(render({ kind: 'order.requested', orderId: 'o1', providerId: 'p', enterpriseName: 'E', serviceName: 'S' }).key).not.toContain(
      ':',
    );
  });

  it('say why an application, a claim or a registration was refused', () => {
    const m = render({
      kind: 'claim.rejected',
      claimId: 'c1',
      providerId: 'p1',
      amount: 250_000n,
      invoiceNumber: 'INV-1',
      reason: '发票不符',
    });
    expect(m).toMatchObject({ title: '您的兑付申请未通过审核', link: '#/claims/c1', to: { providerId: 'p1' } });
    expect(m.body).toContain('原因：发票不符');
    expect(m.body).toContain('2,500.00元');
  });
});
