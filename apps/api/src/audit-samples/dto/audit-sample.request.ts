import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsPeriod, IsRegionCode } from '../../common/validators.js';

export class AuditSampleRequest {
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: '2026-03' }) @IsPeriod() period: string;
  @ApiPropertyOptional({ description: 'the same seed draws the same sample; a fresh one is made if absent' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  seed?: string;
  @ApiPropertyOptional({ description: 'share to draw, basis points, at least 500 (5%)', default: 500 })
  @IsOptional()
  @IsInt()
  @Min(500)
  @Max(10000)
  rateBp?: number;
  @ApiPropertyOptional({
    description: 'also every confirmed redemption of the population named by a high-severity risk signal of the period not dismissed',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  riskWeighted?: boolean;
}
