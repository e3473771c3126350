import { ApiProperty } from '@nestjs/swagger';
import { COMPLEX_LEVELS, type ComplexLevel, SECTORS, type Sector, toShanghaiIso } from '@ivl/core';
import type { Complex } from '@ivl/registry';
import { toDto } from '../../common/to-dto.js';

export class ComplexResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ enum: COMPLEX_LEVELS }) level: ComplexLevel;
  @ApiProperty() regionCode: string;
  @ApiProperty() createdAt: string;

  static from(c: Complex): ComplexResponse {
    return toDto(ComplexResponse, {
      id: c.id,
      name: c.name,
      sector: c.sector,
      level: c.level,
      regionCode: c.regionCode,
      createdAt: toShanghaiIso(c.createdAt),
    });
  }
}
