import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CATEGORIES, type Category } from '@ivl/core';
import { type NewProgram, PROGRAM_STATUSES, type ProgramStatus } from '@ivl/funding';
import { IsFen, IsName, IsRegionCode } from '../../common/validators.js';

export class FundingShareRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() fundId: string;
  @ApiProperty({ example: 7000, description: 'basis points; the shares sum to 10000' }) @IsInt() @Min(1) @Max(10000) shareBp: number;
}

export class CreateProgramRequest {
  @ApiProperty({ example: '婺城区2026年科技创新券' }) @IsName() name: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: '330702' }) @IsRegionCode() issuerRegionCode: string;

  @ApiProperty({ type: [FundingShareRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => FundingShareRequest)
  funding: FundingShareRequest[];

  @ApiProperty({ enum: CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CATEGORIES, { each: true })
  categories: Category[];

  @ApiProperty({ example: 5000, description: 'share of a bill the voucher pays, in basis points' })
  @IsInt()
  @Min(0)
  @Max(10000)
  ratioBp: number;

  @ApiPropertyOptional({ description: 'the first N fen of a bill are covered 100%' }) @IsOptional() @IsFen() fullCoverageUpTo?: number;

  @ApiPropertyOptional({ description: 'ratio for providers outside the issuing region, in basis points' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  outOfRegionRatioBp?: number;

  @ApiProperty({ example: 10_000_000 }) @IsFen() perVoucherMax: number;
  @ApiProperty({ example: 30_000_000 }) @IsFen() enterpriseAnnualCap: number;
  @ApiPropertyOptional() @IsOptional() @IsFen() controllerAnnualCap?: number;
  @ApiProperty({ example: 180 }) @IsInt() @Min(1) @Max(3650) validityDays: number;
  @ApiProperty({ example: 90 }) @IsInt() @Min(1) @Max(3650) claimWindowDays: number;
  @ApiProperty() @IsBoolean() cityReviewRequired: boolean;

  toNewProgram(): NewProgram {
    return {
      name: this.name,
      year: this.year,
      issuerRegionCode: this.issuerRegionCode,
      funding: this.funding.map((f) => ({ fundId: f.fundId, shareBp: f.shareBp })),
      categories: this.categories,
      ratioBp: this.ratioBp,
      fullCoverageUpTo: this.fullCoverageUpTo === undefined ? null : BigInt(this.fullCoverageUpTo),
      outOfRegionRatioBp: this.outOfRegionRatioBp ?? null,
      perVoucherMax: BigInt(this.perVoucherMax),
      enterpriseAnnualCap: BigInt(this.enterpriseAnnualCap),
      controllerAnnualCap: this.controllerAnnualCap === undefined ? null : BigInt(this.controllerAnnualCap),
      validityDays: this.validityDays,
      claimWindowDays: this.claimWindowDays,
      cityReviewRequired: this.cityReviewRequired,
    };
  }
}

export class ProgramQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() issuerRegionCode?: string;
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES }) @IsOptional() @IsIn(PROGRAM_STATUSES) status?: ProgramStatus;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}
