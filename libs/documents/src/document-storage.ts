import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where documents' bytes live, each under its SHA-256 (the same bytes are one object however often
 * they are uploaded). One interface, two backends chosen by DOCUMENT_STORAGE: a local directory
 * (the default) and any S3-compatible store. Uploads are first received into `receivingFolder`.
 */
export abstract class DocumentStorage {
  /** A local folder the API receives uploads into before they are stored. */
  abstract readonly receivingFolder: string;
  abstract has(sha256: string): Promise<boolean>;
  /** Stores the received file under `sha256`; the file may be moved away (the caller removes what is left). */
  abstract put(sha256: string, file: string, size: number, contentType: string): Promise<void>;
  /** The stored bytes, streamed; rejects with StoredContentMissing when the storage does not have them. */
  abstract read(sha256: string): Promise<Readable>;
  abstract remove(sha256: string): Promise<void>;
  /** Lets go of what the storage holds open (connections), when the application stops. */
  close(): void {
    // A local directory holds nothing open.
  }
}

/** The storage has no object for a content a document row names (removed by hand, or lost). */
export class StoredContentMissing extends Error {
  constructor(readonly sha256: string) {
    super(`the document storage has no object ${sha256}`);
  }
}

/** Documents in a local directory: `objects/ab/abcdef…` (fanned out by the first two hex digits), uploads received in `incoming/`. */
export class LocalDocumentStorage extends DocumentStorage {
  readonly receivingFolder: string;
  private readonly objects: string;

  constructor(dir: string) {
    super();
    const root = path.resolve(dir);
    this.receivingFolder = path.join(root, 'incoming');
    this.objects = path.join(root, 'objects');
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** A rename within one file system: the object appears whole or not at all. */
  async put(sha256: string, file: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(file, target);
  }

  read(sha256: string): Promise<Readable> {
    const stream = createReadStream(this.pathOf(sha256));
    return new Promise((resolve, reject) => {
      stream.once('open', () => {
        resolve(stream);
      });
      stream.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'ENOENT' ? new StoredContentMissing(sha256) : error);
      });
    });
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.objects, sha256.slice(0, 2), sha256);
  }
}
