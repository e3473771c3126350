import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createUser, expectProblem, startTestApp, type TestApp } from './support/test-app.js';
import { executable, jpeg, ofd, pdf, plainZip, png, upload, xml } from './support/documents.js';

/** Every object file under the local storage's objects folder. */
function storedObjects(dir: string): string[] {
  const root = path.resolve(dir, 'objects');
  try {
    return readdirSync(root).flatMap((fan) => readdirSync(path.join(root, fan)));
  } catch {
    return [];
  }
}

describe('documents', () => {
  let t: TestApp;
  let enterprise: { token: string; id: string };
  let other: { token: string; id: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { DOCUMENT_DIR: `.data/test-documents/${process.pid}-${Date.now()}` } });
    enterprise = await createUser(t, 'county_officer', { regionCode: '330702' });
    other = await createUser(t, 'county_officer', { regionCode: '330702' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(t.config.documents.dir, { recursive: true, force: true });
  });

  it('takes each accepted kind, judged by content, and answers its metadata', async () => {
    const cases: Array<[Buffer, string, string]> = [
      [pdf(), '营业执照.pdf', 'application/pdf'],
      [png(), 'scan.png', 'image/png'],
      [jpeg(), 'photo.jpg', 'image/jpeg'],
      [xml(), 'invoice.xml', 'application/xml'],
      [ofd(), '发票.ofd', 'application/ofd'],
    ];
    for (const [content, name, type] of cases) {
      const document = await upload(t, enterprise.token, content, name);
      expect(document).toMatchObject({ name, contentType: type, size: content.length });
      expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
      const read = await t.http().get(`/documents/${document.id}`).set('authorization', enterprise.token).expect(200);
      expect(read.body).toEqual(document);
    }
  });

  it('judges by content: a PNG named .pdf is a PNG; a renamed executable or a plain zip is refused 415', async () => {
    expect((await upload(t, enterprise.token, png(0x10), 'licence.pdf')).contentType).toBe('image/png');
    for (const [content, name] of [
      [executable(), 'licence.pdf'],
      [plainZip(), 'contract.ofd'],
      [Buffer.from('just text, not a document'), 'notes.xml'],
    ] as const) {
      const response = await t.http().post('/documents').set('authorization', enterprise.token).attach('file', content, name);
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('refuses 20 MB + 1 byte with 413, and takes exactly 20 MB', async () => {
    const limit = 20 * 1024 * 1024;
    const big = Buffer.alloc(limit + 1, 0x20);
    pdf().copy(big);
    const response = await t.http().post('/documents').set('authorization', enterprise.token).attach('file', big, 'big.pdf');
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    const exact = await upload(t, enterprise.token, big.subarray(0, limit), 'exact.pdf');
    expect(exact.size).toBe(limit);
  });

  it('stores the same bytes once, however often and by whom they are uploaded', async () => {
    const dir = t.config.documents.dir;
    const before = storedObjects(dir).length;
    const content = pdf('same bytes');
    const first = await upload(t, enterprise.token, content, 'a.pdf');
    const [second, third] = await Promise.all([upload(t, enterprise.token, content, 'b.pdf'), upload(t, other.token, content, 'c.pdf')]);
    expect(new Set([first.sha256, second.sha256, third.sha256]).size).toBe(1);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    expect(storedObjects(dir).length).toBe(before + 1);
    const bytes = await t.http().get(`/documents/${third.id}/content`).set('authorization', other.token).buffer(true).expect(200);
    expect(Buffer.compare(bytes.body as Buffer, content)).toBe(0);
  });

  it('serves the bytes as an attachment with their type and the UTF-8 name', async () => {
    const content = pdf('download');
    const document = await upload(t, enterprise.token, content, '检测报告 (终版).pdf');
    const response = await t
      .http()
      .get(`/documents/${document.id}/content`)
      .set('authorization', enterprise.token)
      .buffer(true)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-length']).toBe(String(content.length));
    expect(response.headers['content-disposition']).toContain('attachment; filename=');
    expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('检测报告')}`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it("answers 404 for another user's unattached document, 401 without a token, 400 without a file", async () => {
    const document = await upload(t, enterprise.token, pdf('mine'), 'mine.pdf');
    expectProblem(await t.http().get(`/documents/${document.id}`).set('authorization', other.token), 404, 'NOT_FOUND');
    expectProblem(await t.http().get(`/documents/${document.id}/content`).set('authorization', other.token), 404, 'NOT_FOUND');
    expectProblem(await t.http().get(`/documents/${document.id}`), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().post('/documents').attach('file', pdf(), 'x.pdf'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().post('/documents').set('authorization', other.token).send({ file: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await t.http().post('/documents').set('authorization', other.token).attach('other', pdf(), 'x.pdf'),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await t.http().post('/documents').set('authorization', other.token).attach('file', Buffer.alloc(0), 'empty.pdf'),
      400,
      'VALIDATION_FAILED',
    );
    const auditor = await createUser(t, 'auditor');
    await t.http().get(`/documents/${document.id}`).set('authorization', auditor.token).expect(200);
  });
});
