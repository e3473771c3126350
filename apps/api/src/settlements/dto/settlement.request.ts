import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { BATCH_STATUSES, type BatchStatus } from '@ivl/settlement';
import { PageQuery } from '../../common/page.query.js';
import { IsName, IsPeriod, IsRegionCode, IsSearchText, IsText } from '../../common/validators.js';
import { DocumentIds } from '../../documents/dto/document-ids.js';

export class RunRequest {
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: '2026-03' }) @IsPeriod() period: string;
}

export class BatchQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ example: '2026-03' }) @IsOptional() @IsPeriod() period?: string;
  @ApiPropertyOptional({ enum: BATCH_STATUSES }) @IsOptional() @IsIn(BATCH_STATUSES) status?: BatchStatus;
  @ApiPropertyOptional({ description: "any part of a payee's name or USCC (a provider: its own lines)", maxLength: 200 })
  @IsSearchText()
  q?: string;
}

export class ReturnLineRequest {
  @ApiProperty({ example: '账户已销户' }) @IsText() reason: string;
}

export class PayRequest {
  @ApiProperty({ example: 'ICBC-20260401-0001' }) @IsName() paymentReference: string;
  @DocumentIds({ required: false, description: 'documents the finance bureau uploaded: the bank receipt (银行回单)' })
  documentIds?: string[];
}
