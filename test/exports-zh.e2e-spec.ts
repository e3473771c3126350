import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { ChainSealer } from '@ivl/chain';
import { binary, parseCsv } from './support/files.js';
import { until } from './support/polling.js';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

/**
 * Bureau-ready exports (issue 16): every CSV/XLSX and the PDF statements in Chinese, regions named
 * beside their codes, amounts in yuan with two decimals, 是/否, the anchor of the period's last day.
 */

/** Words of three or more Latin letters that may stay: hashes (hex) are checked apart; PDF/CSV names none. */
const ALLOWED = new Set<string>([]);
const HASH = /^[0-9a-f]{64}$/;

/**
 * Every English word left in `texts`. A hash, a uuid or any token holding a digit (a USCC such as
 * 91330702MA2CBLE…, an account number, a reference) is a code, not a word — the portal's rule too.
 */
function englishWords(texts: string[]): string[] {
  return texts
    .flatMap((t) => t.split(/\s+/))
    .filter((t) => !HASH.test(t) && !/^[0-9a-f-]{36}$/.test(t) && !/\d/.test(t))
    .flatMap((t) => t.match(/[A-Za-z]{3,}/g) ?? [])
    .filter((w) => !ALLOWED.has(w));
}

async function pdfText(buffer: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(buffer));
  const { text } = await extractText(doc, { mergePages: true });
  return text;
}

function sheetTexts(book: ExcelJS.Workbook): string[] {
  const texts: string[] = [];
  book.eachSheet((sheet) => {
    texts.push(sheet.name);
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.push(cell.value);
      });
    });
  });
  return texts;
}

describe('bureau-ready exports in Chinese', () => {
  let t: TestApp;
  let w: World;
  let batchId: string;
  let finance: string;

  const get = (path: string, token?: string) => {
    const r = t.http().get(path);
    return token ? r.set('authorization', token) : r;
  };
  const file = (path: string, token: string) => get(path, token).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    finance = await w.financeOf('330702');
    t.clock.set('2026-03-10T10:00:00+08:00');
    const fund = await w.fund('330702', 10_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000 });
    const sme = await w.enterprise({ regionCode: '330702', name: '金华市婺城区精工五金有限公司' });
    const provider = await w.provider({
      regionCode: '330703',
      name: '金东检测有限公司',
      bankAccount: { bankName: '中国银行金华金东支行', accountName: '金东检测有限公司', accountNo: '6217001234567890123' },
    });
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    await w.approvedClaim(sme.token, provider.token, voucher.code, 123_456);
    // The last day of March is sealed: its anchor is published once the day is over.
    t.clock.set('2026-03-31T20:00:00+08:00');
    const sealer = t.app.get(ChainSealer);
    await until(
      async () => {
        await sealer.run();
        return (await get('/public/ledger-anchors?from=2026-03-31&to=2026-03-31')).body as unknown[];
      },
      (a) => a.length === 1,
      20_000,
    ).catch(() => undefined); // another database's long transaction may hold the sealer back: the PDF then says 尚未生成

    t.clock.set('2026-04-01T09:00:00+08:00');
    [batchId] = (await w.settle('330702', '2026-03')) as [string];
  }, 120_000);
  afterAll(() => w.finish());

  it('writes the reconciliation CSV in Chinese: region name beside its code, glossary words, yuan, 是/否', async () => {
    const res = await get('/reconciliation/330702/2026-03.csv', finance).expect(200);
    const rows = parseCsv(res.text.slice(1));
    expect(rows[0]).toEqual(['区域', '330702 婺城区']);
    expect(rows[1]).toEqual(['期间', '2026-03']);
    expect(rows).toContainEqual(['科目', '项目', '金额（元）']);
    expect(rows).toContainEqual(['券内余额', '发券', '10000.00']);
    expect(rows).toContainEqual(['可用预算', '发券', '(10000.00)']);
    expect(rows).toContainEqual(['330703 金东区', '1234.56', '0.00']);
    expect(rows).toContainEqual(['账实相符', '是']);
    expect(res.text).not.toContain('券面余额');
    expect(englishWords(rows.flat())).toEqual([]);
  });

  it('writes the reconciliation XLSX in Chinese: sheet names, headings, numeric yuan, 是/否', async () => {
    const res = await file('/reconciliation/330702/2026-03.xlsx', finance);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['对账', '统计', '账本锚点']);
    const classes = book.getWorksheet('对账')!;
    expect(classes.getRow(1).getCell(2).value).toBe('330702 婺城区');
    const heading = (classes.getRow(2).values as unknown[]).map(String);
    expect(heading.slice(1, 4)).toEqual(['科目', '期初', '拨入']);
    const vouchers = classes.getRows(3, 7)!.find((r) => r.getCell(1).value === '券内余额')!;
    expect(vouchers.getCell(heading.indexOf('发券')).value).toBe(10000);
    expect(vouchers.getCell(heading.indexOf('发券')).numFmt).toBe('#,##0.00');
    expect(vouchers.getCell(heading.length - 1).value).toBe('是');
    const texts = sheetTexts(book);
    expect(texts).toContain('账实相符');
    expect(texts).not.toContain('TRUE');
    expect(englishWords(texts)).toEqual([]);
  });

  it('prints the 对账单 PDF: region, period, classes in yuan, counts, provider regions, the last day anchor, signature lines', async () => {
    const res = await file('/reconciliation/330702/2026-03.pdf', finance);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(res.body);
    for (const word of ['对账单', '330702 婺城区', '2026-03', '券内余额', '可用预算', '发券', '10,000.00', '330703 金东区', '1,234.56']) {
      expect(text).toContain(word);
    }
    for (const word of ['使用笔数', '账实相符', '账本锚点', '编制人', '复核人', '财政局负责人', '日期']) expect(text).toContain(word);
    const [anchor] = (await get('/public/ledger-anchors?from=2026-03-31&to=2026-03-31').expect(200)).body as Array<
      { hash: string } | undefined
    >;
    if (anchor) expect(text.replace(/\s/g, '')).toContain(anchor.hash);
    else expect(text).toContain('尚未生成');
    expect(englishWords(text.split(/\s+/))).toEqual([]);
  });

  it('prints 尚未生成 for a period whose last day has no anchor', async () => {
    const text = await pdfText((await file('/reconciliation/330702/2026-04.pdf', finance)).body);
    expect(text).toContain('尚未生成');
  });

  it('writes the payment CSV with Chinese headings', async () => {
    const res = await get(`/settlements/${batchId}/payment-file.csv`, finance).expect(200);
    const [header, row] = parseCsv(res.text.slice(1));
    expect(header).toEqual(['批次编号', '服务机构', '统一社会信用代码', '开户行', '户名', '账号', '金额（元）']);
    expect(row[6]).toBe('1234.56');
  });

  it('writes the bank payment sheet: 序号, 户名, 账号 as text, 开户行, 金额 in yuan, 用途', async () => {
    const res = await file(`/settlements/${batchId}/payment-file.xlsx`, finance);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('银行批量代发表');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '户名', '账号', '开户行', '金额', '用途']);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(1);
    expect(row.getCell(2).value).toBe('金东检测有限公司');
    expect(row.getCell(3).value).toBe('6217001234567890123');
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(4).value).toBe('中国银行金华金东支行');
    expect(row.getCell(5).value).toBe(1234.56);
    expect(row.getCell(5).numFmt).toBe('#,##0.00');
    expect(row.getCell(6).value).toBe('创新券兑付 2026-03 第1批');
    expect(englishWords(sheetTexts(book))).toEqual([]);
  });

  it('prints the 结算单 PDF for the finance bureau, the city admin and auditors', async () => {
    const auditor = (await createUser(t, 'auditor')).token;
    // The batch's codes (USCCs, account numbers) are data, not words: removed before the check even
    // where the table's layout broke them over lines (a USCC such as 91330702MA2BWFQ… left "BWFQ").
    const batch = (await get(`/settlements/${batchId}`, finance).expect(200)).body as {
      lines: Array<{ uscc: string; accountNo: string }>;
    };
    const codes = batch.lines.flatMap((l) => [l.uscc, l.accountNo]);
    const withoutCodes = (text: string) =>
      codes.reduce((rest, code) => rest.replace(new RegExp(code.split('').join('\\s*'), 'g'), ' '), text);
    for (const who of [finance, t.adminToken, auditor]) {
      const text = await pdfText((await file(`/settlements/${batchId}/statement.pdf`, who)).body);
      for (const word of [
        '结算单',
        '330702 婺城区',
        '2026-03',
        '第1批',
        '金东检测有限公司',
        '1,234.56',
        '编制人',
        '复核人',
        '财政局负责人',
      ]) {
        expect(text).toContain(word);
      }
      expect(englishWords(withoutCodes(text).split(/\s+/))).toEqual([]);
    }
  });

  it('refuses another region (404), the wrong role (403) and no or a forged token (401)', async () => {
    const otherFinance = await w.financeOf('330703');
    const sme = await w.enterprise({ regionCode: '330702' });
    const paths = [
      '/reconciliation/330702/2026-03.pdf',
      `/settlements/${batchId}/statement.pdf`,
      `/settlements/${batchId}/payment-file.xlsx`,
    ];
    for (const path of paths) {
      expectProblem(await get(path, otherFinance), 404, 'NOT_FOUND');
      expectProblem(await get(path, sme.token), 403, 'FORBIDDEN');
      expectProblem(await get(path), 401, 'UNAUTHENTICATED');
      expectProblem(await get(path, 'Bearer forged.token.here'), 401, 'UNAUTHENTICATED');
    }
    // The city admin reads the statement but not the bank sheet (the payment file is finance's).
    expectProblem(await get(`/settlements/${batchId}/payment-file.xlsx`, t.adminToken), 403, 'FORBIDDEN');
  });
});
