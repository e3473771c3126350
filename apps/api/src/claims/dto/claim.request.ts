import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { CLAIM_STATUSES, type ClaimStatus } from '@ivl/claims';
import { PageQuery } from '../../common/page.query.js';
import { DocumentIds } from '../../documents/dto/document-ids.js';
import { IsDateOnly, IsFen, IsPeriod, IsRegionCode, IsSearchText, IsText, NestedObject } from '../../common/validators.js';

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

  @DocumentIds({
    required: true,
    description: 'documents the provider uploaded: at least the invoice file, and the service report (检测报告 / 验收单)',
  })
  documentIds: string[];
}

export class RejectClaimRequest {
  @ApiProperty({ example: '发票抬头不符' }) @IsText() reason: string;
}

export class ClaimQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES }) @IsOptional() @IsIn(CLAIM_STATUSES) status?: ClaimStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
  @ApiPropertyOptional({ description: "the claiming provider's region" }) @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ description: 'the month the claim was submitted (Asia/Shanghai)', example: '2026-03' })
  @IsOptional()
  @IsPeriod()
  period?: string;
  @ApiPropertyOptional({ description: "any part of the invoice number, the provider's name or USCC, or the claim's id", maxLength: 200 })
  @IsSearchText()
  q?: string;
}
