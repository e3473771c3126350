import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule } from '@ivl/audit';
import { ChainModule } from '@ivl/chain';
import { AppConfig, ConfigModule, loadConfig } from '@ivl/config';
import { DatabaseModule } from '@ivl/database';
import { IdentityModule } from '@ivl/identity';
import { RedisModule } from '@ivl/jobs';
import { RegistryModule } from '@ivl/registry';
import { FundingModule } from '@ivl/funding';
import { IdempotencyModule } from '@ivl/idempotency';
import { LedgerModule } from '@ivl/ledger';
import { RedemptionsModule } from '@ivl/redemptions';
import { VouchersModule } from '@ivl/vouchers';
import { ClaimsModule } from '@ivl/claims';
import { ClawbacksModule } from '@ivl/clawbacks';
import { SettlementModule } from '@ivl/settlement';
import { ReconciliationModule } from '@ivl/reconciliation';
import { DocumentsModule } from '@ivl/documents';
import { DocumentsController } from './documents/documents.controller.js';
import { NotificationsModule } from '@ivl/notifications';
import { RiskModule } from '@ivl/risk';
import { EvaluationModule } from '@ivl/evaluation';
import { EvaluationController } from './evaluation/evaluation.controller.js';
import { RiskController } from './risk/risk.controller.js';
import { RegistrationModule } from '@ivl/registration';
import { CatalogModule } from '@ivl/catalog';
import { DirectoryController } from './catalog/directory.controller.js';
import { ServicesController } from './catalog/services.controller.js';
import { OrdersModule } from '@ivl/orders';
import { NoticesModule } from '@ivl/notices';
import { ObjectionsController } from './notices/objections.controller.js';
import { PublicNoticesController } from './notices/public-notices.controller.js';
import { OrdersController } from './orders/orders.controller.js';
import { ReconciliationController } from './reconciliation/reconciliation.controller.js';
import { CityDashboardController } from './dashboard/city-dashboard.controller.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { AuditSamplesController } from './audit-samples/audit-samples.controller.js';
import { ClaimsController } from './claims/claims.controller.js';
import { ClawbacksController } from './clawbacks/clawbacks.controller.js';
import { SettlementsController } from './settlements/settlements.controller.js';
import { ApplicationsController } from './applications/applications.controller.js';
import { FundsController } from './funds/funds.controller.js';
import { AnchorsController } from './ledger/anchors.controller.js';
import { LedgerController } from './ledger/ledger.controller.js';
import { ProgramsController } from './programs/programs.controller.js';
import { RedemptionsController } from './redemptions/redemptions.controller.js';
import { VouchersController } from './vouchers/vouchers.controller.js';
import { AuditLogController } from './audit-log/audit-log.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './common/auth.guard.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { RateLimitGuard } from './common/rate-limit.guard.js';
import { RateLimiter } from './common/rate-limiter.js';
import { ApiValidationPipe } from './common/validation.pipe.js';
import { ComplexesController } from './complexes/complexes.controller.js';
import { EnterprisesController } from './enterprises/enterprises.controller.js';
import { HealthController } from './health/health.controller.js';
import { ProvidersController } from './providers/providers.controller.js';
import { RegionsController } from './regions/regions.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { RegistrationsController } from './registrations/registrations.controller.js';
import { UsersController } from './users/users.controller.js';
import { BootstrapAdmin } from './bootstrap-admin.js';

/** The HTTP application. `forRoot(config)` lets tests hand in their own database and queue prefix. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        TerminusModule,
        AuditModule,
        IdentityModule,
        RegistryModule,
        LedgerModule,
        ChainModule,
        IdempotencyModule,
        FundingModule,
        VouchersModule,
        RedemptionsModule,
        ClaimsModule,
        SettlementModule,
        ReconciliationModule,
        DocumentsModule,
        RegistrationModule,
        CatalogModule,
        OrdersModule,
        NotificationsModule,
        ClawbacksModule,
        RiskModule,
        NoticesModule,
        EvaluationModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        UsersController,
        RegionsController,
        ComplexesController,
        ProvidersController,
        EnterprisesController,
        AuditLogController,
        DocumentsController,
        FundsController,
        ProgramsController,
        ApplicationsController,
        VouchersController,
        RedemptionsController,
        LedgerController,
        AnchorsController,
        ClaimsController,
        SettlementsController,
        ReconciliationController,
        CityDashboardController,
        DashboardController,
        AuditSamplesController,
        RegistrationsController,
        ServicesController,
        DirectoryController,
        OrdersController,
        NotificationsController,
        ClawbacksController,
        RiskController,
        PublicNoticesController,
        ObjectionsController,
        EvaluationController,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        RateLimiter,
        BootstrapAdmin,
      ],
    };
  }
}
