import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { JobsModule } from '@ivl/jobs';
import { RegistryModule } from '@ivl/registry';
import { RiskRepository } from './risk.repository.js';
import { RiskService } from './risk.service.js';

@Module({
  imports: [AuditModule, JobsModule, RegistryModule],
  providers: [RiskService, RiskRepository],
  exports: [RiskService],
})
export class RiskModule {}
