import ExcelJS from 'exceljs';
import { type CsvCell, csvDocument, neutraliseFormula, NumericCell } from '@ivl/core';
import { fenToYuan } from '@ivl/ledger';
import { RECONCILED_CLASSES, type Reconciliation } from './reconciliation.types.js';

const CLASS_LABEL: Record<string, string> = {
  available: '可用预算',
  vouchers: '券面余额',
  held: '冻结',
  payable: '应付',
  inSettlement: '结算中',
  paid: '已支付',
  recoverable: '可追回',
};

const MOVEMENT_LABEL: Record<string, string> = {
  opening: '期初',
  allocated: '拨款',
  issued: '发券',
  held: '冻结',
  released: '释放',
  confirmed: '确认',
  expired: '到期收回',
  revoked: '撤销收回',
  batched: '纳入结算',
  returned: '银行退回',
  paid: '支付',
  clawedBack: '追回',
  recovered: '已收回',
  closing: '期末',
};

const COUNT_LABEL: Record<string, string> = {
  vouchersIssued: '发券数',
  redemptions: '使用笔数',
  enterprisesServed: '服务企业数',
  providersPaid: '支付机构数',
};

type Row = [section: string, key: string, item: string, label: string, fen: CsvCell, yuan: CsvCell];

const fenCell = (fen: bigint) => NumericCell.of(fen.toString());
const yuanCell = (fen: bigint) => NumericCell.of(fenToYuan(fen));

/** A region as the bureau reads it: its name beside its code. */
const regionLabel = (code: string, name: string | undefined) => (name ? `${code} ${name}` : code);

/** The reconciliation as rows: classes (opening, movements, closing), counts, by provider region, balanced. */
function rows(rec: Reconciliation): Row[] {
  const out: Row[] = [];
  for (const cls of RECONCILED_CLASSES) {
    const c = rec.classes[cls];
    const items: Array<[string, bigint]> = [['opening', c.opening], ...Object.entries(c.movements), ['closing', c.closing]];
    for (const [item, fen] of items) {
      out.push(['class', cls, item, `${CLASS_LABEL[cls]}·${MOVEMENT_LABEL[item] ?? item}`, fenCell(fen), yuanCell(fen)]);
    }
  }
  for (const [key, n] of Object.entries(rec.counts)) out.push(['count', key, '', COUNT_LABEL[key] ?? key, NumericCell.of(String(n)), '']);
  for (const r of rec.byProviderRegion) {
    const region = r.regionName ?? r.regionCode;
    out.push(['by_provider_region', r.regionCode, 'confirmed', `${region}·确认`, fenCell(r.confirmed), yuanCell(r.confirmed)]);
    out.push(['by_provider_region', r.regionCode, 'paid', `${region}·支付`, fenCell(r.paid), yuanCell(r.paid)]);
  }
  out.push(['balanced', '', '', '账平', String(rec.balanced), '']);
  return out;
}

const HEADER = ['section', 'key', 'item', '项目', 'amount_fen', 'amount_yuan'];

/** The month's anchors (账本锚点) after a blank line: 日期, 序号, 哈希 (tools/verify-anchors.mjs reads them back). */
function anchorRows(rec: Reconciliation): CsvCell[][] {
  const anchors = rec.anchors ?? [];
  return [
    [],
    ['账本锚点 ledger anchors'],
    ['日期 date', '序号 sequence', '哈希 hash'],
    ...anchors.map((a) => [a.date, NumericCell.of(String(a.sequence)), a.hash]),
  ];
}

/**
 * CSV for the finance bureau (UTF-8 with BOM). Text cells are neutralised against formulas; the
 * amounts, formatted here from bigints, stay plain signed numbers so the bureau can sum them.
 */
export function reconciliationCsv(rec: Reconciliation): string {
  const title = [`region ${regionLabel(rec.regionCode, rec.regionName)}`, `period ${rec.period}`, '', '', '', ''];
  return csvDocument([title, HEADER, ...rows(rec), ...anchorRows(rec)]);
}

/**
 * An amount as a numeric cell in yuan (the sheet formats it with two decimals). Exact: fen stay below
 * 2^53, and dividing two exactly represented integers yields the double nearest the decimal.
 */
const yuanNumber = (fen: bigint) => Number(fen) / 100;

/** Adds a row, every text cell neutralised (a region name is typed by the city admin). */
function addRow(sheet: ExcelJS.Worksheet, cells: Array<string | number | boolean>): ExcelJS.Row {
  return sheet.addRow(cells.map((c) => (typeof c === 'string' ? neutraliseFormula(c) : c)));
}

/** The same as a workbook: one sheet of classes by movement, one of counts and the provider-region matrix. */
export async function reconciliationXlsx(rec: Reconciliation): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ivl';
  const classes = book.addWorksheet('对账 Classes');
  const movementNames = ['opening', ...new Set(RECONCILED_CLASSES.flatMap((c) => Object.keys(rec.classes[c].movements))), 'closing'];
  addRow(classes, [
    `${regionLabel(rec.regionCode, rec.regionName)} ${rec.period}`,
    ...movementNames.map((m) => `${MOVEMENT_LABEL[m] ?? m} ${m}`),
    'consistent',
  ]);
  for (const cls of RECONCILED_CLASSES) {
    const c = rec.classes[cls];
    const value = (m: string) => yuanNumber(m === 'opening' ? c.opening : m === 'closing' ? c.closing : (c.movements[m] ?? 0n));
    addRow(classes, [`${CLASS_LABEL[cls]} ${cls}`, ...movementNames.map(value), c.consistent]);
  }
  classes.getRow(1).font = { bold: true };
  for (let col = 2; col <= movementNames.length + 1; col++) classes.getColumn(col).numFmt = '#,##0.00';
  classes.getColumn(1).width = 22;

  const other = book.addWorksheet('统计 Counts');
  for (const [key, n] of Object.entries(rec.counts)) addRow(other, [`${COUNT_LABEL[key]} ${key}`, n]);
  other.addRow([]);
  addRow(other, ['机构所在地 provider region', '地区名称 name', '确认 confirmed', '支付 paid']).font = { bold: true };
  for (const r of rec.byProviderRegion) addRow(other, [r.regionCode, r.regionName ?? '', yuanNumber(r.confirmed), yuanNumber(r.paid)]);
  other.addRow([]);
  addRow(other, ['账平 balanced', rec.balanced]);
  other.getColumn(1).width = 28;

  const anchors = book.addWorksheet('账本锚点 Anchors');
  addRow(anchors, ['日期 date', '序号 sequence', '哈希 hash']).font = { bold: true };
  for (const a of rec.anchors ?? []) addRow(anchors, [a.date, a.sequence, a.hash]);
  anchors.getColumn(1).width = 14;
  anchors.getColumn(3).width = 70;
  return Buffer.from(await book.xlsx.writeBuffer());
}
