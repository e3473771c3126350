import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { COMPLEX_LEVELS, type ComplexLevel, SECTORS, type Sector, toShanghaiIso } from '@ivl/core';
import type { Complex } from '@ivl/registry';
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

export class ComplexResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ enum: COMPLEX_LEVELS }) level: ComplexLevel;
  @ApiProperty() regionCode: string;
  @ApiProperty() createdAt: string;

  static from(c: Complex): ComplexResponse {
    return { id: c.id, name: c.name, sector: c.sector, level: c.level, regionCode: c.regionCode, createdAt: toShanghaiIso(c.createdAt) };
  }
}
