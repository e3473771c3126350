import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { toShanghaiIso } from '@ivl/core';
import type { Enterprise } from '@ivl/registry';
import { PageQuery } from '../../common/page.query.js';
import { IsName, IsRegionCode, IsUscc } from '../../common/validators.js';

export class CreateEnterpriseRequest {
  @ApiProperty({ example: '91330702MA2XXXXXXX' }) @IsUscc() uscc: string;
  @ApiProperty({ example: '金华市某某五金制品有限公司' }) @IsName() name: string;
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiPropertyOptional({ description: 'names the actual controller (实际控制人)' }) @IsOptional() @IsName() controllerKey?: string;
}

export class EnterpriseQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
}

export class EnterpriseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ nullable: true, type: String }) controllerKey: string | null;
  @ApiProperty() createdAt: string;

  static from(e: Enterprise): EnterpriseResponse {
    return { id: e.id, uscc: e.uscc, name: e.name, regionCode: e.regionCode, controllerKey: e.controllerKey, createdAt: toShanghaiIso(e.createdAt) };
  }
}
