import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditService } from '@ivl/audit';
import type { Actor } from '@ivl/core';
import { CurrentActor } from '../common/current-actor.decorator.js';

export class AuditLogQuery {
  @ApiPropertyOptional({ example: 'voucher' }) @IsOptional() @IsString() @MaxLength(64) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) entityId?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit = 100;
  @ApiPropertyOptional({ description: 'entries older than this id (paging)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  beforeId?: string;
}

export class AuditLogEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty({ nullable: true, type: String }) toState: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Object }) data: Record<string, unknown> | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: [AuditLogEntryResponse] })
  list(@CurrentActor() actor: Actor, @Query() query: AuditLogQuery): Promise<AuditLogEntryResponse[]> {
    return this.audit.find(actor, query);
  }
}
