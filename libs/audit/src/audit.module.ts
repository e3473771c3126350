import { Module } from '@nestjs/common';
import { AuditNamesRepository } from './audit-names.repository.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Module({ providers: [AuditRepository, AuditNamesRepository, AuditService], exports: [AuditService] })
export class AuditModule {}
