import ExcelJS from 'exceljs';
import { neutraliseFormula, PdfReport } from '@ivl/core';
import { fenToYuan } from '@ivl/rules';
import type { CityRanking, ComplexEvaluation, EvaluationFigures } from './evaluation.types.js';
import { EVALUATION_LABELS as L } from './labels.js';

/** An amount as a numeric cell in yuan (formatted with two decimals); exact below 2^53 fen. */
const yuan = (fen: bigint) => Number(fen) / 100;
const YUAN_FORMAT = '#,##0.00';

type Cell = string | number | null;

/** Adds a row, every text cell neutralised (names are typed by people). */
function addRow(sheet: ExcelJS.Worksheet, cells: Cell[]): ExcelJS.Row {
  return sheet.addRow(cells.map((c) => (typeof c === 'string' ? neutraliseFormula(c) : c)));
}

function header(sheet: ExcelJS.Worksheet, cells: string[], widths: number[]): void {
  addRow(sheet, cells).font = { bold: true };
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
}

const rating = (f: EvaluationFigures): Cell => f.meanRating ?? L.unrated;

const FIGURE_HEADINGS = [L.services, L.subsidiesYuan, L.orderAmountYuan, L.enterprises, L.repeatEnterprises, L.ratings, L.meanRating];
const figureCells = (f: EvaluationFigures): Cell[] => [
  f.servicesDelivered,
  yuan(f.subsidies),
  yuan(f.orderAmount),
  f.enterprisesServed,
  f.repeatEnterprises,
  f.ratings,
  rating(f),
];

/** A complex's year as the bureau files it: summary, by month, by category, by provider; all in Chinese. */
export async function evaluationXlsx(e: ComplexEvaluation): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ivl';
  const c = e.complex;

  const summary = book.addWorksheet(L.sheetSummary);
  addRow(summary, [`${c.name} ${e.year}${L.yearEvaluation}`]).font = { bold: true, size: 14 };
  addRow(summary, [L.complex, c.name]);
  addRow(summary, [L.sector, L.sectors(c.sector)]);
  addRow(summary, [L.level, L.levels(c.level)]);
  addRow(summary, [L.region, `${c.regionName}（${c.regionCode}）`]);
  addRow(summary, [L.year, e.year]);
  addRow(summary, [L.providers, e.totals.providers]);
  FIGURE_HEADINGS.forEach((h, i) => addRow(summary, [h, figureCells(e.totals)[i]]));
  summary.getCell('B9').numFmt = YUAN_FORMAT;
  summary.getCell('B10').numFmt = YUAN_FORMAT;
  addRow(summary, []);
  addRow(summary, [L.basis]);
  summary.getColumn(1).width = 22;
  summary.getColumn(2).width = 40;

  const months = book.addWorksheet(L.sheetMonths);
  header(months, [L.month, L.services, L.subsidiesYuan, L.enterprises], [12, 14, 16, 14]);
  for (const m of e.byMonth) addRow(months, [m.period, m.servicesDelivered, yuan(m.subsidies), m.enterprisesServed]);
  months.getColumn(3).numFmt = YUAN_FORMAT;

  const categories = book.addWorksheet(L.sheetCategories);
  header(categories, [L.category, L.services, L.subsidiesYuan, L.enterprises], [16, 14, 16, 14]);
  for (const k of e.byCategory) {
    addRow(categories, [L.categories(k.category), k.servicesDelivered, yuan(k.subsidies), k.enterprisesServed]);
  }
  categories.getColumn(3).numFmt = YUAN_FORMAT;

  const providers = book.addWorksheet(L.sheetProviders);
  header(providers, [L.provider, L.status, ...FIGURE_HEADINGS], [36, 10, 14, 16, 16, 14, 14, 10, 12]);
  for (const p of e.providers) addRow(providers, [p.name, L.providerStatuses(p.status), ...figureCells(p)]);
  providers.getColumn(4).numFmt = YUAN_FORMAT;
  providers.getColumn(5).numFmt = YUAN_FORMAT;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The city ranking as one sheet, in Chinese, with the order it follows. */
export async function rankingXlsx(r: CityRanking): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ivl';
  const sheet = book.addWorksheet(L.sheetRanking);
  addRow(sheet, [`${r.year}${L.rankingTitle}`]).font = { bold: true, size: 14 };
  addRow(sheet, [L.rankingOrder]);
  header(
    sheet,
    [L.rank, L.complex, L.sector, L.level, L.region, L.providers, ...FIGURE_HEADINGS],
    [8, 36, 22, 10, 14, 12, 14, 16, 16, 14, 14, 10, 12],
  );
  for (const row of r.complexes) {
    const c = row.complex;
    addRow(sheet, [row.rank, c.name, L.sectors(c.sector), L.levels(c.level), c.regionName, row.providers, ...figureCells(row)]);
  }
  sheet.getColumn(8).numFmt = YUAN_FORMAT;
  sheet.getColumn(9).numFmt = YUAN_FORMAT;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Yuan with two decimals, as the statements print amounts. */
const yuanText = (fen: bigint) => fenToYuan(fen);
const ratingText = (f: EvaluationFigures) => (f.meanRating === null ? L.unrated : String(f.meanRating));
const FIGURE_COLUMNS = FIGURE_HEADINGS.map((header) => ({ header, align: 'right' as const }));
const figureTexts = (f: EvaluationFigures): string[] => [
  String(f.servicesDelivered),
  yuanText(f.subsidies),
  yuanText(f.orderAmount),
  String(f.enterprisesServed),
  String(f.repeatEnterprises),
  String(f.ratings),
  ratingText(f),
];

/** A complex's year as a PDF for the file (考核评价表): the same figures as the workbook, signed by the reviewers. */
export function evaluationPdf(e: ComplexEvaluation): Promise<Buffer> {
  const c = e.complex;
  return PdfReport.render(`${c.name} ${e.year}${L.yearEvaluation}`, (pdf) => {
    pdf.fields([
      [L.complex, c.name],
      [L.sector, L.sectors(c.sector)],
      [L.level, L.levels(c.level)],
      [L.region, `${c.regionName}（${c.regionCode}）`],
      [L.year, String(e.year)],
      [L.providers, String(e.totals.providers)],
    ]);
    pdf.table(
      FIGURE_HEADINGS.map((header) => ({ header })),
      [figureTexts(e.totals)],
    );
    pdf.heading(L.sheetMonths);
    pdf.table(
      [
        { header: L.month },
        { header: L.services, align: 'right' },
        { header: L.subsidiesYuan, align: 'right' },
        { header: L.enterprises, align: 'right' },
      ],
      e.byMonth.map((m) => [m.period, String(m.servicesDelivered), yuanText(m.subsidies), String(m.enterprisesServed)]),
    );
    pdf.heading(L.sheetCategories);
    pdf.table(
      [
        { header: L.category },
        { header: L.services, align: 'right' },
        { header: L.subsidiesYuan, align: 'right' },
        { header: L.enterprises, align: 'right' },
      ],
      e.byCategory.map((k) => [L.categories(k.category), String(k.servicesDelivered), yuanText(k.subsidies), String(k.enterprisesServed)]),
    );
    pdf.heading(L.sheetProviders);
    pdf.table(
      [{ header: L.provider, width: 2.5 }, { header: L.status }, ...FIGURE_COLUMNS],
      e.providers.map((p) => [p.name, L.providerStatuses(p.status), ...figureTexts(p)]),
    );
    pdf.paragraph(L.basis);
    pdf.signatures(['填报单位', '审核人', '市科技局意见', '日期']);
  });
}

/** The city ranking as a PDF (考核排名表), with the order it follows. */
export function rankingPdf(r: CityRanking): Promise<Buffer> {
  return PdfReport.render(`${r.year}${L.rankingTitle}`, (pdf) => {
    pdf.paragraph(L.rankingOrder);
    pdf.table(
      [
        { header: L.rank, width: 0.6, align: 'center' },
        { header: L.complex, width: 2.6 },
        { header: L.region },
        { header: L.providers, align: 'right' },
        { header: L.services, align: 'right' },
        { header: L.subsidiesYuan, width: 1.3, align: 'right' },
        { header: L.enterprises, align: 'right' },
        { header: L.meanRating, align: 'right' },
      ],
      r.complexes.map((row) => [
        String(row.rank),
        row.complex.name,
        row.complex.regionName,
        String(row.providers),
        String(row.servicesDelivered),
        yuanText(row.subsidies),
        String(row.enterprisesServed),
        ratingText(row),
      ]),
    );
    pdf.signatures(['编制人', '审核人', '日期']);
  });
}
