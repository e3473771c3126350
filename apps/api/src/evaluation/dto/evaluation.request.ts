import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

export class EvaluationYearParams {
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year: number;
}

export class ComplexEvaluationParams extends EvaluationYearParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}
