import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { NOTICE_KINDS, type NoticeKind, OBJECTION_STATUSES, type ObjectionStatus } from '@ivl/notices';
import { PageQuery } from '../../common/page.query.js';
import { IsName, IsRegionCode, IsText } from '../../common/validators.js';

/** The public notices: `?kind=&regionCode=&limit=&offset=` (at most 100 a page; X-Total-Count gives the total). */
export class NoticeQuery {
  @ApiPropertyOptional({ enum: NOTICE_KINDS }) @IsOptional() @IsIn(NOTICE_KINDS) kind?: NoticeKind;
  @ApiPropertyOptional({ example: '330702' }) @IsOptional() @IsRegionCode() regionCode?: string;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 100_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset = 0;
}

/** An objection (异议) from a member of the public: who (never published), what, and which item. */
export class FileObjectionRequest {
  @ApiProperty({ example: '张三', description: 'never published' }) @IsName() name: string;
  @ApiProperty({ example: '13800000000', description: 'a phone number or e-mail address; never published' }) @IsName() contact: string;
  @ApiProperty({ example: '该机构实际不具备检测资质' }) @IsText() text: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "the item objected to: the voucher's id (voucher notices) or the provider's id (payment notices); required for those",
  })
  @IsOptional()
  @IsUUID()
  itemRef?: string;
}

export class ObjectionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OBJECTION_STATUSES }) @IsOptional() @IsIn(OBJECTION_STATUSES) status?: ObjectionStatus;
  @ApiPropertyOptional({ enum: NOTICE_KINDS }) @IsOptional() @IsIn(NOTICE_KINDS) kind?: NoticeKind;
}

export class DecideObjectionRequest {
  @ApiProperty({ example: '经核查，该机构检测资质证书已过期' }) @IsText() reason: string;
}
