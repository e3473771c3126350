import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ACCREDITATION_TYPES, type AccreditationType, CATEGORIES, type Category, PROVIDER_STATUSES, type ProviderStatus } from '@ivl/core';
import { PageQuery } from '../../common/page.query.js';
import { IsDateOnly, IsName, IsRegionCode, IsSearchText, IsText, IsUscc, NestedObject } from '../../common/validators.js';

export class AccreditationDto {
  @ApiProperty({ enum: ACCREDITATION_TYPES }) @IsIn(ACCREDITATION_TYPES) type: AccreditationType;
  @ApiProperty({ example: '201819123456' }) @IsName(64) number: string;
  @ApiProperty({ example: '2028-12-31', description: 'last valid day, YYYY-MM-DD' }) @IsDateOnly() validUntil: string;
}

export class BankAccountDto {
  @ApiProperty({ example: '中国工商银行金华分行' }) @IsName() bankName: string;
  @ApiProperty({ example: '金华检测技术有限公司' }) @IsName() accountName: string;
  @ApiProperty({ example: '1208010009200123456', description: 'kept verbatim, as text' })
  @IsString()
  @Matches(/^[0-9A-Za-z -]{4,64}$/, { message: 'accountNo must be 4-64 digits, letters, spaces or hyphens' })
  accountNo: string;
}

/** What describes a provider's offer and payment: POST /providers and a provider's registration (入库申请) take it alike. */
export class ProviderProfileDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() complexId?: string;

  @ApiProperty({ enum: CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CATEGORIES, { each: true })
  categories: Category[];

  @ApiProperty({ type: [AccreditationDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AccreditationDto)
  accreditations: AccreditationDto[];

  @ApiProperty({ type: BankAccountDto })
  @NestedObject(() => BankAccountDto)
  bankAccount: BankAccountDto;
}

export class CreateProviderRequest extends ProviderProfileDto {
  @ApiProperty({ example: '91330700MA2HXXXXXX' }) @IsUscc() uscc: string;
  @ApiProperty() @IsName() name: string;
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;

  @ApiPropertyOptional({ description: 'names the actual controller (实际控制人)' })
  @IsOptional()
  @IsName()
  controllerKey?: string;
}

export class ProviderStatusRequest {
  @ApiProperty({ enum: PROVIDER_STATUSES }) @IsIn(PROVIDER_STATUSES) status: ProviderStatus;
  @ApiProperty() @IsText() reason: string;
}

export class ProviderQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ enum: PROVIDER_STATUSES }) @IsOptional() @IsIn(PROVIDER_STATUSES) status?: ProviderStatus;
  @ApiPropertyOptional({ enum: CATEGORIES }) @IsOptional() @IsIn(CATEGORIES) category?: Category;
  @ApiPropertyOptional({ description: 'any part of the name or USCC', maxLength: 200 }) @IsSearchText() q?: string;
}
