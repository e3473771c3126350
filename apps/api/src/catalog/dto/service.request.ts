import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CATEGORIES, type Category, SECTORS, type Sector } from '@ivl/core';
import { SERVICE_STATUSES, type ServiceStatus } from '@ivl/catalog';
import { IsFen, IsName, IsRegionCode, IsText } from '../../common/validators.js';

/** A service product (服务产品) an active provider publishes; prices are integer fen. */
export class CreateServiceRequest {
  @ApiProperty({ example: '电磁兼容(EMC)检测', maxLength: 200 }) @IsName() name: string;
  @ApiProperty({ enum: CATEGORIES, description: 'one of the categories the provider covers (else 422 CATEGORY_NOT_ELIGIBLE)' })
  @IsIn(CATEGORIES)
  category: Category;
  @ApiProperty({ maxLength: 2000 }) @IsText() description: string;
  @ApiProperty({ type: 'integer', example: 300000, description: 'lowest price, fen' }) @IsFen() priceFrom: number;
  @ApiPropertyOptional({ type: 'integer', example: 800000, description: 'highest price, fen; not below priceFrom' })
  @IsOptional()
  @IsFen()
  priceTo?: number;
  @ApiProperty({ example: '次', maxLength: 20, description: 'what the price is for: 次, 样品, 项, 小时…' }) @IsName(20) unit: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365, description: 'usual turnaround, in days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  turnaroundDays?: number;
}

/** The fields to change; those left out stay (null counts as left out, so an upper price is changed, not removed). */
export class ChangeServiceRequest {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsName() name?: string;
  @ApiPropertyOptional({ enum: CATEGORIES }) @IsOptional() @IsIn(CATEGORIES) category?: Category;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsText() description?: string;
  @ApiPropertyOptional({ type: 'integer' }) @IsOptional() @IsFen() priceFrom?: number;
  @ApiPropertyOptional({ type: 'integer' }) @IsOptional() @IsFen() priceTo?: number;
  @ApiPropertyOptional({ maxLength: 20 }) @IsOptional() @IsName(20) unit?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  turnaroundDays?: number;
}

export class ServiceQuery {
  @ApiPropertyOptional({ enum: SERVICE_STATUSES }) @IsOptional() @IsIn(SERVICE_STATUSES) status?: ServiceStatus;
}

/** A search of the public directory. */
export class DirectoryQuery {
  @ApiPropertyOptional({ enum: CATEGORIES, description: 'providers covering this category' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;
  @ApiPropertyOptional({ example: '330702' }) @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ enum: SECTORS, description: 'the sector of the provider’s complex' })
  @IsOptional()
  @IsIn(SECTORS)
  sector?: Sector;
  @ApiPropertyOptional({ description: 'true: only providers holding a CMA or CNAS accreditation valid today' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  accredited?: boolean;
  @ApiPropertyOptional({
    maxLength: 100,
    description: 'any part of the provider’s name or of its products’ names and descriptions (two Chinese characters suffice)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 100000 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset = 0;
}
