import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { ChainModule } from '@ivl/chain';
import { RegistryModule } from '@ivl/registry';
import { AuditSamplesService } from './audit-samples.service.js';
import { CityDashboardRepository } from './city-dashboard.repository.js';
import { CityDashboardService } from './city-dashboard.service.js';
import { DashboardService } from './dashboard.service.js';
import { ReconciliationRepository } from './reconciliation.repository.js';
import { ReconciliationService } from './reconciliation.service.js';

@Module({
  imports: [AuditModule, RegistryModule, ChainModule],
  providers: [
    ReconciliationService,
    AuditSamplesService,
    DashboardService,
    CityDashboardService,
    ReconciliationRepository,
    CityDashboardRepository,
  ],
  exports: [ReconciliationService, AuditSamplesService, DashboardService, CityDashboardService],
})
export class ReconciliationModule {}
