import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toShanghaiIso } from '@ivl/core';
import type { Allocation, FundWithBalances } from '@ivl/funding';
import { toJsonAmount } from '@ivl/ledger';
import { IsFen, IsName, IsRegionCode } from '../../common/validators.js';

export class CreateFundRequest {
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: '婺城区2026年创新券资金' }) @IsName() name: string;
}

export class FundQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class AllocationRequest {
  @ApiProperty({ description: 'fen', example: 100_000_000 }) @IsFen() amount: number;
  @ApiProperty({ example: '金财预〔2026〕12号' }) @IsName() reference: string;
}

export class BalancesResponse {
  @ApiProperty() allocated: number;
  @ApiProperty() available: number;
  @ApiProperty() vouchers: number;
  @ApiProperty() held: number;
  @ApiProperty() payable: number;
  @ApiProperty() inSettlement: number;
  @ApiProperty() paid: number;
}

export class FundResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() year: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: BalancesResponse }) balances: BalancesResponse;
  @ApiProperty() createdAt: string;

  static from(f: FundWithBalances): FundResponse {
    const b = f.balances;
    return {
      id: f.id,
      regionCode: f.regionCode,
      year: f.year,
      name: f.name,
      balances: {
        allocated: toJsonAmount(b.allocated),
        available: toJsonAmount(b.available),
        vouchers: toJsonAmount(b.vouchers),
        held: toJsonAmount(b.held),
        payable: toJsonAmount(b.payable),
        inSettlement: toJsonAmount(b.inSettlement),
        paid: toJsonAmount(b.paid),
      },
      createdAt: toShanghaiIso(f.createdAt),
    };
  }
}

export class AllocationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fundId: string;
  @ApiProperty() amount: number;
  @ApiProperty() reference: string;
  @ApiProperty() createdAt: string;

  static from(a: Allocation): AllocationResponse {
    return { id: a.id, fundId: a.fundId, amount: toJsonAmount(a.amount), reference: a.reference, createdAt: toShanghaiIso(a.createdAt) };
  }
}
