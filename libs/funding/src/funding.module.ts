import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { LedgerModule } from '@ivl/ledger';
import { RegistryModule } from '@ivl/registry';
import { FundsService } from './funds.service.js';
import { ProgramsService } from './programs.service.js';

@Module({
  imports: [AuditModule, LedgerModule, RegistryModule],
  providers: [FundsService, ProgramsService],
  exports: [FundsService, ProgramsService],
})
export class FundingModule {}
