import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { csvDocument, NumericCell, neutraliseFormula } from './spreadsheet.js';

/** Reads the fields of a one-row CSV (RFC 4180: quoted fields, doubled quotes). */
function fieldsOf(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  return [...fields, field];
}

describe('spreadsheet cells', () => {
  it('puts an apostrophe before text starting with = + - @ tab or CR, and leaves other text alone', () => {
    for (const bad of ['=HYPERLINK("http://x","点此")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    for (const fine of ['金华检测', '6217000012341234', "'=already", '']) expect(neutraliseFormula(fine)).toBe(fine);
  });

  it('writes any text so that it reads back neutralised (commas, quotes and line breaks quoted)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const csv = csvDocument([cells]);
        expect(csv.startsWith('\uFEFF') && csv.endsWith('\r\n')).toBe(true);
        expect(fieldsOf(csv.slice(1, -2))).toEqual(cells.map(neutraliseFormula));
      }),
    );
  });

  it('writes our own signed numbers as plain numbers, and refuses anything else as one', () => {
    expect(csvDocument([[NumericCell.of('-1234.56'), '-1234.56', NumericCell.of('7')]])).toBe('\uFEFF"(1234.56)","\'-1234.56","7"\r\n');
    for (const text of ['=1', '1e5', '-', '1,000.00', ' 1']) expect(() => NumericCell.of(text)).toThrow(RangeError);
  });
});
