import { type DynamicModule, Module } from '@nestjs/common';
import { ChainModule } from '@ivl/chain';
import { AppConfig, ConfigModule, loadConfig } from '@ivl/config';
import { DatabaseModule } from '@ivl/database';
import { DocumentsModule } from '@ivl/documents';
import { JOB_HANDLERS, JobsModule, RedisModule } from '@ivl/jobs';
import { NotificationsModule } from '@ivl/notifications';
import { ReconciliationModule } from '@ivl/reconciliation';
import { RedemptionsModule } from '@ivl/redemptions';
import { RegistryModule } from '@ivl/registry';
import { RiskModule } from '@ivl/risk';
import { SettlementModule } from '@ivl/settlement';
import { VouchersModule } from '@ivl/vouchers';
import { JobWorker } from './job-worker.js';
import { BuildSettlementProcessor } from './processors/build-settlement.processor.js';
import { DeliverNotificationProcessor } from './processors/deliver-notification.processor.js';
import { CloseDaysProcessor } from './processors/close-days.processor.js';
import { DeliverNotificationsProcessor } from './processors/deliver-notifications.processor.js';
import { CloseMonthsProcessor } from './processors/close-months.processor.js';
import { EndProviderNoticesProcessor } from './processors/end-provider-notices.processor.js';
import { ExpireVouchersProcessor } from './processors/expire-vouchers.processor.js';
import { MonthEndSettlementProcessor } from './processors/month-end-settlement.processor.js';
import { RemindExpiringVouchersProcessor } from './processors/remind-expiring-vouchers.processor.js';
import { NightlyRiskScanProcessor } from './processors/nightly-risk-scan.processor.js';
import { RiskScanProcessor } from './processors/risk-scan.processor.js';
import { RemoveUnattachedDocumentsProcessor } from './processors/remove-unattached-documents.processor.js';
import { SealLedgerProcessor } from './processors/seal-ledger.processor.js';

const PROCESSORS = [
  ExpireVouchersProcessor,
  BuildSettlementProcessor,
  MonthEndSettlementProcessor,
  CloseMonthsProcessor,
  CloseDaysProcessor,
  EndProviderNoticesProcessor,
  RemoveUnattachedDocumentsProcessor,
  DeliverNotificationProcessor,
  DeliverNotificationsProcessor,
  RemindExpiringVouchersProcessor,
  SealLedgerProcessor,
  RiskScanProcessor,
  NightlyRiskScanProcessor,
];

/** The BullMQ worker process: processors only, each a thin call into a lib service. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        JobsModule,
        VouchersModule,
        RedemptionsModule,
        SettlementModule,
        ReconciliationModule,
        RegistryModule,
        DocumentsModule,
        NotificationsModule,
        ChainModule,
        RiskModule,
      ],
      providers: [
        ...PROCESSORS,
        { provide: JOB_HANDLERS, useFactory: (...handlers: unknown[]) => handlers, inject: PROCESSORS },
        JobWorker,
      ],
    };
  }
}
