import ExcelJS from 'exceljs';
import { csvDocument, neutraliseFormula, NumericCell, PdfReport, shanghaiDate } from '@ivl/core';
import { fenToYuan } from '@ivl/ledger';
import { formatFen, NOUN_TERMS, STATUS_TERMS, zhOf } from '@ivl/rules';
import type { SettlementBatch } from './settlement.types.js';

/** Lines the bank pays: every line not returned. */
const payable = (batch: SettlementBatch) => batch.lines.filter((l) => l.status !== 'returned');

/** 「创新券兑付 2026-11 第1批」: what the bank prints as the payment's purpose. */
export const paymentPurpose = (batch: SettlementBatch): string => `创新券兑付 ${batch.period} 第${batch.sequence}批`;

const regionLabel = (code: string, name: string | undefined) => (name ? `${code} ${name}` : code);

/** The payment file as CSV (UTF-8 with BOM), Chinese headings, amounts in yuan. */
export function paymentCsv(batch: SettlementBatch): string {
  return csvDocument([
    ['批次编号', '服务机构', '统一社会信用代码', '开户行', '户名', '账号', '金额（元）'],
    ...payable(batch).map((l) => [
      batch.id,
      l.providerName,
      l.uscc,
      l.bankName,
      l.accountName,
      l.accountNo,
      NumericCell.of(fenToYuan(l.amount)),
    ]),
  ]);
}

/**
 * The bank's bulk payment sheet (银行批量代发表): 序号, 户名, 账号 (a text cell: a 19-digit number
 * would lose digits as a number), 开户行, 金额 (yuan, two decimals), 用途. Typed text is neutralised.
 */
export async function paymentXlsx(batch: SettlementBatch): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '金华创新券';
  const sheet = book.addWorksheet(NOUN_TERMS.paymentFile.zh);
  sheet.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '户名', key: 'name', width: 30 },
    { header: '账号', key: 'account', width: 26, style: { numFmt: '@' } },
    { header: '开户行', key: 'bank', width: 30 },
    { header: '金额', key: 'amount', width: 16, style: { numFmt: '#,##0.00' } },
    { header: '用途', key: 'purpose', width: 28 },
  ];
  sheet.getRow(1).font = { bold: true };
  payable(batch).forEach((l, i) => {
    sheet.addRow({
      n: i + 1,
      name: neutraliseFormula(l.accountName),
      account: neutraliseFormula(l.accountNo),
      bank: neutraliseFormula(l.bankName),
      amount: Number(l.amount) / 100,
      purpose: paymentPurpose(batch),
    });
  });
  const total = payable(batch).reduce((s, l) => s + l.amount, 0n);
  const sum = sheet.addRow({ n: '', name: '合计', account: '', bank: '', amount: Number(total) / 100, purpose: '' });
  sum.font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

const day = (d: Date | null) => (d ? shanghaiDate(d) : '—');

/** The batch's settlement statement (结算单, PDF): the batch, its lines, the total, signature lines. */
export function settlementStatementPdf(batch: SettlementBatch, regionName: string | undefined): Promise<Buffer> {
  return PdfReport.render(`创新券兑付${NOUN_TERMS.settlementStatement.zh}`, (pdf) => {
    pdf.fields([
      ['区域', regionLabel(batch.regionCode, regionName)],
      ['期间', batch.period],
      [NOUN_TERMS.batch.zh, `第${batch.sequence}批`],
      ['批次状态', zhOf(STATUS_TERMS.batch, batch.status)],
      ['生成日期', day(batch.createdAt)],
      ['审核日期', day(batch.approvedAt)],
      ['支付日期', day(batch.paidAt)],
      ['支付凭证号', batch.paymentReference ?? '—'],
      ['用途', paymentPurpose(batch)],
    ]);
    pdf.heading('兑付明细');
    const lineStatus: Record<string, string> = { pending: '待支付', paid: '已支付', returned: '已退回' };
    pdf.table(
      [
        { header: '序号', width: 0.6, align: 'center' },
        { header: '服务机构', width: 2.4 },
        { header: '统一社会信用代码', width: 2.2 },
        { header: '开户行', width: 2 },
        { header: '账号', width: 2.2 },
        { header: '兑付申请数', width: 1, align: 'right' },
        { header: '金额（元）', width: 1.6, align: 'right' },
        { header: '状态', width: 1, align: 'center' },
      ],
      batch.lines.map((l, i) => [
        String(i + 1),
        l.providerName,
        l.uscc,
        l.bankName,
        l.accountNo,
        String(l.claimCount),
        formatFen(l.amount, ''),
        lineStatus[l.status] ?? l.status,
      ]),
    );
    pdf.paragraph(`合计（不含退回）：${formatFen(batch.total, '')} 元`);
    pdf.signatures(['编制人', '复核人', '财政局负责人', '日期']);
  });
}
