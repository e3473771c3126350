import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { CatalogService } from './catalog.service.js';
import { DirectoryRepository } from './directory.repository.js';
import { ServiceRepository } from './service.repository.js';

@Module({
  imports: [AuditModule],
  providers: [ServiceRepository, DirectoryRepository, CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
