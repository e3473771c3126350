import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, type Category, toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { REDEMPTION_STATUSES, type Redemption, type RedemptionStatus } from '@ivl/redemptions';
import { formatCode } from '@ivl/vouchers';
import { toDto } from '../../common/to-dto.js';

export class RedemptionPartResponse {
  @ApiProperty({ format: 'uuid' }) fundId: string;
  @ApiProperty() amount: number;
}

export class RedemptionRatingResponse {
  @ApiProperty({ minimum: 1, maximum: 5 }) stars: number;
  @ApiPropertyOptional() comment?: string;
  @ApiProperty() createdAt: string;
}

export class RedemptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() voucherCode: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiPropertyOptional({ description: "the enterprise's name (read views; also the provider's)" }) enterpriseName?: string;
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
  @ApiPropertyOptional({ type: RedemptionRatingResponse, description: "its enterprise's rating, once given" })
  rating?: RedemptionRatingResponse;

  static from(r: Redemption): RedemptionResponse {
    return toDto(RedemptionResponse, {
      id: r.id,
      voucherCode: formatCode(r.voucherCode),
      providerId: r.providerId,
      enterpriseId: r.enterpriseId,
      ...(r.enterpriseName ? { enterpriseName: r.enterpriseName } : {}),
      programId: r.programId,
      category: r.category,
      orderAmount: toJsonAmount(r.orderAmount),
      subsidy: toJsonAmount(r.subsidy),
      enterprisePays: toJsonAmount(r.orderAmount - r.subsidy),
      description: r.description,
      status: r.status,
      parts: r.parts.map((p) => toDto(RedemptionPartResponse, { fundId: p.fundId, amount: toJsonAmount(p.amount) })),
      createdAt: toShanghaiIso(r.createdAt),
      ...(r.confirmedAt ? { confirmedAt: toShanghaiIso(r.confirmedAt) } : {}),
      ...(r.cancelledAt ? { cancelledAt: toShanghaiIso(r.cancelledAt) } : {}),
      ...(r.claimId ? { claimId: r.claimId } : {}),
      ...(r.rating
        ? {
            rating: toDto(RedemptionRatingResponse, {
              stars: r.rating.stars,
              ...(r.rating.comment === null ? {} : { comment: r.rating.comment }),
              createdAt: toShanghaiIso(r.rating.createdAt),
            }),
          }
        : {}),
    });
  }
}
