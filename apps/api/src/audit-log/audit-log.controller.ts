import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@ivl/audit';
import type { Actor } from '@ivl/core';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { AuditLogQuery } from './dto/audit-log.request.js';
import { AuditLogEntryResponse } from './dto/audit-log.response.js';
import { toDto } from '../common/to-dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: [AuditLogEntryResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: AuditLogQuery): Promise<AuditLogEntryResponse[]> {
    return (await this.audit.find(actor, query)).map((record) => toDto(AuditLogEntryResponse, record));
  }
}
