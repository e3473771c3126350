import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@ivl/audit';
import { Complex } from './complex.entity.js';
import { ComplexesService } from './complexes.service.js';
import { Enterprise } from './enterprise.entity.js';
import { EnterprisesService } from './enterprises.service.js';
import { Provider } from './provider.entity.js';
import { ProvidersService } from './providers.service.js';
import { Region } from './region.entity.js';
import { RegionsService } from './regions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Region, Complex, Provider, Enterprise]), AuditModule],
  providers: [RegionsService, ComplexesService, ProvidersService, EnterprisesService],
  exports: [RegionsService, ComplexesService, ProvidersService, EnterprisesService],
})
export class RegistryModule {}
