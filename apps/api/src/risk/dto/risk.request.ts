import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RISK_KINDS, RISK_SEVERITIES, RISK_STATUSES, type RiskKind, type RiskSeverity, type RiskStatus } from '@ivl/risk';
import { PageQuery } from '../../common/page.query.js';
import { IsPeriod, IsRegionCode, IsText } from '../../common/validators.js';

export class ScanRequest {
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: '2026-03' }) @IsPeriod() period: string;
}

export class SignalQuery extends PageQuery {
  @ApiPropertyOptional({ example: '330702' }) @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ example: '2026-03' }) @IsOptional() @IsPeriod() period?: string;
  @ApiPropertyOptional({ enum: RISK_KINDS }) @IsOptional() @IsIn(RISK_KINDS) kind?: RiskKind;
  @ApiPropertyOptional({ enum: RISK_SEVERITIES }) @IsOptional() @IsIn(RISK_SEVERITIES) severity?: RiskSeverity;
  @ApiPropertyOptional({ enum: RISK_STATUSES }) @IsOptional() @IsIn(RISK_STATUSES) status?: RiskStatus;
}

export class DecisionRequest {
  @ApiProperty({ example: '经核查为同一实际控制人，已移交稽查' }) @IsText() reason: string;
}
