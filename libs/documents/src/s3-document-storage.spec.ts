import { describe, expect, it } from '@jest/globals';
import { clientConfigOf, keyOf } from './s3-document-storage.js';

const SETTINGS = { region: 'cn-hangzhou', bucket: 'ivl-documents', forcePathStyle: true };

describe('S3DocumentStorage configuration', () => {
  it('names each object documents/<sha256>, and refuses anything that is not a SHA-256', () => {
    const sha = 'ab'.repeat(32);
    expect(keyOf(sha)).toBe(`documents/${sha}`);
    for (const bad of ['', '../etc/passwd', 'AB'.repeat(32), `${sha}0`, `${'ab'.repeat(31)}a/`]) expect(() => keyOf(bad)).toThrow();
  });

  it('asks for checksums only when the store requires them (s3rver and many compatible stores know no others)', () => {
    expect(clientConfigOf(SETTINGS)).toMatchObject({
      region: 'cn-hangzhou',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  it('takes the endpoint when set, and the credentials only when both keys are', () => {
    const endpoint = 'http://minio:9000';
    expect(clientConfigOf({ ...SETTINGS, endpoint, accessKeyId: 'id', secretAccessKey: 'secret' })).toMatchObject({
      endpoint,
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
    const withoutSecret = clientConfigOf({ ...SETTINGS, accessKeyId: 'id' });
    expect(withoutSecret).not.toHaveProperty('credentials');
    expect(withoutSecret).not.toHaveProperty('endpoint');
  });
});
