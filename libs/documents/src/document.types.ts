import type { Actor } from '@ivl/core';

/** At most 20 MiB per document (docs/api.md: 413 PAYLOAD_TOO_LARGE above). */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** What a document may be, judged by its content: PDF, OFD (China's fixed-layout format), JPEG, PNG, XML (e-invoices). */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png', 'application/xml'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** What a document can be evidence of. */
export const DOCUMENT_SUBJECT_TYPES = ['registration', 'application', 'claim', 'settlement_batch', 'order', 'clawback'] as const;
export type DocumentSubjectType = (typeof DOCUMENT_SUBJECT_TYPES)[number];

export interface DocumentSubject {
  type: DocumentSubjectType;
  id: string;
}

/** A document as its readers see it. */
export interface DocumentView {
  id: string;
  name: string;
  contentType: DocumentContentType;
  size: number;
  sha256: string;
  uploadedAt: Date;
}

export interface StoredDocument extends DocumentView {
  uploadedBy: string;
  attachedAt: Date | null;
}

/** An upload received in full into a file of the storage's receiving folder, hashed and sniffed, not yet stored. */
export interface ReceivedUpload {
  /** The received bytes, removed by whoever received them once the request is over. */
  path: string;
  name: string;
  size: number;
  sha256: string;
  contentType: DocumentContentType;
}

/** Says whether `actor` may read the subject (and so its documents); registered by the subject's own lib. */
export type SubjectReader = (actor: Actor, subjectId: string) => Promise<boolean>;
