import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Actor } from '@ivl/core';
import { type DocumentSubject, DocumentStorage, DocumentsModule, DocumentsService, type DocumentView, receiveUpload } from '@ivl/documents';
import { pdf } from '../support/documents.js';
import { type MediumService, newMediumService } from './medium.js';

/**
 * DocumentsService on a real database: attaching (which no HTTP route does yet: the evidence work
 * adds the routes that attach), what the cleanup keeps, and the triggers that keep an attached
 * document and its links as they are whatever the application does.
 */
const DIR = `.data/test-documents/medium-${process.pid}-${Date.now()}`;

let m: MediumService<DocumentsService>;
beforeAll(async () => {
  m = await newMediumService(DocumentsService, { imports: [DocumentsModule], env: { DOCUMENT_DIR: DIR } });
});
afterAll(async () => {
  await (m as MediumService<DocumentsService> | undefined)?.close(); // unset when beforeAll failed
  await rm(DIR, { recursive: true, force: true });
});

/** A PDF no other test has. */
function uniquePdf(): Buffer {
  return Buffer.concat([pdf(), randomBytes(64)]);
}

/** Uploads `content` as `actor`, as the API does: received into the storage's folder, then stored in one transaction. */
async function upload(actor: Actor, content = uniquePdf(), name = 'evidence.pdf'): Promise<DocumentView> {
  const received = await receiveUpload(Readable.from([content]), name, m.sut.receivingFolder);
  try {
    return await m.tx((manager) => m.sut.store(manager, actor, received));
  } finally {
    await rm(received.path, { force: true });
  }
}

function attach(actor: Actor, ids: string[], subject: DocumentSubject): Promise<void> {
  return m.tx((manager) => m.sut.attach(manager, actor, ids, subject));
}

function listFor(subject: DocumentSubject): Promise<DocumentView[]> {
  return m.tx((manager) => m.sut.listFor(manager, subject));
}

/** Runs the cleanup as the job does, at the clock's now: the rows in one transaction, then each object in its own. */
async function removeUnattached(): Promise<number> {
  const { removed, contents } = await m.tx((manager) => m.sut.removeUnattached(manager, m.ctx.clock.now()));
  for (const sha256 of contents) await m.tx((manager) => m.sut.removeContentIfUnused(manager, sha256));
  return removed;
}

function stored(sha256: string): Promise<boolean> {
  return m.ctx.get(DocumentStorage).has(sha256);
}

async function documentRow(id: string): Promise<{ name: string; attached_at: Date | null } | undefined> {
  const rows: Array<{ name: string; attached_at: Date | null }> = await m.ctx.db.query(
    'SELECT name, attached_at FROM documents WHERE id = $1',
    [id],
  );
  return rows.at(0);
}

function application(): DocumentSubject {
  return { type: 'application', id: randomUUID() };
}

describe('DocumentsService.attach', () => {
  it('links the uploader’s documents to a subject, listed in the order attached', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    const [a, b] = [await upload(officer), await upload(officer)];
    const subject = application();

    await attach(officer, [b.id], subject);
    m.ctx.clock.advanceDays(0.01);
    await attach(officer, [a.id, b.id, a.id], subject);

    expect((await listFor(subject)).map((d) => d.id)).toEqual([b.id, a.id]);
  });

  it('attaching again, or to a second subject, keeps the first attachment time', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    const document = await upload(officer);
    await attach(officer, [document.id], application());
    const first = (await documentRow(document.id))?.attached_at;
    m.ctx.clock.advanceDays(1);

    await attach(officer, [document.id], application());

    expect(first).toBeInstanceOf(Date);
    expect((await documentRow(document.id))?.attached_at).toEqual(first);
  });

  it('refuses a document another user uploaded, or an unknown id, and links nothing', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    const finance = await m.ctx.actor('finance', '330702');
    const theirs = await upload(finance);
    const mine = await upload(officer);
    const subject = application();

    await expect(attach(officer, [mine.id, theirs.id], subject)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(attach(officer, [randomUUID()], subject)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    expect(await listFor(subject)).toEqual([]);
    expect((await documentRow(mine.id))?.attached_at).toBeNull();
  });
});

describe('DocumentsService.removeUnattached', () => {
  it('never removes an attached document, nor the bytes it holds; an unattached copy of them goes', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    const content = uniquePdf();
    const attached = await upload(officer, content, 'contract.pdf');
    const copy = await upload(officer, content, 'copy.pdf');
    await attach(officer, [attached.id], application());

    m.ctx.clock.advanceDays(30);
    await removeUnattached();

    expect(await documentRow(attached.id)).toBeDefined();
    expect(await documentRow(copy.id)).toBeUndefined();
    expect(await stored(attached.sha256)).toBe(true);
    const body = (await m.sut.content(officer, attached.id)).body;
    const hash = createHash('sha256');
    for await (const chunk of body) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(attached.sha256);
  });

  it('skips a document a transaction is attaching right now; it stays, attached', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    const document = await upload(officer);
    m.ctx.clock.advanceDays(2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const attaching = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const attachment = m.tx(async (manager) => {
      await m.sut.attach(manager, officer, [document.id], application());
      locked();
      await held;
    });
    await attaching;

    await removeUnattached();
    release();
    await attachment;

    expect((await documentRow(document.id))?.attached_at).toBeInstanceOf(Date);
    expect(await stored(document.sha256)).toBe(true);
  });

  it('removes the rows first and the object only after: bytes uploaded again in between are kept', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    const content = uniquePdf();
    const expired = await upload(officer, content, 'old.pdf');
    m.ctx.clock.advanceDays(2);

    const { contents } = await m.tx((manager) => m.sut.removeUnattached(manager, m.ctx.clock.now()));
    expect(contents).toContain(expired.sha256);
    expect(await documentRow(expired.id)).toBeUndefined();
    expect(await stored(expired.sha256)).toBe(true);
    const again = await upload(officer, content, 'again.pdf');

    expect(await m.tx((manager) => m.sut.removeContentIfUnused(manager, expired.sha256))).toBe(false);
    expect(await stored(again.sha256)).toBe(true);
    m.ctx.clock.advanceDays(2);
    await removeUnattached();
    expect(await stored(again.sha256)).toBe(false);
    expect(await m.tx((manager) => m.sut.removeContentIfUnused(manager, again.sha256))).toBe(false);
  });

  it('two cleanups at once remove each document once', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    m.ctx.clock.advanceDays(2);
    await removeUnattached();
    await Promise.all(Array.from({ length: 8 }, () => upload(officer)));
    m.ctx.clock.advanceDays(2);

    const [a, b] = await Promise.all([removeUnattached(), removeUnattached()]);

    expect(a + b).toBe(8);
  });
});

describe('the database keeps an attached document and its links as they are', () => {
  /** The error Postgres raises for a statement, or undefined when it ran. */
  async function refusal(sql: string, params: unknown[]): Promise<{ code?: string; message: string } | undefined> {
    try {
      await m.ctx.db.query(sql, params);
      return undefined;
    } catch (error) {
      const e = error as { driverError?: { code?: string }; code?: string; message: string };
      return { code: e.driverError?.code ?? e.code, message: e.message };
    }
  }

  async function attachedDocument(): Promise<{ document: DocumentView; subject: DocumentSubject }> {
    const officer = await m.ctx.actor('county_officer', '330702');
    const document = await upload(officer);
    const subject = application();
    await attach(officer, [document.id], subject);
    return { document, subject };
  }

  it('refuses to delete an attached document, or to change any of its fields', async () => {
    const { document } = await attachedDocument();
    for (const [sql, params] of [
      ['DELETE FROM documents WHERE id = $1', [document.id]],
      ["UPDATE documents SET name = 'forged.pdf' WHERE id = $1", [document.id]],
      ['UPDATE documents SET sha256 = $2 WHERE id = $1', [document.id, 'f'.repeat(64)]],
      ['UPDATE documents SET attached_at = NULL WHERE id = $1', [document.id]],
      ['UPDATE documents SET attached_at = now() WHERE id = $1', [document.id]],
    ] as const) {
      expect(await refusal(sql, [...params])).toMatchObject({ code: '23000' });
    }
    expect(await documentRow(document.id)).toMatchObject({ name: document.name });
  });

  it('refuses any change to, or removal of, a document link', async () => {
    const { document, subject } = await attachedDocument();
    for (const sql of [
      'DELETE FROM document_links WHERE document_id = $1',
      "UPDATE document_links SET linked_at = linked_at - interval '1 day' WHERE document_id = $1",
      'UPDATE document_links SET subject_id = gen_random_uuid() WHERE document_id = $1',
    ]) {
      expect(await refusal(sql, [document.id])).toMatchObject({ code: '23000' });
    }
    expect((await listFor(subject)).map((d) => d.id)).toEqual([document.id]);
  });

  it('an unattached document changes only by being attached, and may be deleted', async () => {
    const officer = await m.ctx.actor('county_officer', '330702');
    const document = await upload(officer);
    expect(await refusal("UPDATE documents SET name = 'renamed.pdf' WHERE id = $1", [document.id])).toMatchObject({ code: '23000' });
    expect(await refusal('DELETE FROM documents WHERE id = $1', [document.id])).toBeUndefined();
  });
});
