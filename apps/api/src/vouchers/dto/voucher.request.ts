import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { VOUCHER_STATUSES, type VoucherStatus } from '@ivl/vouchers';
import { PageQuery } from '../../common/page.query.js';
import { IsText } from '../../common/validators.js';

export class VoucherQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VOUCHER_STATUSES }) @IsOptional() @IsIn(VOUCHER_STATUSES) status?: VoucherStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
}

export class RevokeRequest {
  @ApiProperty({ example: '企业虚报材料' }) @IsText() reason: string;
}
