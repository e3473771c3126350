import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { COMPLEX_LEVELS, type ComplexLevel, SECTORS, type Sector } from '@ivl/core';
import { IsName, IsRegionCode } from '../../common/validators.js';

export class CreateComplexRequest {
  @ApiProperty({ example: '金华市现代五金产业创新服务综合体' }) @IsName() name: string;
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS) sector: Sector;
  @ApiProperty({ enum: COMPLEX_LEVELS }) @IsIn(COMPLEX_LEVELS) level: ComplexLevel;
  @ApiProperty({ example: '330784' }) @IsRegionCode() regionCode: string;
}

export class ComplexQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ enum: SECTORS }) @IsOptional() @IsIn(SECTORS) sector?: Sector;
}
