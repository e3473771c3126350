import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { DocumentsModule } from '@ivl/documents';
import { FundingModule } from '@ivl/funding';
import { LedgerModule } from '@ivl/ledger';
import { NotificationsModule } from '@ivl/notifications';
import { RedemptionsModule } from '@ivl/redemptions';
import { RegistryModule } from '@ivl/registry';
import { ClaimRepository } from './claim.repository.js';
import { ClaimsService } from './claims.service.js';

@Module({
  imports: [AuditModule, FundingModule, LedgerModule, RegistryModule, RedemptionsModule, DocumentsModule, NotificationsModule],
  providers: [ClaimsService, ClaimRepository],
  exports: [ClaimsService],
})
export class ClaimsModule {}
