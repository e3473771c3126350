export { DocumentStorage, LocalDocumentStorage } from './document-storage.js';
export {
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_MAX_BYTES,
  DOCUMENT_SUBJECT_TYPES,
  type DocumentContentType,
  type DocumentSubject,
  type DocumentSubjectType,
  type DocumentView,
  type ReceivedUpload,
  type SubjectReader,
} from './document.types.js';
export { DocumentsModule, documentStorageOf } from './documents.module.js';
export { DocumentsService, UNATTACHED_LIFETIME_MS } from './documents.service.js';
export { documentName, receiveUpload } from './receive.js';
export { clientConfigOf, keyOf, S3DocumentStorage } from './s3-document-storage.js';
