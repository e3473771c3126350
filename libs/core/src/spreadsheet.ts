/**
 * What every export (CSV, XLSX) writes into a cell, so a spreadsheet never runs what a party typed.
 * Excel, LibreOffice and WPS read a cell starting with = + - @ as a formula (and tab or CR can
 * smuggle one past a trim): such text gets a leading apostrophe (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a party typed (a name, a bank field…), made inert as a spreadsheet cell. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A number our own code formatted from a bigint (an amount in yuan or fen, a count). Only such a
 * value is exempt from neutralising, so it is checked to be one; text a party typed is always a
 * string and always neutralised.
 */
export class NumericCell {
  private constructor(readonly text: string) {}

  static of(text: string): NumericCell {
    if (!PLAIN_NUMBER.test(text)) throw new RangeError(`not a plain decimal: ${JSON.stringify(text)}`);
    return new NumericCell(text);
  }

  /**
   * As a CSV field: a negative amount in the accountants' notation, `(1234.56)`, which Excel, WPS and
   * LibreOffice read as the number −1234.56, so a bureau can still sum a column of signed movements
   * while no cell starts with `-` (the export rule allows no exception, not even our own numbers).
   */
  toCsv(): string {
    return this.text.startsWith('-') ? `(${this.text.slice(1)})` : this.text;
  }
}

export type CsvCell = string | NumericCell;

/**
 * One CSV field, always quoted (quotes doubled), so a comma, quote or line break in a name never
 * shifts a column; text is neutralised first. Quoting does not stop Excel evaluating a formula,
 * and a quoted number still reads as a number.
 */
function csvField(cell: CsvCell): string {
  const text = cell instanceof NumericCell ? cell.toCsv() : neutraliseFormula(cell);
  return `"${text.replace(/"/g, '""')}"`;
}

/** A CSV file for the bureaus: UTF-8 with BOM (Excel then opens it as Chinese text), CRLF rows. */
export function csvDocument(rows: ReadonlyArray<readonly CsvCell[]>): string {
  return '\uFEFF' + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
