import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { executable, pdf } from '../../../test/support/documents.js';
import { DOCUMENT_MAX_BYTES } from './document.types.js';
import { documentName, receiveUpload, removeAbandonedReceipts } from './receive.js';

/** Any string, lone surrogates, controls and astral characters included. */
const anyName = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 400 }));
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('documentName', () => {
  it('never names a folder, holds no control character or lone surrogate, is at most 255 code points, and is never empty', () => {
    fc.assert(
      fc.property(anyName, (clientName) => {
        const name = documentName(clientName);
        expect(name).not.toMatch(/[/\\]/);
        expect(name).not.toMatch(CONTROL);
        expect(name).not.toMatch(LONE_SURROGATE);
        expect(name).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
        expect(Array.from(name).length).toBeLessThanOrEqual(255);
        expect(name.length).toBeGreaterThan(0);
        expect(name).toBe(name.trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an ordinary name as it is', () => {
    const ordinary = fc
      .string({ unit: fc.constantFrom(...'营业执照检测报告发票合同abcXYZ019 ()-_.'.split('')), minLength: 1, maxLength: 255 })
      .filter((s) => s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(ordinary, (name) => {
        expect(documentName(name)).toBe(name);
      }),
    );
  });

  it('drops the folders a browser or an attacker sends', () => {
    expect(documentName('C:\\Users\\张三\\Desktop\\营业执照.pdf')).toBe('营业执照.pdf');
    expect(documentName('../../etc/passwd')).toBe('passwd');
    expect(documentName('scans/')).toBe('document');
  });

  it('drops a right-to-left override that would disguise the extension', () => {
    expect(documentName('报告\u202Efdp.exe')).toBe('报告fdp.exe');
  });

  it('cuts at 255 code points, never inside a character', () => {
    const name = documentName('😀'.repeat(300));
    expect(Array.from(name)).toHaveLength(255);
    expect(name).not.toMatch(LONE_SURROGATE);
  });

  it('names what has no name left "document"', () => {
    for (const empty of ['', '   ', '\u0000\u0007', '\uD800', 'a/\u202E ']) expect(documentName(empty)).toBe('document');
  });
});

describe('receiveUpload', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ivl-receive-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  /** A stream of `content` in chunks of 64 KiB, as a socket delivers it. */
  function streamOf(content: Buffer): Readable {
    const chunks: Buffer[] = [];
    for (let i = 0; i < content.length; i += 65_536) chunks.push(content.subarray(i, i + 65_536));
    return Readable.from(chunks);
  }

  it('writes the bytes to a file of the folder, with their size, SHA-256 and sniffed type', async () => {
    const content = Buffer.concat([pdf(), Buffer.alloc(300_000, 0x20)]);
    const received = await receiveUpload(streamOf(content), 'dir/报告.pdf', folder);
    expect(received).toMatchObject({
      name: '报告.pdf',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      contentType: 'application/pdf',
    });
    expect(path.dirname(received.path)).toBe(folder);
    expect(Buffer.compare(await readFile(received.path), content)).toBe(0);
    await rm(received.path);
  });

  it('refuses past the limit (413), an unaccepted kind (415) and nothing (400), and leaves no file', async () => {
    const big = Buffer.alloc(DOCUMENT_MAX_BYTES + 1, 0x20);
    pdf().copy(big);
    await expect(receiveUpload(streamOf(big), 'big.pdf', folder)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(receiveUpload(streamOf(executable()), 'a.pdf', folder)).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    await expect(receiveUpload(streamOf(Buffer.alloc(0)), 'a.pdf', folder)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await readdir(folder)).toEqual([]);
  });

  it('removeAbandonedReceipts: only received files older than asked, and no other file', async () => {
    const old = path.join(folder, '0b0e7d36-3f6a-4c1e-9d7e-2f1a5c3b4d5e.part');
    const young = path.join(folder, '1b0e7d36-3f6a-4c1e-9d7e-2f1a5c3b4d5e.part');
    const other = path.join(folder, 'keep.txt');
    for (const file of [old, young, other]) await writeFile(file, 'x');
    const now = Date.now();
    const past = new Date(now - 7200_000);
    await utimes(old, past, past);
    await utimes(other, past, past);

    expect(await removeAbandonedReceipts(folder, 3600_000, now)).toBe(1);
    expect((await readdir(folder)).sort()).toEqual(['1b0e7d36-3f6a-4c1e-9d7e-2f1a5c3b4d5e.part', 'keep.txt']);
    expect(await removeAbandonedReceipts(path.join(folder, 'missing'), 0)).toBe(0);
    await Promise.all([young, other].map((file) => rm(file)));
  });
});
