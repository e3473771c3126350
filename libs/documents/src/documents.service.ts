import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, Clock, DomainError, mayTake, requireRole } from '@ivl/core';
import { DocumentRepository } from './document.repository.js';
import { removeAbandonedReceipts } from './receive.js';
import { DocumentStorage, StoredContentMissing } from './document-storage.js';
import type {
  DocumentSubject,
  DocumentSubjectType,
  DocumentView,
  ReceivedUpload,
  StoredDocument,
  SubjectReader,
} from './document.types.js';

/** A document never attached is removed this long after its upload. */
export const UNATTACHED_LIFETIME_MS = 24 * 3600 * 1000;

/** A received file still there this long after it was last written belongs to a request that died with its process. */
export const ABANDONED_RECEIPT_MS = 3600 * 1000;

/**
 * Evidence files: stored once by content, read by those the things they are attached to concern.
 * Who reads a subject (an application, a claim…) is its own lib's answer: each registers a reader
 * for its subject type, so this lib knows no other.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);
  private readonly readers = new Map<DocumentSubjectType, SubjectReader>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentRepository,
    private readonly storage: DocumentStorage,
    private readonly clock: Clock,
  ) {}

  /** The folder uploads are received into before `store`. */
  get receivingFolder(): string {
    return this.storage.receivingFolder;
  }

  registerReader(type: DocumentSubjectType, canRead: SubjectReader): void {
    this.readers.set(type, canRead);
  }

  /**
   * Keeps a received upload: its bytes stored once under their SHA-256 (a second upload of the same
   * bytes adds only a row), and a document row owned by the uploader, unattached until used.
   */
  async store(manager: EntityManager, actor: Actor, upload: ReceivedUpload): Promise<DocumentView> {
    requireRole(actor, 'document.upload');
    await this.documents.lockContent(manager, upload.sha256);
    if (!(await this.storage.has(upload.sha256))) await this.storage.put(upload.sha256, upload.path, upload.size, upload.contentType);
    const document = await this.documents.insert(manager, {
      name: upload.name,
      contentType: upload.contentType,
      size: upload.size,
      sha256: upload.sha256,
      uploadedBy: actor.userId,
      uploadedAt: this.clock.now(),
    });
    return viewOf(document);
  }

  /** A document's metadata, if `actor` may read it; else 404 (it must not learn the document exists). */
  async get(actor: Actor, id: string): Promise<DocumentView> {
    return viewOf(await this.readable(actor, id));
  }

  /** A document's bytes, if `actor` may read it. */
  async content(actor: Actor, id: string): Promise<{ document: DocumentView; body: Readable }> {
    const document = await this.readable(actor, id);
    try {
      return { document: viewOf(document), body: await this.storage.read(document.sha256) };
    } catch (error) {
      if (!(error instanceof StoredContentMissing)) throw error;
      // Removed by the cleanup a moment ago (unattached), or lost from the storage: the operators must know of the latter.
      const row = await this.documents.findById(this.dataSource.manager, id);
      if (row) this.logger.error(`document ${id} has no stored content ${document.sha256}${row.attachedAt ? ' (attached)' : ''}`);
      throw DomainError.notFound('document');
    }
  }

  /**
   * Links documents to what they are evidence of, in the caller's transaction. Only the uploader
   * attaches its own documents; an unknown id, or one another user uploaded, is refused alike.
   */
  async attach(manager: EntityManager, actor: Actor, documentIds: readonly string[], subject: DocumentSubject): Promise<void> {
    const ids = [...new Set(documentIds)];
    if (ids.length === 0) return;
    const found = await this.documents.lockUploadedBy(manager, ids, actor.userId);
    if (found.length !== ids.length) {
      throw DomainError.validation(
        'documentIds',
        'each document must be one you uploaded (upload it again if it was removed after a day unused)',
      );
    }
    await this.documents.link(manager, ids, subject, actor.userId, this.clock.now());
  }

  /** Every document of a subject, in the order they were attached. */
  async listFor(manager: EntityManager, subject: DocumentSubject): Promise<DocumentView[]> {
    return (await this.documents.listForSubject(manager, subject)).map(viewOf);
  }

  /**
   * Removes documents uploaded more than a day before `now` and never attached (at most `limit`),
   * and answers the contents they held. Their stored objects are not touched here: once this
   * transaction has committed, hand each content to `removeContentIfUnused`, in a transaction of its
   * own. So a document row never outlives its bytes (a failure leaves at worst an object no row
   * names, which a later upload of the same bytes simply reuses). Safe to run twice or at once:
   * the documents are locked and those another transaction holds (a run, or an attach) are skipped.
   */
  async removeUnattached(manager: EntityManager, now: Date, limit = 500): Promise<{ removed: number; contents: string[] }> {
    const expired = await this.documents.lockUnattachedBefore(manager, new Date(now.getTime() - UNATTACHED_LIFETIME_MS), limit);
    for (const document of expired) await this.documents.deleteUnattached(manager, document.id);
    return { removed: expired.length, contents: [...new Set(expired.map((d) => d.sha256))] };
  }

  /**
   * Removes the stored object of a content when no document holds it any more, under the content's
   * lock: an upload of the same bytes waits, and then stores them again (or, if it came first, its
   * row keeps the object). Answers whether the object was removed.
   */
  async removeContentIfUnused(manager: EntityManager, sha256: string): Promise<boolean> {
    await this.documents.lockContent(manager, sha256);
    if ((await this.documents.countWithContent(manager, sha256)) > 0 || !(await this.storage.has(sha256))) return false;
    await this.storage.remove(sha256);
    return true;
  }

  /**
   * Removes the files of uploads whose API process died while receiving them (older than an hour,
   * by the file system's clock) from the receiving folder this process sees.
   */
  removeAbandonedReceipts(): Promise<number> {
    return removeAbandonedReceipts(this.storage.receivingFolder, ABANDONED_RECEIPT_MS);
  }

  private async readable(actor: Actor, id: string): Promise<StoredDocument> {
    const manager = this.dataSource.manager;
    const document = await this.documents.findById(manager, id);
    if (!document) throw DomainError.notFound('document');
    if (document.uploadedBy === actor.userId || mayTake(actor, 'document.read-any')) return document;
    for (const subject of await this.documents.subjectsOf(manager, id)) {
      const reader = this.readers.get(subject.type);
      if (reader && (await reader(actor, subject.id))) return document;
    }
    throw DomainError.notFound('document');
  }
}

export function viewOf(document: StoredDocument): DocumentView {
  return {
    id: document.id,
    name: document.name,
    contentType: document.contentType,
    size: document.size,
    sha256: document.sha256,
    uploadedAt: document.uploadedAt,
  };
}
