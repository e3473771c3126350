import type { NoticeKind } from './notice.types.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OF_PARTY = new RegExp(`^(provider|payment)-(${UUID})$`);
const OF_DAY = new RegExp(`^voucher-(${UUID})-(\\d{4}-\\d{2}-\\d{2})$`);

/**
 * A notice's stable id, derived from what it shows: `provider-<providerId>`, `payment-<batchId>`,
 * `voucher-<programId>-<YYYY-MM-DD>` (one program's vouchers issued on one Shanghai day). Anything
 * else, an impossible date included, is no notice (undefined).
 */
export function parseNoticeId(id: string): { kind: NoticeKind; subjectId: string; day?: string } | undefined {
  const party = OF_PARTY.exec(id);
  if (party) return { kind: party[1] as NoticeKind, subjectId: party[2] };
  const issued = OF_DAY.exec(id);
  if (!issued) return undefined;
  const day = issued[2];
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return undefined;
  return { kind: 'voucher', subjectId: issued[1], day };
}
