import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { executable, jpeg, ofd, pdf, plainZip, png, xml, zip } from '../../../test/support/documents.js';
import { SNIFF_BYTES, sniffContentType } from './sniff.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ivl-sniff-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Sniffs `content` as the receiver does: its first SNIFF_BYTES, and the whole file on disk for a zip. */
async function sniff(content: Buffer): Promise<string | undefined> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.bin`);
  await writeFile(file, content);
  return sniffContentType(content.subarray(0, SNIFF_BYTES), file);
}

describe('sniffContentType: what a file is, by its content alone', () => {
  it.each([
    ['a PDF', pdf(), 'application/pdf'],
    ['a PNG', png(), 'image/png'],
    ['a JPEG', jpeg(), 'image/jpeg'],
    ['an XML e-invoice', xml(), 'application/xml'],
    ['an OFD (a zip with OFD.xml at its root)', ofd(), 'application/ofd'],
  ])('takes %s', async (_kind, content, type) => {
    expect(await sniff(content)).toBe(type);
  });

  it('takes an OFD whose OFD.xml is not the first entry', async () => {
    expect(await sniff(zip({ 'Doc_0/Document.xml': '<ofd:Document/>', 'OFD.xml': '<ofd:OFD/>' }))).toBe('application/ofd');
  });

  it.each([
    ['a plain zip (a Word file)', plainZip()],
    ['a zip holding OFD.xml only in a folder', zip({ 'Doc_0/OFD.xml': '<ofd:OFD/>' })],
    [
      'a broken zip (a local header, then garbage, no directory)',
      Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 0x41)]),
    ],
    ['a zip cut short (its directory lost)', ofd().subarray(0, ofd().length - 40)],
    ['a Windows executable', executable()],
    ['an ELF executable', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)])],
    ['plain text', Buffer.from('just text, not a document')],
    ['HTML', Buffer.from('<!doctype html><html><script>alert(1)</script></html>')],
    ['a GIF (an image, but not one we take)', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
  ])('refuses %s', async (_kind, content) => {
    expect(await sniff(content)).toBeUndefined();
  });

  it('judges by the bytes only: a PNG stays a PNG whatever its file is called', async () => {
    const file = path.join(dir, 'licence.pdf');
    await writeFile(file, png());
    expect(await sniffContentType(png(), file)).toBe('image/png');
  });
});
