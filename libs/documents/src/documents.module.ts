import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@ivl/config';
import { DocumentRepository } from './document.repository.js';
import { DocumentStorage, LocalDocumentStorage } from './document-storage.js';
import { DocumentsService } from './documents.service.js';
import { S3DocumentStorage } from './s3-document-storage.js';

/** The storage DOCUMENT_STORAGE names. */
export function documentStorageOf(config: AppConfig): DocumentStorage {
  switch (config.documents.storage) {
    case 'local':
      return new LocalDocumentStorage(config.documents.dir);
    case 's3':
      return new S3DocumentStorage(config.documents.s3, config.documents.dir);
  }
}

@Module({
  providers: [DocumentRepository, DocumentsService, { provide: DocumentStorage, useFactory: documentStorageOf, inject: [AppConfig] }],
  exports: [DocumentsService],
})
export class DocumentsModule implements OnApplicationShutdown {
  constructor(@Inject(DocumentStorage) private readonly storage: DocumentStorage) {}

  /** An S3 client keeps sockets open: closed with the application. */
  onApplicationShutdown(): void {
    this.storage.close();
  }
}
