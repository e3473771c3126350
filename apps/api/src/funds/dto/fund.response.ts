import { ApiProperty } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import type { Allocation, FundWithBalances } from '@ivl/funding';
import { toJsonAmount } from '@ivl/ledger';
import { toDto } from '../../common/to-dto.js';

export class BalancesResponse {
  @ApiProperty() allocated: number;
  @ApiProperty() available: number;
  @ApiProperty() vouchers: number;
  @ApiProperty() held: number;
  @ApiProperty() payable: number;
  @ApiProperty() inSettlement: number;
  @ApiProperty() paid: number;
  /** Clawed back from providers, not yet repaid. */
  @ApiProperty() recoverable: number;
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
    return toDto(FundResponse, {
      id: f.id,
      regionCode: f.regionCode,
      year: f.year,
      name: f.name,
      balances: toDto(BalancesResponse, {
        allocated: toJsonAmount(b.allocated),
        available: toJsonAmount(b.available),
        vouchers: toJsonAmount(b.vouchers),
        held: toJsonAmount(b.held),
        payable: toJsonAmount(b.payable),
        inSettlement: toJsonAmount(b.inSettlement),
        paid: toJsonAmount(b.paid),
        recoverable: toJsonAmount(b.recoverable),
      }),
      createdAt: toShanghaiIso(f.createdAt),
    });
  }
}

export class AllocationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fundId: string;
  @ApiProperty() amount: number;
  @ApiProperty() reference: string;
  @ApiProperty() createdAt: string;

  static from(a: Allocation): AllocationResponse {
    return toDto(AllocationResponse, {
      id: a.id,
      fundId: a.fundId,
      amount: toJsonAmount(a.amount),
      reference: a.reference,
      createdAt: toShanghaiIso(a.createdAt),
    });
  }
}
