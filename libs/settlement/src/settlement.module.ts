import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { DocumentsModule } from '@ivl/documents';
import { JobsModule } from '@ivl/jobs';
import { LedgerModule } from '@ivl/ledger';
import { NotificationsModule } from '@ivl/notifications';
import { RegistryModule } from '@ivl/registry';
import { SettlementRepository } from './settlement.repository.js';
import { SettlementService } from './settlement.service.js';

@Module({
  imports: [AuditModule, LedgerModule, JobsModule, RegistryModule, DocumentsModule, NotificationsModule],
  providers: [SettlementService, SettlementRepository],
  exports: [SettlementService],
})
export class SettlementModule {}
