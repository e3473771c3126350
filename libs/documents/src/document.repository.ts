import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DocumentContentType, DocumentSubject, DocumentSubjectType, StoredDocument } from './document.types.js';

interface DocumentRow {
  id: string;
  name: string;
  content_type: DocumentContentType;
  size: string;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
  attached_at: Date | null;
}

const COLUMNS = 'd.id, d.name, d.content_type, d.size, d.sha256, d.uploaded_by, d.uploaded_at, d.attached_at';

function toDocument(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
    attachedAt: row.attached_at,
  };
}

/** The documents and document_links tables. */
@Injectable()
export class DocumentRepository {
  /** Serialises everything done to one stored object (storing, removing) until the transaction ends. */
  async lockContent(manager: EntityManager, sha256: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7113))', [sha256]);
  }

  async insert(manager: EntityManager, document: Omit<StoredDocument, 'id' | 'attachedAt'>): Promise<StoredDocument> {
    const rows: DocumentRow[] = await manager.query(
      `INSERT INTO documents AS d (name, content_type, size, sha256, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [document.name, document.contentType, document.size, document.sha256, document.uploadedBy, document.uploadedAt],
    );
    return toDocument(rows[0]);
  }

  async findById(manager: EntityManager, id: string): Promise<StoredDocument | undefined> {
    const rows: DocumentRow[] = await manager.query(`SELECT ${COLUMNS} FROM documents d WHERE d.id = $1`, [id]);
    return rows[0] && toDocument(rows[0]);
  }

  /** The documents among `ids` that `userId` uploaded, locked against the cleanup until the transaction ends. */
  async lockUploadedBy(manager: EntityManager, ids: readonly string[], userId: string): Promise<StoredDocument[]> {
    const rows: DocumentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM documents d WHERE d.id = ANY($1::uuid[]) AND d.uploaded_by = $2 ORDER BY d.id FOR UPDATE`,
      [ids, userId],
    );
    return rows.map(toDocument);
  }

  /** Links documents to a subject (a link made before stays as it is) and marks them attached. */
  async link(manager: EntityManager, ids: readonly string[], subject: DocumentSubject, userId: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO document_links (subject_type, subject_id, document_id, linked_by, linked_at)
       SELECT $1, $2, id, $4, $5 FROM unnest($3::uuid[]) AS id
       ON CONFLICT DO NOTHING`,
      [subject.type, subject.id, ids, userId, at],
    );
    await manager.query(`UPDATE documents SET attached_at = $2 WHERE id = ANY($1::uuid[]) AND attached_at IS NULL`, [ids, at]);
  }

  /** Every document of a subject, in the order they were linked. */
  async listForSubject(manager: EntityManager, subject: DocumentSubject): Promise<StoredDocument[]> {
    const rows: DocumentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM document_links l JOIN documents d ON d.id = l.document_id
        WHERE l.subject_type = $1 AND l.subject_id = $2
        ORDER BY l.linked_at, d.uploaded_at, d.id`,
      [subject.type, subject.id],
    );
    return rows.map(toDocument);
  }

  /** What a document is evidence of. */
  async subjectsOf(manager: EntityManager, documentId: string): Promise<DocumentSubject[]> {
    const rows: Array<{ subject_type: DocumentSubjectType; subject_id: string }> = await manager.query(
      `SELECT subject_type, subject_id FROM document_links WHERE document_id = $1 ORDER BY linked_at`,
      [documentId],
    );
    return rows.map((row) => ({ type: row.subject_type, id: row.subject_id }));
  }

  /** Documents uploaded before `before` and never attached, locked (those another transaction holds are skipped). */
  async lockUnattachedBefore(manager: EntityManager, before: Date, limit: number): Promise<StoredDocument[]> {
    const rows: DocumentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM documents d
        WHERE d.attached_at IS NULL AND d.uploaded_at < $1
        ORDER BY d.uploaded_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [before, limit],
    );
    return rows.map(toDocument);
  }

  async deleteUnattached(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM documents WHERE id = $1 AND attached_at IS NULL', [id]);
  }

  /** How many documents (attached or not) hold these bytes. */
  async countWithContent(manager: EntityManager, sha256: string): Promise<number> {
    const rows: Array<{ count: string }> = await manager.query('SELECT count(*) AS count FROM documents WHERE sha256 = $1', [sha256]);
    return Number(rows[0].count);
  }
}
