import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { ClaimsService } from './claims.service.js';

@Module({ imports: [AuditModule], providers: [ClaimsService], exports: [ClaimsService] })
export class ClaimsModule {}
