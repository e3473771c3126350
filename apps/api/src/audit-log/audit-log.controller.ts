import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from '@ivl/audit';
import type { Actor } from '@ivl/core';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TOTAL_COUNT_HEADER, withTotalCount } from '../common/total-count.js';
import { AuditLogQuery } from './dto/audit-log.request.js';
import { AuditLogEntryResponse } from './dto/audit-log.response.js';
import { toDto } from '../common/to-dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: [AuditLogEntryResponse], headers: TOTAL_COUNT_HEADER })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: AuditLogQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditLogEntryResponse[]> {
    return withTotalCount(reply, await this.audit.find(actor, query), (record) => toDto(AuditLogEntryResponse, record));
  }
}
