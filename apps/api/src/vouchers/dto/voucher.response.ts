import { ApiProperty } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { formatCode, VOUCHER_STATUSES, type Voucher, type VoucherStatus } from '@ivl/vouchers';
import { toDto } from '../../common/to-dto.js';

export class VoucherPartResponse {
  @ApiProperty({ format: 'uuid' }) fundId: string;
  @ApiProperty() faceValue: number;
  @ApiProperty({ description: 'what of this part can still be held' }) balance: number;
}

export class VoucherResponse {
  @ApiProperty({ example: '7K3Q-9XWD-M2PA-4TRB-5' }) code: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() faceValue: number;
  @ApiProperty({ description: 'what can still be held; pending holds are already taken out' }) balance: number;
  @ApiProperty() held: number;
  @ApiProperty({ enum: VOUCHER_STATUSES }) status: VoucherStatus;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ description: 'end of the Asia/Shanghai day validityDays after the issue date' }) validUntil: string;
  @ApiProperty({ type: [VoucherPartResponse] }) funding: VoucherPartResponse[];

  static from(v: Voucher): VoucherResponse {
    return toDto(VoucherResponse, {
      code: formatCode(v.code),
      programId: v.programId,
      enterpriseId: v.enterpriseId,
      faceValue: toJsonAmount(v.faceValue),
      balance: toJsonAmount(v.balance),
      held: toJsonAmount(v.held),
      status: v.status,
      issuedAt: toShanghaiIso(v.issuedAt),
      validUntil: toShanghaiIso(v.validUntil),
      funding: v.funding.map((p) =>
        toDto(VoucherPartResponse, { fundId: p.fundId, faceValue: toJsonAmount(p.faceValue), balance: toJsonAmount(p.balance) }),
      ),
    });
  }
}

/**
 * What a provider sees of a voucher it looks up by code: what a redemption needs (is it usable,
 * how much is left, until when, under which program's rule) and nothing about who holds it or
 * which funds pay for it (docs/api.md: no enterpriseId).
 */
export class ProviderVoucherResponse {
  @ApiProperty({ example: '7K3Q-9XWD-M2PA-4TRB-5' }) code: string;
  @ApiProperty({ format: 'uuid', description: 'the program whose rule sets the subsidy' }) programId: string;
  @ApiProperty({ description: 'what can still be held' }) balance: number;
  @ApiProperty({ enum: VOUCHER_STATUSES }) status: VoucherStatus;
  @ApiProperty() validUntil: string;

  static from(v: Voucher): ProviderVoucherResponse {
    return toDto(ProviderVoucherResponse, {
      code: formatCode(v.code),
      programId: v.programId,
      balance: toJsonAmount(v.balance),
      status: v.status,
      validUntil: toShanghaiIso(v.validUntil),
    });
  }
}
