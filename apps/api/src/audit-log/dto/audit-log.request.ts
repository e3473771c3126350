import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_OFFSET } from '../../common/page.query.js';
import { IsSearchText } from '../../common/validators.js';

export class AuditLogQuery {
  @ApiPropertyOptional({ example: 'voucher' }) @IsOptional() @IsString() @MaxLength(64) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) entityId?: string;
  @ApiPropertyOptional({ type: 'integer', default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit = 100;
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset = 0;
  @ApiPropertyOptional({
    description: "any part of the object's id, the action, the reason, the data or the actor's username",
    maxLength: 200,
  })
  @IsSearchText()
  q?: string;
  @ApiPropertyOptional({ description: 'entries older than this id (paging)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  beforeId?: string;
}
