import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { DocumentsModule } from '@ivl/documents';
import { FundingModule } from '@ivl/funding';
import { LedgerModule } from '@ivl/ledger';
import { NotificationsModule } from '@ivl/notifications';
import { RegistryModule } from '@ivl/registry';
import { ApplicationRepository } from './application.repository.js';
import { ApplicationsService } from './applications.service.js';
import { VoucherBalances } from './voucher-balances.js';
import { VoucherRepository } from './voucher.repository.js';
import { VouchersService } from './vouchers.service.js';

@Module({
  imports: [AuditModule, LedgerModule, FundingModule, RegistryModule, DocumentsModule, NotificationsModule],
  providers: [ApplicationsService, VouchersService, VoucherBalances, VoucherRepository, ApplicationRepository],
  exports: [ApplicationsService, VouchersService, VoucherBalances],
})
export class VouchersModule {}
