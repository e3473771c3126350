import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { NotificationsModule } from '@ivl/notifications';
import { RegistryModule } from '@ivl/registry';
import { SettlementModule } from '@ivl/settlement';
import { VouchersModule } from '@ivl/vouchers';
import { NoticeRepository } from './notice.repository.js';
import { NoticesService } from './notices.service.js';
import { ObjectionRepository } from './objection.repository.js';

@Module({
  imports: [AuditModule, NotificationsModule, RegistryModule, SettlementModule, VouchersModule],
  providers: [NoticeRepository, ObjectionRepository, NoticesService],
  exports: [NoticesService],
})
export class NoticesModule {}
