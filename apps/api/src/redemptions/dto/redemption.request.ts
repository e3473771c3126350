import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CATEGORIES, type Category } from '@ivl/core';
import { REDEMPTION_STATUSES, type RedemptionStatus } from '@ivl/redemptions';
import { PageQuery } from '../../common/page.query.js';
import { IsFen, IsText } from '../../common/validators.js';

export class CreateRedemptionRequest {
  @ApiProperty({ example: '7K3Q-9XWD-M2PA-4TRB-5' }) @IsString() @MaxLength(64) voucherCode: string;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category: Category;
  @ApiProperty({ description: 'the service order amount, fen', example: 2_000_000 }) @IsFen() orderAmount: number;
  @ApiProperty({ example: 'EMC 检测' }) @IsText() description: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the accepted order this redemption delivers: its voucher, category and agreed amount must match',
  })
  @IsOptional()
  @IsUUID()
  orderId?: string;
}

export class RateRedemptionRequest {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) @IsInt() @Min(1) @Max(5) stars: number;
  @ApiPropertyOptional({ example: '检测周期短，报告规范，工程师答疑耐心。' }) @IsOptional() @IsText() comment?: string;
}

export class RedemptionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REDEMPTION_STATUSES }) @IsOptional() @IsIn(REDEMPTION_STATUSES) status?: RedemptionStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) voucherCode?: string;
  @ApiPropertyOptional({ description: 'true: confirmed and in no live claim (what a provider can still claim); false: the others' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  claimable?: boolean;
}
