import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { DocumentsModule } from '@ivl/documents';
import { IdentityModule } from '@ivl/identity';
import { NotificationsModule } from '@ivl/notifications';
import { RegistryModule } from '@ivl/registry';
import { RegistrationRepository } from './registration.repository.js';
import { RegistrationsService } from './registrations.service.js';

@Module({
  imports: [AuditModule, DocumentsModule, IdentityModule, RegistryModule, NotificationsModule],
  providers: [RegistrationRepository, RegistrationsService],
  exports: [RegistrationsService],
})
export class RegistrationModule {}
