import { afterAll, beforeAll } from '@jest/globals';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { clientConfigOf, keyOf } from '@ivl/documents';
import { documentSuite } from './support/document-suite.js';
import type { TestApp } from './support/test-app.js';

/**
 * The same documents spec against a real S3-protocol server (s3rver, in this process, on a free
 * port, over a temporary directory, with the bucket made at its start): the API talks to it with
 * the AWS SDK exactly as it would to MinIO, OSS or COS.
 */
const BUCKET = 'ivl-documents';
let server: S3rver | undefined;
let directory: string | undefined;
let endpoint = '';
let client: S3Client | undefined;

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'ivl-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** A client of our own into the bucket, configured as the API's. */
function bucket(t: TestApp): S3Client {
  client ??= new S3Client(clientConfigOf(t.config.documents.s3));
  return client;
}

async function objectCount(t: TestApp): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await bucket(t).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'documents/', ContinuationToken: token }));
    count += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

async function holds(t: TestApp, sha256: string): Promise<boolean> {
  try {
    await bucket(t).send(new HeadObjectCommand({ Bucket: BUCKET, Key: keyOf(sha256) }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

documentSuite({
  name: 's3',
  env: () => ({
    DOCUMENT_STORAGE: 's3',
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  }),
  storedObjects: objectCount,
  holds,
});
