import { Module } from '@nestjs/common';
import { AppConfig } from '@ivl/config';
import { DocumentRepository } from './document.repository.js';
import { DocumentStorage, LocalDocumentStorage } from './document-storage.js';
import { DocumentsService } from './documents.service.js';

/** The storage DOCUMENT_STORAGE names. */
export function documentStorageOf(config: AppConfig): DocumentStorage {
  switch (config.documents.storage) {
    case 'local':
      return new LocalDocumentStorage(config.documents.dir);
    case 's3':
      throw new Error('DOCUMENT_STORAGE=s3 is not built yet');
  }
}

@Module({
  providers: [DocumentRepository, DocumentsService, { provide: DocumentStorage, useFactory: documentStorageOf, inject: [AppConfig] }],
  exports: [DocumentsService],
})
export class DocumentsModule {}
