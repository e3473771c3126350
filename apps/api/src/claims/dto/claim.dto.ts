import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { toShanghaiIso } from '@ivl/core';
import { CLAIM_STATUSES, type Claim, type ClaimStatus } from '@ivl/claims';
import { toJsonAmount } from '@ivl/ledger';
import { PageQuery } from '../../common/page.query.js';
import { IsDateOnly, IsFen, IsText, NestedObject } from '../../common/validators.js';

export class InvoiceDto {
  @ApiProperty({ example: '33002612345678' })
  @IsString()
  @Matches(/^[0-9A-Za-z-]{1,64}$/, { message: 'number must be 1-64 letters, digits or hyphens' })
  number: string;

  @ApiProperty({ example: '2026-03-31' }) @IsDateOnly() date: string;
  @ApiProperty({ description: 'fen; equals the sum of the subsidies claimed' }) @IsFen() amount: number;
}

export class CreateClaimRequest {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  redemptionIds: string[];

  @ApiProperty({ type: InvoiceDto }) @NestedObject(() => InvoiceDto) invoice: InvoiceDto;
}

export class RejectClaimRequest {
  @ApiProperty({ example: '发票抬头不符' }) @IsText() reason: string;
}

export class ClaimQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES }) @IsOptional() @IsIn(CLAIM_STATUSES) status?: ClaimStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
}

export class ClaimResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() amount: number;
  @ApiProperty({ type: InvoiceDto }) invoice: InvoiceDto;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: ClaimStatus;
  @ApiProperty({ nullable: true, type: String }) rejectReason: string | null;
  @ApiProperty({ type: [String] }) redemptionIds: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;

  static from(c: Claim): ClaimResponse {
    return {
      id: c.id,
      programId: c.programId,
      providerId: c.providerId,
      amount: toJsonAmount(c.amount),
      invoice: { number: c.invoice.number, date: c.invoice.date, amount: toJsonAmount(c.invoice.amount) },
      status: c.status,
      rejectReason: c.rejectReason,
      redemptionIds: c.redemptionIds,
      createdAt: toShanghaiIso(c.createdAt),
      decidedAt: c.decidedAt ? toShanghaiIso(c.decidedAt) : null,
    };
  }
}
