import { ApiProperty } from '@nestjs/swagger';
import { IsDateOnly } from '../../common/validators.js';

/** A range of Shanghai days, both ends included, at most 400 days. */
export class AnchorsQuery {
  @ApiProperty({ example: '2026-03-01' }) @IsDateOnly() from: string;
  @ApiProperty({ example: '2026-03-31' }) @IsDateOnly() to: string;
}
