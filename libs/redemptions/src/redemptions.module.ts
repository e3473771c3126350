import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { FundingModule } from '@ivl/funding';
import { LedgerModule } from '@ivl/ledger';
import { OrdersModule } from '@ivl/orders';
import { NotificationsModule } from '@ivl/notifications';
import { VoucherHolds, VouchersModule } from '@ivl/vouchers';
import { RedemptionHolds } from './redemption-holds.js';
import { RatingRepository } from './rating.repository.js';
import { RedemptionRepository } from './redemption.repository.js';
import { RedemptionsService } from './redemptions.service.js';

@Module({
  imports: [AuditModule, LedgerModule, VouchersModule, FundingModule, OrdersModule, NotificationsModule],
  providers: [
    RedemptionsService,
    RedemptionRepository,
    RatingRepository,
    RedemptionHolds,
    { provide: VoucherHolds, useExisting: RedemptionHolds },
  ],
  exports: [RedemptionsService],
})
export class RedemptionsModule {}
