import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { CatalogService } from './catalog.service.js';
import { ServiceRepository } from './service.repository.js';

@Module({
  imports: [AuditModule],
  providers: [ServiceRepository, CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
