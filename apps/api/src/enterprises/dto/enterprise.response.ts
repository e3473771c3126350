import { ApiProperty } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import type { Enterprise } from '@ivl/registry';
import { toDto } from '../../common/to-dto.js';

export class EnterpriseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ nullable: true, type: String }) controllerKey: string | null;
  @ApiProperty() createdAt: string;

  static from(e: Enterprise): EnterpriseResponse {
    return toDto(EnterpriseResponse, {
      id: e.id,
      uscc: e.uscc,
      name: e.name,
      regionCode: e.regionCode,
      controllerKey: e.controllerKey,
      createdAt: toShanghaiIso(e.createdAt),
    });
  }
}
