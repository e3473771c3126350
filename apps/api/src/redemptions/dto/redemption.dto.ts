import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CATEGORIES, type Category, toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { REDEMPTION_STATUSES, type Redemption, type RedemptionStatus } from '@ivl/redemptions';
import { formatCode } from '@ivl/vouchers';
import { PageQuery } from '../../common/page.query.js';
import { IsFen, IsText } from '../../common/validators.js';

export class CreateRedemptionRequest {
  @ApiProperty({ example: '7K3Q-9XWD-M2PA-4TRB-5' }) @IsString() @MaxLength(64) voucherCode: string;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category: Category;
  @ApiProperty({ description: 'the service order amount, fen', example: 2_000_000 }) @IsFen() orderAmount: number;
  @ApiProperty({ example: 'EMC 检测' }) @IsText() description: string;
}

export class RedemptionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REDEMPTION_STATUSES }) @IsOptional() @IsIn(REDEMPTION_STATUSES) status?: RedemptionStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) voucherCode?: string;
  @ApiPropertyOptional({ description: 'true: confirmed and in no live claim (what a provider can still claim); false: the others' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  claimable?: boolean;
}

export class RedemptionPartResponse {
  @ApiProperty({ format: 'uuid' }) fundId: string;
  @ApiProperty() amount: number;
}

export class RedemptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() voucherCode: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty() orderAmount: number;
  @ApiProperty() subsidy: number;
  @ApiProperty() enterprisePays: number;
  @ApiProperty() description: string;
  @ApiProperty({ enum: REDEMPTION_STATUSES }) status: RedemptionStatus;
  @ApiProperty({ type: [RedemptionPartResponse] }) parts: RedemptionPartResponse[];
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() confirmedAt?: string;
  @ApiPropertyOptional() cancelledAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the claim it is in (submitted or approved)' }) claimId?: string;

  static from(r: Redemption): RedemptionResponse {
    return {
      id: r.id,
      voucherCode: formatCode(r.voucherCode),
      providerId: r.providerId,
      enterpriseId: r.enterpriseId,
      programId: r.programId,
      category: r.category,
      orderAmount: toJsonAmount(r.orderAmount),
      subsidy: toJsonAmount(r.subsidy),
      enterprisePays: toJsonAmount(r.orderAmount - r.subsidy),
      description: r.description,
      status: r.status,
      parts: r.parts.map((p) => ({ fundId: p.fundId, amount: toJsonAmount(p.amount) })),
      createdAt: toShanghaiIso(r.createdAt),
      ...(r.confirmedAt ? { confirmedAt: toShanghaiIso(r.confirmedAt) } : {}),
      ...(r.cancelledAt ? { cancelledAt: toShanghaiIso(r.cancelledAt) } : {}),
      ...(r.claimId ? { claimId: r.claimId } : {}),
    };
  }
}
