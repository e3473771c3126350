import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class CityDashboardParams {
  @ApiProperty({ example: 2026, description: 'the Asia/Shanghai year' }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year: number;
}
