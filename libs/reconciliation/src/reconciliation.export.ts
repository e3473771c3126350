import ExcelJS from 'exceljs';
import { type CsvCell, csvDocument, neutraliseFormula, NumericCell, PdfReport } from '@ivl/core';
import { fenToYuan } from '@ivl/ledger';
import { COUNT_TERMS, formatFen, LEDGER_CLASS_TERMS, MOVEMENT_TERMS, NOUN_TERMS, yesNo, zhOf } from '@ivl/rules';
import { RECONCILED_CLASSES, type Reconciliation } from './reconciliation.types.js';

const CLASS_LABEL = (cls: string) => zhOf(LEDGER_CLASS_TERMS, cls);
const MOVEMENT_LABEL = (m: string) => zhOf(MOVEMENT_TERMS, m);
const COUNT_LABEL = (k: string) => zhOf(COUNT_TERMS, k);

const yuanCell = (fen: bigint) => NumericCell.of(fenToYuan(fen));

/** A region as the bureau reads it: its name beside its code. */
const regionLabel = (code: string, name: string | undefined) => (name ? `${code} ${name}` : code);

/** The movements a reconciliation shows, in the order of the glossary, then any other. */
function movementNames(rec: Reconciliation): string[] {
  const seen = new Set(RECONCILED_CLASSES.flatMap((c) => Object.keys(rec.classes[c].movements)));
  const known = Object.keys(MOVEMENT_TERMS).filter((m) => seen.has(m));
  return ['opening', ...known.filter((m) => m !== 'opening' && m !== 'closing'), ...[...seen].filter((m) => !known.includes(m)), 'closing'];
}

/** Each class's lines: opening, its movements, closing (signed fen). */
function classLines(rec: Reconciliation, cls: (typeof RECONCILED_CLASSES)[number]): Array<[string, bigint]> {
  const c = rec.classes[cls];
  return [['opening', c.opening], ...Object.entries(c.movements), ['closing', c.closing]];
}

/** The anchor of the period's last Shanghai day, if the chain has made it. */
export function lastDayAnchor(rec: Reconciliation): { date: string; sequence: number; hash: string } | undefined {
  const [y, m] = rec.period.split('-').map(Number) as [number, number];
  const last = `${rec.period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  return (rec.anchors ?? []).find((a) => a.date === last);
}

/** The month's anchors (账本锚点) after a blank line: 日期, 序号, 哈希 (tools/verify-anchors.mjs reads them back). */
function anchorRows(rec: Reconciliation): CsvCell[][] {
  const anchors = rec.anchors ?? [];
  return [
    [],
    [NOUN_TERMS.anchor.zh],
    ['日期', '序号', '哈希'],
    ...anchors.map((a) => [a.date, NumericCell.of(String(a.sequence)), a.hash]),
  ];
}

/**
 * CSV for the finance bureau (UTF-8 with BOM), in Chinese: region (code and name), period, then
 * 科目, 项目, 金额（元） per class line; counts; the provider-region matrix; 账实相符 是/否; the anchors.
 * Text cells are neutralised against formulas; the amounts, formatted here from bigints, stay plain
 * signed numbers (yuan, two decimals) so the bureau can sum them.
 */
export function reconciliationCsv(rec: Reconciliation): string {
  const rows: CsvCell[][] = [
    ['区域', regionLabel(rec.regionCode, rec.regionName)],
    ['期间', rec.period],
    [],
    ['科目', '项目', '金额（元）'],
  ];
  for (const cls of RECONCILED_CLASSES) {
    for (const [item, fen] of classLines(rec, cls)) rows.push([CLASS_LABEL(cls), MOVEMENT_LABEL(item), yuanCell(fen)]);
  }
  rows.push([], ['统计', '项目', '数量']);
  for (const [key, n] of Object.entries(rec.counts)) rows.push(['统计', COUNT_LABEL(key), NumericCell.of(String(n))]);
  rows.push([], [NOUN_TERMS.providerRegion.zh, '本期确认（元）', '本期支付（元）']);
  for (const r of rec.byProviderRegion) rows.push([regionLabel(r.regionCode, r.regionName), yuanCell(r.confirmed), yuanCell(r.paid)]);
  rows.push([], [NOUN_TERMS.balanced.zh, yesNo(rec.balanced)]);
  return csvDocument([...rows, ...anchorRows(rec)]);
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

/** The same as a workbook: 对账 (classes by movement), 统计 (counts, provider-region matrix, 账实相符), 账本锚点. */
export async function reconciliationXlsx(rec: Reconciliation): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '金华创新券';
  const classes = book.addWorksheet('对账');
  addRow(classes, ['区域', regionLabel(rec.regionCode, rec.regionName), '期间', rec.period]);
  const names = movementNames(rec);
  addRow(classes, ['科目', ...names.map(MOVEMENT_LABEL), '期初+变动=期末']).font = { bold: true };
  for (const cls of RECONCILED_CLASSES) {
    const c = rec.classes[cls];
    const value = (m: string) => yuanNumber(m === 'opening' ? c.opening : m === 'closing' ? c.closing : (c.movements[m] ?? 0n));
    addRow(classes, [CLASS_LABEL(cls), ...names.map(value), yesNo(c.consistent)]);
  }
  for (let col = 2; col <= names.length + 1; col++) classes.getColumn(col).numFmt = '#,##0.00';
  classes.getColumn(1).width = 22;

  const other = book.addWorksheet('统计');
  addRow(other, ['项目', '数量']).font = { bold: true };
  for (const [key, n] of Object.entries(rec.counts)) addRow(other, [COUNT_LABEL(key), n]);
  other.addRow([]);
  addRow(other, [NOUN_TERMS.providerRegion.zh, '区域名称', '本期确认（元）', '本期支付（元）']).font = { bold: true };
  for (const r of rec.byProviderRegion) {
    const row = addRow(other, [r.regionCode, r.regionName ?? '', yuanNumber(r.confirmed), yuanNumber(r.paid)]);
    row.getCell(3).numFmt = '#,##0.00';
    row.getCell(4).numFmt = '#,##0.00';
  }
  other.addRow([]);
  addRow(other, [NOUN_TERMS.balanced.zh, yesNo(rec.balanced)]);
  other.getColumn(1).width = 28;

  const anchors = book.addWorksheet(NOUN_TERMS.anchor.zh);
  addRow(anchors, ['日期', '序号', '哈希']).font = { bold: true };
  for (const a of rec.anchors ?? []) addRow(anchors, [a.date, a.sequence, a.hash]);
  anchors.getColumn(1).width = 14;
  anchors.getColumn(3).width = 70;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Yuan with two decimals and thousands separators, for the statements. */
const yuanText = (fen: bigint) => formatFen(fen, '');

/**
 * The 对账单 (PDF): region, period, each class's opening, movements and closing, counts, the
 * provider-region matrix, 账实相符, the anchor of the period's last day, signature lines.
 */
export function reconciliationPdf(rec: Reconciliation): Promise<Buffer> {
  return PdfReport.render(`创新券资金${NOUN_TERMS.reconciliationStatement.zh}`, (pdf) => {
    pdf.fields([
      ['区域', regionLabel(rec.regionCode, rec.regionName)],
      ['期间', rec.period],
      [NOUN_TERMS.balanced.zh, yesNo(rec.balanced)],
    ]);
    pdf.heading('一、各科目期初、本期变动与期末（元）');
    const rows: string[][] = [];
    for (const cls of RECONCILED_CLASSES) {
      for (const [item, fen] of classLines(rec, cls)) rows.push([CLASS_LABEL(cls), MOVEMENT_LABEL(item), yuanText(fen)]);
    }
    pdf.table(
      [
        { header: '科目', width: 2 },
        { header: '项目', width: 2 },
        { header: '金额（元）', width: 2, align: 'right' },
      ],
      rows,
    );
    pdf.heading('二、统计');
    pdf.table(
      [
        { header: '项目', width: 2 },
        { header: '数量', align: 'right' },
      ],
      Object.entries(rec.counts).map(([k, n]) => [COUNT_LABEL(k), String(n)]),
    );
    pdf.heading(`三、按${NOUN_TERMS.providerRegion.zh}`);
    pdf.table(
      [
        { header: NOUN_TERMS.providerRegion.zh, width: 2 },
        { header: '本期确认（元）', align: 'right' },
        { header: '本期支付（元）', align: 'right' },
      ],
      rec.byProviderRegion.map((r) => [regionLabel(r.regionCode, r.regionName), yuanText(r.confirmed), yuanText(r.paid)]),
    );
    pdf.heading(`四、${NOUN_TERMS.anchor.zh}`);
    const anchor = lastDayAnchor(rec);
    if (anchor)
      pdf.fields([
        ['日期', anchor.date],
        ['序号', String(anchor.sequence)],
        ['哈希', anchor.hash],
      ]);
    else pdf.paragraph(`本期最后一日的${NOUN_TERMS.anchor.zh}：${NOUN_TERMS.notYet.zh}`);
    pdf.signatures(['编制人', '复核人', '财政局负责人', '日期']);
  });
}
