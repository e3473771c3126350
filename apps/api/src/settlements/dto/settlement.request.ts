import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsName, IsRegionCode, IsText } from '../../common/validators.js';

export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export class RunRequest {
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: '2026-03' }) @Matches(PERIOD, { message: 'period must be YYYY-MM' }) period: string;
}

export class BatchQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ example: '2026-03' }) @IsOptional() @Matches(PERIOD, { message: 'period must be YYYY-MM' }) period?: string;
}

export class ReturnLineRequest {
  @ApiProperty({ example: '账户已销户' }) @IsText() reason: string;
}

export class PayRequest {
  @ApiProperty({ example: 'ICBC-20260401-0001' }) @IsName() paymentReference: string;
}
