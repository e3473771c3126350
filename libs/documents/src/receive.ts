import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, ErrorCode } from '@ivl/core';
import { DOCUMENT_MAX_BYTES, type ReceivedUpload } from './document.types.js';
import { SNIFF_BYTES, sniffContentType } from './sniff.js';

const TOO_LARGE = `a document is at most ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB`;

/**
 * Receives an upload as it streams in: into a file of `folder`, through SHA-256, counting bytes and
 * keeping only the first few kilobytes for sniffing, so a 20 MB file never sits whole in memory.
 * Past the limit it stops reading at once (413); a content that is not an accepted kind is refused
 * (415), an empty one too (400). On any refusal the partial file is removed.
 */
export async function receiveUpload(source: Readable, clientName: string, folder: string): Promise<ReceivedUpload> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      size += chunk.length;
      if (size > DOCUMENT_MAX_BYTES) {
        done(new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, TOO_LARGE));
        return;
      }
      hash.update(chunk);
      if (headBytes < SNIFF_BYTES) {
        const part = chunk.subarray(0, SNIFF_BYTES - headBytes);
        head.push(Buffer.from(part));
        headBytes += part.length;
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(file, { flags: 'wx' }));
    // A multipart parser that stops at its own size limit ends the stream early and says so.
    if ((source as { truncated?: boolean }).truncated) throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, TOO_LARGE);
    if (size === 0) throw DomainError.validation('file', 'the file is empty');
    const contentType = await sniffContentType(Buffer.concat(head), file);
    if (!contentType) {
      throw new DomainError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'a document must be a PDF, OFD, JPEG, PNG or XML file (judged by its content)',
      );
    }
    return { path: file, name: documentName(clientName), size, sha256: hash.digest('hex'), contentType };
  } catch (error) {
    await rm(file, { force: true });
    throw isTooLarge(error) ? new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, TOO_LARGE) : error;
  }
}

/** The name receiveUpload gives a received file (nothing else in the folder is ever removed). */
const RECEIVED_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;

/**
 * Removes the received files an API process left behind when it died mid-request (a request
 * removes its own file however it ends): those last written more than `olderThanMs` ago, by the
 * file system's clock. Answers how many went. A folder that does not exist holds nothing.
 */
export async function removeAbandonedReceipts(folder: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names.filter((n) => RECEIVED_FILE.test(n))) {
    const file = path.join(folder, name);
    const written = await stat(file).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (written === undefined || now - written < olderThanMs) continue;
    await rm(file, { force: true });
    removed++;
  }
  return removed;
}

/** The multipart parser's own "file too large" (it may stop the stream before our meter does). */
function isTooLarge(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'FST_REQ_FILE_TOO_LARGE';
}

/** Unpaired surrogates (a name that is not well-formed UTF-16 cannot be stored as UTF-8). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Control characters (C0, DEL, C1) and the bidirectional overrides and isolates, with which
 * `报告\u202Efdp.exe` would show as `报告exe.pdf`.
 */
const HIDDEN = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * The name shown and offered on download: the client's file name without any folder, control
 * characters, bidirectional overrides or unpaired surrogates, trimmed, at most 255 characters
 * (code points, as the database counts them); `document` when nothing is left.
 */
export function documentName(clientName: string): string {
  const base = clientName.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(LONE_SURROGATE, '').replace(HIDDEN, '').trim();
  return Array.from(clean).slice(0, 255).join('').trim() || 'document';
}
