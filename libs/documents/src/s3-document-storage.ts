import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AppConfig } from '@ivl/config';
import { DocumentStorage, StoredContentMissing } from './document-storage.js';

type S3Settings = AppConfig['documents']['s3'];

/**
 * Documents in an S3-compatible store (MinIO, OSS, COS, S3), each under `documents/<sha256>` of the
 * bucket. Uploads are still received into a local folder first (`<DOCUMENT_DIR>/incoming`): the
 * object is sent only once the bytes are whole, hashed and judged, and never when the store already
 * has them. The checksums are the ones a store asks for (WHEN_REQUIRED): many S3-compatible stores
 * do not know the SDK's newer default ones.
 */
export class S3DocumentStorage extends DocumentStorage {
  readonly receivingFolder: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(settings: S3Settings, dir: string) {
    super();
    this.receivingFolder = path.join(path.resolve(dir), 'incoming');
    this.bucket = settings.bucket;
    this.client = new S3Client(clientConfigOf(settings));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: keyOf(sha256) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Streams the received file (it stays where it is; the caller removes it). */
  async put(sha256: string, file: string, size: number, contentType: string): Promise<void> {
    const body = createReadStream(file);
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: keyOf(sha256), Body: body, ContentLength: size, ContentType: contentType }),
      );
    } finally {
      body.destroy();
    }
  }

  async read(sha256: string): Promise<Readable> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: keyOf(sha256) })).catch((error: unknown) => {
      throw isNotFound(error) ? new StoredContentMissing(sha256) : error;
    });
    if (!(answer.Body instanceof Readable)) throw new Error(`the S3 store answered no stream for ${keyOf(sha256)}`);
    return answer.Body;
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: keyOf(sha256) }));
  }

  /** Closes the client's connections (module shutdown). */
  override close(): void {
    this.client.destroy();
  }
}

/** The S3 client for DOCUMENT_STORAGE=s3 (also used by the tests to look into the bucket). */
export function clientConfigOf(settings: S3Settings): S3ClientConfig {
  const { endpoint, region, forcePathStyle, accessKeyId, secretAccessKey } = settings;
  return {
    region,
    forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  };
}

/** The object key of a content: `documents/<sha256>`. */
export function keyOf(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return `documents/${sha256}`;
}

/** HEAD of a missing key answers 404 with no body: the SDK names it NotFound (or NoSuchKey). */
function isNotFound(error: unknown): boolean {
  if (error instanceof S3ServiceException) {
    return error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey';
  }
  return false;
}
