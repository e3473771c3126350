import { ApiProperty } from '@nestjs/swagger';
import { REGION_LEVELS, type RegionLevel } from '@ivl/core';
import type { Region } from '@ivl/registry';
import { toDto } from '../../common/to-dto.js';

export class RegionResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ nullable: true, type: String }) parentCode: string | null;

  static from(region: Region): RegionResponse {
    return toDto(RegionResponse, { code: region.code, name: region.name, level: region.level, parentCode: region.parentCode });
  }
}
