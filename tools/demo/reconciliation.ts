/** Each region's reconciliation of the month, fetched as its finance bureau and printed in yuan. */
import type { ReconciledClass } from '@ivl/reconciliation';
import type { Http } from '../generator/http.js';
import { regionName } from '../generator/jinhua.js';

// As RECONCILED_CLASSES of @ivl/reconciliation, whose barrel would load the whole lib into this process.
const CLASSES: readonly ReconciledClass[] = ['available', 'vouchers', 'held', 'payable', 'inSettlement', 'paid', 'recoverable'];
const MOVEMENTS = [
  'allocated',
  'issued',
  'held',
  'released',
  'confirmed',
  'expired',
  'revoked',
  'batched',
  'returned',
  'paid',
  'clawedBack',
  'recovered',
] as const;

interface ClassBody {
  opening: number;
  closing: number;
  movements: Record<string, number>;
  consistent: boolean;
}

export interface ReconciliationBody {
  regionCode: string;
  period: string;
  classes: Record<ReconciledClass, ClassBody>;
  counts: { vouchersIssued: number; redemptions: number; enterprisesServed: number; providersPaid: number };
  byProviderRegion: Array<{ regionCode: string; confirmed: number; paid: number }>;
  balanced: boolean;
}

export async function fetchReconciliation(http: Http, token: string, regionCode: string, period: string): Promise<ReconciliationBody> {
  return (await http.request<ReconciliationBody>('GET', `/reconciliation/${regionCode}/${period}`, { token, expect: 200 })).body;
}

/** Balanced by the ledger, and opening + movements = closing in every class. */
export function isBalanced(rec: ReconciliationBody): boolean {
  return rec.balanced && CLASSES.every((c) => rec.classes[c].consistent);
}

/** 1234567 fen → "12,345.67". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

const LABEL_WIDTH = 11;
const COLUMN_WIDTH = 15;

/**
 * Classes across, rows down: the opening balance, each movement of the month that moved anything,
 * the closing balance (blank where a movement does not touch a class).
 */
export function formatReconciliation(rec: ReconciliationBody): string {
  const ok = isBalanced(rec);
  const title = `${rec.regionCode} ${regionName(rec.regionCode)} · ${rec.period} · ${ok ? 'balanced ✓' : 'NOT BALANCED ✗'}`;
  const row = (label: string, cell: (c: ReconciledClass) => string) =>
    (label.padEnd(LABEL_WIDTH) + CLASSES.map((c) => cell(c).padStart(COLUMN_WIDTH)).join('')).trimEnd();
  const moved = MOVEMENTS.filter((m) => CLASSES.some((c) => (rec.classes[c].movements[m] ?? 0) !== 0));
  const lines = [
    `── ${title} ${'─'.repeat(Math.max(0, LABEL_WIDTH + COLUMN_WIDTH * CLASSES.length - title.length - 4))}`,
    row('yuan', (c) => c),
    row('opening', (c) => yuan(rec.classes[c].opening)),
    ...moved.map((m) => row(m, (c) => (rec.classes[c].movements[m] ? yuan(rec.classes[c].movements[m]) : ''))),
    row('closing', (c) => yuan(rec.classes[c].closing) + (rec.classes[c].consistent ? '' : ' ✗')),
    `counts: vouchers issued ${rec.counts.vouchersIssued} · redemptions ${rec.counts.redemptions} · ` +
      `enterprises served ${rec.counts.enterprisesServed} · providers paid ${rec.counts.providersPaid}`,
  ];
  if (rec.byProviderRegion.length > 0) {
    const parts = rec.byProviderRegion.map((r) => `${regionName(r.regionCode)} ${yuan(r.confirmed)} / ${yuan(r.paid)}`);
    lines.push(`by provider region (confirmed / paid): ${parts.join(' · ')}`);
  }
  return lines.join('\n');
}
