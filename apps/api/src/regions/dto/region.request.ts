import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from '@ivl/core';
import { IsName, IsRegionCode } from '../../common/validators.js';

export class CreateRegionRequest {
  @ApiProperty({ example: '330100' }) @IsRegionCode() code: string;
  @ApiProperty({ example: '杭州市' }) @IsName() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) @IsIn(REGION_LEVELS) level: RegionLevel;
  @ApiPropertyOptional({ example: '330700' }) @IsOptional() @IsRegionCode() parentCode?: string;
}

/** The region's settings (its finance bureau's): the days of its payment notice. */
export class UpdateRegionRequest {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 365, description: '兑付公示 days (0: no payment notice)' })
  @IsInt()
  @Min(0)
  @Max(365)
  paymentNoticeDays: number;
}
