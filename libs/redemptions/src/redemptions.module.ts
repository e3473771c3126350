import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { FundingModule } from '@ivl/funding';
import { LedgerModule } from '@ivl/ledger';
import { VouchersModule } from '@ivl/vouchers';
import { RedemptionRepository } from './redemption.repository.js';
import { RedemptionsService } from './redemptions.service.js';

@Module({
  imports: [AuditModule, LedgerModule, VouchersModule, FundingModule],
  providers: [RedemptionsService, RedemptionRepository],
  exports: [RedemptionsService],
})
export class RedemptionsModule {}
