import { ApiProperty } from '@nestjs/swagger';
import { REGION_LEVELS, type RegionLevel } from '@ivl/core';
import type { Region } from '@ivl/registry';
import { toDto } from '../../common/to-dto.js';

export class RegionResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ nullable: true, type: String }) parentCode: string | null;
  @ApiProperty({
    description:
      "days an approved settlement batch of the region is on payment notice (兑付公示) before it is paid (the region's own setting, else PAYMENT_NOTICE_DAYS)",
  })
  paymentNoticeDays: number;

  /** `defaultNoticeDays`: PAYMENT_NOTICE_DAYS, for a region that set none. */
  static from(region: Region, defaultNoticeDays: number): RegionResponse {
    return toDto(RegionResponse, {
      code: region.code,
      name: region.name,
      level: region.level,
      parentCode: region.parentCode,
      paymentNoticeDays: region.paymentNoticeDays ?? defaultNoticeDays,
    });
  }
}
