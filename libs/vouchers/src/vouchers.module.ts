import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { FundingModule } from '@ivl/funding';
import { LedgerModule } from '@ivl/ledger';
import { RegistryModule } from '@ivl/registry';
import { ApplicationsService } from './applications.service.js';
import { VoucherHolds } from './voucher-holds.js';
import { VoucherRepository } from './voucher.repository.js';
import { VouchersService } from './vouchers.service.js';

@Module({
  imports: [AuditModule, LedgerModule, FundingModule, RegistryModule],
  providers: [ApplicationsService, VouchersService, VoucherRepository, VoucherHolds],
  exports: [ApplicationsService, VouchersService, VoucherRepository, VoucherHolds],
})
export class VouchersModule {}
