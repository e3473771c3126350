/**
 * The documents spec, run once per storage backend (test/documents.e2e-spec.ts: a local directory;
 * test/documents-s3.e2e-spec.ts: a real S3-protocol server). Everything here goes through HTTP and
 * the worker's job; the backend only says how to configure the API and how many objects it holds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createUser, expectProblem, startTestApp, type TestApp } from './test-app.js';
import { DocumentStorage } from '@ivl/documents';
import { until } from './polling.js';
import { executable, jpeg, ofd, pdf, plainZip, png, upload, xml } from './documents.js';

export interface DocumentBackend {
  /** Shown in the describe's title. */
  name: string;
  /** The API's environment for this backend (read in beforeAll, after the file's own beforeAll ran). */
  env(): Record<string, string>;
  /** How many objects the storage holds (each distinct content once). */
  storedObjects(t: TestApp): Promise<number>;
  /** Whether the storage holds the object of `sha256`. */
  holds(t: TestApp, sha256: string): Promise<boolean>;
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A PDF of `size` bytes whose content no other test has (random after the header). */
function randomPdf(size: number): Buffer {
  const bytes = randomBytes(size);
  pdf().copy(bytes);
  return bytes;
}

async function download(t: TestApp, token: string, id: string): Promise<Buffer> {
  const response = await t.http().get(`/documents/${id}/content`).set('authorization', token).buffer(true).expect(200);
  return response.body as Buffer;
}

export function documentSuite(backend: DocumentBackend): void {
  describe(`documents (${backend.name} storage)`, () => {
    let t: TestApp;
    let enterprise: { token: string; id: string };
    let other: { token: string; id: string };
    let auditor: { token: string; id: string };

    beforeAll(async () => {
      t = await startTestApp({
        worker: true,
        env: { DOCUMENT_DIR: `.data/test-documents/${process.pid}-${Date.now()}`, ...backend.env() },
      });
      enterprise = await createUser(t, 'county_officer', { regionCode: '330702' });
      other = await createUser(t, 'county_officer', { regionCode: '330702' });
      auditor = await createUser(t, 'auditor');
    });
    afterAll(async () => {
      // Unset when beforeAll failed.
      const app = t as TestApp | undefined;
      if (!app) return;
      await app.close();
      rmSync(app.config.documents.dir, { recursive: true, force: true });
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
        expect(document).toMatchObject({ name, contentType: type, size: content.length, sha256: sha256Of(content) });
        const read = await t.http().get(`/documents/${document.id}`).set('authorization', enterprise.token).expect(200);
        expect(read.body).toEqual(document);
      }
    });

    it('judges by content: a PNG named .pdf is a PNG; a renamed executable or a plain zip is refused 415', async () => {
      expect((await upload(t, enterprise.token, png(0x10), 'licence.pdf')).contentType).toBe('image/png');
      const before = await backend.storedObjects(t);
      for (const [content, name] of [
        [executable(), 'licence.pdf'],
        [plainZip(), 'contract.ofd'],
        [Buffer.from('just text, not a document'), 'notes.xml'],
      ] as const) {
        const response = await t.http().post('/documents').set('authorization', enterprise.token).attach('file', content, name);
        expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
      expect(await backend.storedObjects(t)).toBe(before);
    });

    it('refuses 20 MB + 1 byte with 413 (nothing stored), and takes exactly 20 MB', async () => {
      const limit = 20 * 1024 * 1024;
      const big = randomPdf(limit + 1);
      const before = await backend.storedObjects(t);
      const response = await t.http().post('/documents').set('authorization', enterprise.token).attach('file', big, 'big.pdf');
      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(await backend.storedObjects(t)).toBe(before);
      const exact = await upload(t, enterprise.token, big.subarray(0, limit), 'exact.pdf');
      expect(exact.size).toBe(limit);
      expect(await backend.holds(t, exact.sha256 as string)).toBe(true);
    });

    it('stores the same bytes once, however often and by whom they are uploaded', async () => {
      const before = await backend.storedObjects(t);
      const content = pdf('same bytes');
      const first = await upload(t, enterprise.token, content, 'a.pdf');
      const [second, third] = await Promise.all([upload(t, enterprise.token, content, 'b.pdf'), upload(t, other.token, content, 'c.pdf')]);
      expect(new Set([first.sha256, second.sha256, third.sha256]).size).toBe(1);
      expect(new Set([first.id, second.id, third.id]).size).toBe(3);
      expect(await backend.storedObjects(t)).toBe(before + 1);
      expect(Buffer.compare(await download(t, other.token, third.id as string), content)).toBe(0);
    });

    it('ten uploads of the same new bytes at once: ten documents, one stored object', async () => {
      const before = await backend.storedObjects(t);
      const content = randomPdf(256 * 1024);
      const documents = await Promise.all(
        Array.from({ length: 10 }, (_, i) => upload(t, i % 2 ? other.token : enterprise.token, content, `copy-${i}.pdf`)),
      );
      expect(new Set(documents.map((d) => d.id)).size).toBe(10);
      expect(new Set(documents.map((d) => d.sha256))).toEqual(new Set([sha256Of(content)]));
      expect(await backend.storedObjects(t)).toBe(before + 1);
      expect(await backend.holds(t, sha256Of(content))).toBe(true);
    });

    it('answers the very bytes uploaded (the SHA-256 of the download is the upload’s)', async () => {
      const content = randomPdf(5 * 1024 * 1024 + 17);
      const document = await upload(t, enterprise.token, content, 'report.pdf');
      const bytes = await download(t, enterprise.token, document.id as string);
      expect(bytes.length).toBe(content.length);
      expect(sha256Of(bytes)).toBe(sha256Of(content));
      expect(document.sha256).toBe(sha256Of(content));
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
      expectProblem(await t.http().get('/documents/not-a-uuid').set('authorization', enterprise.token), 400, 'VALIDATION_FAILED');
      await t.http().get(`/documents/${document.id}`).set('authorization', auditor.token).expect(200);
    });

    it('answers 404, not 500, for a document whose stored bytes are gone (lost, or removed by hand)', async () => {
      const document = await upload(t, enterprise.token, randomPdf(1024), 'lost.pdf');
      await t.app.get(DocumentStorage).remove(document.sha256 as string);
      expect(await backend.holds(t, document.sha256 as string)).toBe(false);
      await t.http().get(`/documents/${document.id}`).set('authorization', enterprise.token).expect(200);
      expectProblem(await t.http().get(`/documents/${document.id}/content`).set('authorization', enterprise.token), 404, 'NOT_FOUND');
    });

    it('leaves nothing behind in the receiving folder, whether an upload was kept or refused', async () => {
      const incoming = path.resolve(t.config.documents.dir, 'incoming');
      const left = await until(
        () => Promise.resolve(existsSync(incoming) ? readdirSync(incoming) : []),
        (files) => files.length === 0,
      );
      expect(left).toEqual([]);
    });

    describe('documents.remove-unattached (the hourly job)', () => {
      const HOUR = 1 / 24;

      beforeEach(async () => {
        // What was uploaded before goes first, so each test sees only its own documents.
        t.clock.advanceDays(2);
        await t.runJob('documents.remove-unattached');
      });

      it('removes a document unattached for more than a day, and its object; a younger one stays', async () => {
        const old = await upload(t, enterprise.token, randomPdf(1024), 'old.pdf');
        t.clock.advanceDays(20 * HOUR);
        const young = await upload(t, enterprise.token, randomPdf(1024), 'young.pdf');
        t.clock.advanceDays(5 * HOUR);

        expect(await t.runJob('documents.remove-unattached')).toEqual({ removed: 1, objectsRemoved: 1, abandonedReceipts: 0 });

        expectProblem(await t.http().get(`/documents/${old.id}`).set('authorization', enterprise.token), 404, 'NOT_FOUND');
        expectProblem(await t.http().get(`/documents/${old.id}/content`).set('authorization', enterprise.token), 404, 'NOT_FOUND');
        expect(await backend.holds(t, old.sha256 as string)).toBe(false);
        await t.http().get(`/documents/${young.id}`).set('authorization', enterprise.token).expect(200);
        expect(await backend.holds(t, young.sha256 as string)).toBe(true);
      });

      it('keeps an object another document still holds, and removes it with the last one', async () => {
        const content = randomPdf(2048);
        const first = await upload(t, enterprise.token, content, 'first.pdf');
        t.clock.advanceDays(20 * HOUR);
        const second = await upload(t, other.token, content, 'second.pdf');
        t.clock.advanceDays(5 * HOUR);

        expect(await t.runJob('documents.remove-unattached')).toEqual({ removed: 1, objectsRemoved: 0, abandonedReceipts: 0 });
        expectProblem(await t.http().get(`/documents/${first.id}`).set('authorization', enterprise.token), 404, 'NOT_FOUND');
        expect(await backend.holds(t, sha256Of(content))).toBe(true);
        expect(Buffer.compare(await download(t, other.token, second.id as string), content)).toBe(0);

        t.clock.advanceDays(1);
        expect(await t.runJob('documents.remove-unattached')).toEqual({ removed: 1, objectsRemoved: 1, abandonedReceipts: 0 });
        expectProblem(await t.http().get(`/documents/${second.id}`).set('authorization', other.token), 404, 'NOT_FOUND');
        expect(await backend.holds(t, sha256Of(content))).toBe(false);
      });

      it('the same bytes uploaded again after their removal are stored again', async () => {
        const content = randomPdf(1024);
        const gone = await upload(t, enterprise.token, content, 'gone.pdf');
        t.clock.advanceDays(1 + HOUR);
        await t.runJob('documents.remove-unattached');
        expectProblem(await t.http().get(`/documents/${gone.id}`).set('authorization', enterprise.token), 404, 'NOT_FOUND');

        const again = await upload(t, enterprise.token, content, 'again.pdf');
        expect(await backend.holds(t, sha256Of(content))).toBe(true);
        expect(Buffer.compare(await download(t, enterprise.token, again.id as string), content)).toBe(0);
      });

      it('also removes the received files of uploads whose process died (an hour old), and nothing else', async () => {
        const incoming = path.resolve(t.config.documents.dir, 'incoming');
        mkdirSync(incoming, { recursive: true });
        const [abandoned, inFlight, foreign] = [`${randomUUID()}.part`, `${randomUUID()}.part`, 'operator-notes.txt'];
        for (const name of [abandoned, inFlight, foreign]) writeFileSync(path.join(incoming, name), 'x');
        const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
        for (const name of [abandoned, foreign]) utimesSync(path.join(incoming, name), twoHoursAgo, twoHoursAgo);

        expect(await t.runJob('documents.remove-unattached')).toMatchObject({ abandonedReceipts: 1 });

        expect(readdirSync(incoming).sort()).toEqual([inFlight, foreign].sort());
        for (const name of [inFlight, foreign]) rmSync(path.join(incoming, name));
      });

      it('is safe run twice at once, and again after: each document removed once, nothing left behind', async () => {
        const shared = randomPdf(1024);
        const uploaded = await Promise.all([
          ...Array.from({ length: 6 }, (_, i) => upload(t, enterprise.token, randomPdf(1024), `own-${i}.pdf`)),
          ...Array.from({ length: 4 }, (_, i) => upload(t, other.token, shared, `shared-${i}.pdf`)),
        ]);
        const objectsBefore = await backend.storedObjects(t);
        t.clock.advanceDays(1 + HOUR);

        const runs = (await Promise.all([t.runJob('documents.remove-unattached'), t.runJob('documents.remove-unattached')])) as Array<{
          removed: number;
          objectsRemoved: number;
        }>;
        expect(runs[0].removed + runs[1].removed).toBe(10);
        expect(runs[0].objectsRemoved + runs[1].objectsRemoved).toBe(7);
        expect(await t.runJob('documents.remove-unattached')).toEqual({ removed: 0, objectsRemoved: 0, abandonedReceipts: 0 });

        for (const document of uploaded) {
          expectProblem(await t.http().get(`/documents/${document.id}`).set('authorization', auditor.token), 404, 'NOT_FOUND');
          expect(await backend.holds(t, document.sha256 as string)).toBe(false);
        }
        expect(await backend.storedObjects(t)).toBe(objectsBefore - 7);
      });
    });
  });
}
