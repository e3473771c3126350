import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { DocumentsModule } from '@ivl/documents';
import { LedgerModule } from '@ivl/ledger';
import { ClawbackRepository } from './clawback.repository.js';
import { ClawbacksService } from './clawbacks.service.js';

@Module({
  imports: [AuditModule, DocumentsModule, LedgerModule],
  providers: [ClawbackRepository, ClawbacksService],
  exports: [ClawbacksService],
})
export class ClawbacksModule {}
