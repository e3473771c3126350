import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/**
 * Bureau-ready PDF statements (对账单, 结算单) in Chinese: pdfkit with Noto Sans SC (SIL OFL 1.1) from
 * the @fontsource/noto-sans-sc package, never a font read from the machine. pdfkit embeds only the
 * glyphs a document uses (a subset), so a statement stays small.
 */
const FONT_FILE = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff';
let font: Buffer | undefined;
const fontBytes = (): Buffer => (font ??= woffToSfnt(readFileSync(createRequire(import.meta.url).resolve(FONT_FILE))));

/**
 * The font as a plain TrueType file, unpacked once: fontkit inflates a WOFF table again on every
 * read, which made one statement take half a minute.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF'
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.readUInt32BE(at),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw),
    };
  });
  const pad = (n: number) => (n + 3) & ~3;
  const headerLength = 12 + 16 * numTables;
  const out = Buffer.alloc(headerLength + tables.reduce((s, t) => s + pad(t.data.length), 0));
  const log2 = Math.floor(Math.log2(numTables));
  out.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(2 ** log2 * 16, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(numTables * 16 - 2 ** log2 * 16, 10);
  let offset = headerLength;
  tables.forEach((t, i) => {
    out.writeUInt32BE(t.tag, 12 + i * 16);
    out.writeUInt32BE(t.checksum, 16 + i * 16);
    out.writeUInt32BE(offset, 20 + i * 16);
    out.writeUInt32BE(t.data.length, 24 + i * 16);
    t.data.copy(out, offset);
    offset += pad(t.data.length);
  });
  return out;
}

export type PdfAlign = 'left' | 'right' | 'center';

export interface PdfColumn {
  header: string;
  /** Relative width (the table fills the page's width). */
  width?: number;
  align?: PdfAlign;
}

const MARGIN = 50;
const ROW_PAD = 4;

/** A document built top to bottom: title, key-value lines, headings, tables, signature lines. */
export class PdfReport {
  private constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Builds a document and returns its bytes. */
  static async render(title: string, build: (report: PdfReport) => void): Promise<Buffer> {
    const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Creator: '金华创新券' } });
    doc.registerFont('zh', fontBytes());
    doc.font('zh');
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => {
        resolve(Buffer.concat(chunks));
      });
      doc.on('error', reject);
    });
    const report = new PdfReport(doc);
    report.title(title);
    build(report);
    doc.end();
    return done;
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  title(text: string): this {
    this.doc.fontSize(18).text(text, MARGIN, this.doc.y, { width: this.width, align: 'center' });
    this.doc.moveDown(0.8).fontSize(10);
    return this;
  }

  heading(text: string): this {
    this.ensure(40);
    this.doc.moveDown(0.6).fontSize(13).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).fontSize(10);
    return this;
  }

  paragraph(text: string): this {
    this.ensure(20);
    this.doc.fontSize(10).text(text, MARGIN, this.doc.y, { width: this.width });
    return this;
  }

  /** Lines of 「label：value」. */
  fields(pairs: ReadonlyArray<readonly [string, string]>): this {
    for (const [label, value] of pairs) this.paragraph(`${label}：${value}`);
    return this;
  }

  /** A table with a header row, grid lines and a new page (header repeated) when it runs over. */
  table(columns: readonly PdfColumn[], rows: ReadonlyArray<readonly string[]>): this {
    const doc = this.doc.fontSize(9);
    const total = columns.reduce((s, c) => s + (c.width ?? 1), 0);
    const widths = columns.map((c) => ((c.width ?? 1) / total) * this.width);
    const heightOf = (cells: readonly string[]) =>
      Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: widths[i] - 2 * ROW_PAD }))) + 2 * ROW_PAD;
    const drawRow = (cells: readonly string[], header: boolean) => {
      const h = heightOf(cells);
      this.ensure(h);
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((text, i) => {
        const w = widths[i];
        if (header) doc.rect(x, y, w, h).fillAndStroke('#eeeeee', '#888888').fillColor('black');
        else doc.rect(x, y, w, h).stroke('#888888');
        doc.text(text, x + ROW_PAD, y + ROW_PAD, { width: w - 2 * ROW_PAD, align: header ? 'center' : (columns[i].align ?? 'left') });
        x += w;
      });
      doc.x = MARGIN;
      doc.y = y + h;
    };
    drawRow(
      columns.map((c) => c.header),
      true,
    );
    for (const row of rows) {
      if (doc.y + heightOf(row) > doc.page.height - MARGIN) {
        doc.addPage();
        drawRow(
          columns.map((c) => c.header),
          true,
        );
      }
      drawRow(row, false);
    }
    doc.fontSize(10).moveDown(0.5);
    return this;
  }

  /** Signature lines: 「编制人：________」, two to a row. */
  signatures(labels: readonly string[]): this {
    this.ensure(30 * Math.ceil(labels.length / 2) + 20);
    this.doc.moveDown(1.5);
    const half = this.width / 2;
    for (let i = 0; i < labels.length; i += 2) {
      const y = this.doc.y;
      labels.slice(i, i + 2).forEach((label, j) => {
        this.doc.fontSize(11).text(`${label}：`, MARGIN + j * half, y, { width: half, lineBreak: false });
        const lineX = MARGIN + j * half + this.doc.widthOfString(`${label}：`) + 4;
        this.doc
          .moveTo(lineX, y + 13)
          .lineTo(MARGIN + (j + 1) * half - 20, y + 13)
          .stroke('#000000');
      });
      this.doc.x = MARGIN;
      this.doc.y = y + 30;
    }
    return this;
  }
}
