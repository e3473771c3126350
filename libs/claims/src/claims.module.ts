import { Module } from '@nestjs/common';
import { AuditModule } from '@ivl/audit';
import { FundingModule } from '@ivl/funding';
import { ClaimsService } from './claims.service.js';

@Module({ imports: [AuditModule, FundingModule], providers: [ClaimsService], exports: [ClaimsService] })
export class ClaimsModule {}
