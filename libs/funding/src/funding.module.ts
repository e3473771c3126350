import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { LedgerModule } from '@ivl/ledger';
import { RegistryModule } from '@ivl/registry';
import { FundRepository } from './fund.repository.js';
import { FundsService } from './funds.service.js';
import { ProgramRepository } from './program.repository.js';
import { ProgramsService } from './programs.service.js';

@Module({
  imports: [AuditModule, LedgerModule, RegistryModule],
  providers: [FundRepository, ProgramRepository, FundsService, ProgramsService],
  exports: [FundsService, ProgramsService],
})
export class FundingModule {}
