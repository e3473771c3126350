import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { binary, parseCsv } from '../support/files.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';

/**
 * Formula injection (issue 10 item 6): names and bank fields a party typed reach the files finance
 * opens in Excel. Every such cell must start with an apostrophe; our own amounts stay exact numbers.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
/** A number our code wrote into a CSV cell: negatives in parentheses, so none starts with `-`. */
function signed(cell: string): bigint {
  const negative = /^\((\d+)\)$/.exec(cell);
  return negative ? -BigInt(negative[1]) : BigInt(cell);
}

const EVIL_REGION = '=HYPERLINK("http://x","点此")';
const evil = {
  name: '=HYPERLINK("http://x","点此")',
  bankAccount: { bankName: '@SUM(1+1)', accountName: "+cmd|' /C calc'!A0", accountNo: '-1208010009200123456' },
};
const tabbed = {
  name: '-2+3 设计有限公司',
  bankAccount: { bankName: '\t=1+1', accountName: '\r=1+1', accountNo: '000123456789012345678' },
};

/** No cell may start like a formula, except our own plain numbers. */
function expectInert(cells: string[]): void {
  // No exception: not even our own negative amounts may start with '-' (they are written (1234.56)).
  const live = cells.filter((c) => FORMULA_START.test(c));
  expect(live).toEqual([]);
}

describe('exports neutralise formulas in every text cell and keep amounts exact', () => {
  let t: TestApp;
  let w: World;
  let batchId: string;
  let p1: { id: string; uscc: string };
  let p2: { id: string; uscc: string };

  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { OUTBOX_POLL_MS: '100' } });
    w = new World(t);
    await t
      .http()
      .post('/regions')
      .set('authorization', t.adminToken)
      .send({ code: '330200', name: EVIL_REGION, level: 'city' })
      .expect(201);
    const fund = await w.fund('330702', 10_000_000);
    const program = await w.program({ funding: [{ fundId: fund, shareBp: 10000 }], ratioBp: 10000 });
    const sme = await w.enterprise({ regionCode: '330702' });
    const provider1 = await w.provider({ regionCode: '330200', ...evil });
    const provider2 = await w.provider({ regionCode: '330702', ...tabbed });
    p1 = provider1;
    p2 = provider2;
    const voucher = await w.voucher(sme.token, program, 1_000_000);
    await w.approvedClaim(sme.token, provider1.token, voucher.code, 123_456);
    await w.approvedClaim(sme.token, provider2.token, voucher.code, 200_001);
    t.clock.set('2026-04-01T09:00:00+08:00');
    [batchId] = (await w.settle('330702', '2026-03')) as [string];
  });
  afterAll(() => w.finish());

  it('writes the payment file with every typed cell neutralised, accounts otherwise verbatim, amounts in yuan', async () => {
    const file = await t
      .http()
      .get(`/settlements/${batchId}/payment-file.csv`)
      .set('authorization', await w.financeOf('330702'))
      .expect(200);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(file.text.slice(1));
    expect(header).toEqual(['批次编号', '服务机构', '统一社会信用代码', '开户行', '户名', '账号', '金额（元）']);
    expect(rows.sort((a, b) => a[6].localeCompare(b[6]))).toEqual([
      [
        batchId,
        `'${evil.name}`,
        p1.uscc,
        `'${evil.bankAccount.bankName}`,
        `'${evil.bankAccount.accountName}`,
        `'${evil.bankAccount.accountNo}`,
        '1234.56',
      ],
      [
        batchId,
        `'${tabbed.name}`,
        p2.uscc,
        `'${tabbed.bankAccount.bankName}`,
        `'${tabbed.bankAccount.accountName}`,
        tabbed.bankAccount.accountNo,
        '2000.01',
      ],
    ]);
    expectInert([...header, ...rows.flat()]);
  });

  it('writes the reconciliation CSV with the region name inert and signed amounts as numbers that still sum, negatives in parentheses', async () => {
    const csv = await t
      .http()
      .get('/reconciliation/330702/2026-03.csv')
      .set('authorization', await w.financeOf('330702'))
      .expect(200);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.text.slice(1));
    const cells = rows.flat();
    expect(cells).toContain(`330200 ${EVIL_REGION}`); // the region's code comes first: the cell cannot start a formula
    expectInert(cells);
    const yuan = (cls: string, item: string) => rows.find((r) => r[0] === cls && r[1] === item)?.[2];
    // Negative amounts in the accountants' notation: no cell starts with '-', and Excel reads −10000.
    expect(yuan('可用预算', '发券')).toBe('(10000.00)');
    expect(yuan('券内余额', '发券')).toBe('10000.00');
    expect(yuan('应付', '期末')).toBe('3234.57');
    // Each class's rows sum: opening + movements = closing, read back from the file (yuan, exact in fen).
    const fen = (cell: string) => signed(cell.replace('.', ''));
    const available = rows.filter((r) => r[0] === '可用预算');
    const sum = available.filter((r) => r[1] !== '期末').reduce((acc, r) => acc + fen(r[2]), 0n);
    expect(sum).toBe(fen(available.find((r) => r[1] === '期末')![2]));
  });

  it('writes the reconciliation XLSX with text neutralised, amounts as numeric cells, no formula anywhere', async () => {
    const response = await t
      .http()
      .get('/reconciliation/330702/2026-03.xlsx')
      .set('authorization', await w.financeOf('330702'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body);
    const texts: string[] = [];
    const types = new Set<ExcelJS.ValueType>();
    book.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          types.add(cell.type);
          if (typeof cell.value === 'string') texts.push(cell.value);
        });
      });
    });
    expect(types.has(ExcelJS.ValueType.Formula)).toBe(false);
    expect(texts).toContain(`'${EVIL_REGION}`);
    expectInert(texts);
    expect(texts.filter((c) => /^-?\d+\.\d\d$/.test(c))).toEqual([]); // amounts are numbers, not text in yuan

    const classes = book.getWorksheet('对账')!;
    const heading = classes.getRow(2).values as unknown[]; // indexed by column number
    const column = (movement: string) => heading.indexOf(movement);
    const rowOf = (cls: string) => classes.getRows(3, classes.rowCount - 2)!.find((r) => r.getCell(1).text === cls)!;
    expect(rowOf('可用预算').getCell(column('发券')).value).toBe(-10000);
    expect(rowOf('应付').getCell(column('期末')).value).toBe(3234.57);
    const matrix = book
      .getWorksheet('统计')!
      .getRows(1, 20)!
      .find((r) => r.getCell(1).value === '330200')!;
    expect([matrix.getCell(2).value, matrix.getCell(3).value]).toEqual([`'${EVIL_REGION}`, 1234.56]);
  });
});
