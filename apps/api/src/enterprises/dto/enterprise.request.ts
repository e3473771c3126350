import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQuery } from '../../common/page.query.js';
import { IsName, IsRegionCode, IsSearchText, IsUscc } from '../../common/validators.js';

export class CreateEnterpriseRequest {
  @ApiProperty({ example: '91330702MA2XXXXXXX' }) @IsUscc() uscc: string;
  @ApiProperty({ example: '金华市某某五金制品有限公司' }) @IsName() name: string;
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiPropertyOptional({ description: 'names the actual controller (实际控制人)' }) @IsOptional() @IsName() controllerKey?: string;
}

export class EnterpriseQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ description: 'any part of the name or USCC', maxLength: 200 }) @IsSearchText() q?: string;
}
