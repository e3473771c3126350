import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { DocumentsModule } from '@ivl/documents';
import { LedgerModule } from '@ivl/ledger';
import { NotificationsModule } from '@ivl/notifications';
import { ClawbackRepository } from './clawback.repository.js';
import { ClawbacksService } from './clawbacks.service.js';

@Module({
  imports: [AuditModule, DocumentsModule, LedgerModule, NotificationsModule],
  providers: [ClawbackRepository, ClawbacksService],
  exports: [ClawbacksService],
})
export class ClawbacksModule {}
