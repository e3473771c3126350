import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsRegionCode } from '../../common/validators.js';

export class DashboardParams {
  @ApiProperty({ example: '330702', description: "a city (330700) covers its own funds and its counties'" })
  @IsRegionCode()
  regionCode: string;
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year: number;
}
