import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from '@ivl/core';
import { IsName, IsRegionCode } from '../../common/validators.js';

export class CreateRegionRequest {
  @ApiProperty({ example: '330100' }) @IsRegionCode() code: string;
  @ApiProperty({ example: '杭州市' }) @IsName() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) @IsIn(REGION_LEVELS) level: RegionLevel;
  @ApiPropertyOptional({ example: '330700' }) @IsOptional() @IsRegionCode() parentCode?: string;
}
