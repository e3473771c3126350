import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsFen, IsName, IsRegionCode } from '../../common/validators.js';

export class CreateFundRequest {
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: '婺城区2026年创新券资金' }) @IsName() name: string;
}

export class FundQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class AllocationRequest {
  @ApiProperty({ description: 'fen', example: 100_000_000 }) @IsFen() amount: number;
  @ApiProperty({ example: '金财预〔2026〕12号' }) @IsName() reference: string;
}
