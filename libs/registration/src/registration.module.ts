import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { IdentityModule } from '@ivl/identity';
import { RegistryModule } from '@ivl/registry';
import { RegistrationRepository } from './registration.repository.js';
import { RegistrationsService } from './registrations.service.js';

@Module({
  imports: [AuditModule, IdentityModule, RegistryModule],
  providers: [RegistrationRepository, RegistrationsService],
  exports: [RegistrationsService],
})
export class RegistrationModule {}
