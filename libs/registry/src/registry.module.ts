import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { ComplexRepository } from './complex.repository.js';
import { ComplexesService } from './complexes.service.js';
import { EnterpriseRepository } from './enterprise.repository.js';
import { EnterprisesService } from './enterprises.service.js';
import { ProviderRepository } from './provider.repository.js';
import { ProvidersService } from './providers.service.js';
import { RegionRepository } from './region.repository.js';
import { RegionsService } from './regions.service.js';

@Module({
  imports: [AuditModule],
  providers: [
    RegionRepository,
    ComplexRepository,
    ProviderRepository,
    EnterpriseRepository,
    RegionsService,
    ComplexesService,
    ProvidersService,
    EnterprisesService,
  ],
  exports: [RegionsService, ComplexesService, ProvidersService, EnterprisesService],
})
export class RegistryModule {}
