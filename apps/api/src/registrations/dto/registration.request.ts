import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '@ivl/core';
import { REGISTRATION_KINDS, REGISTRATION_STATUSES, type RegistrationKind, type RegistrationStatus } from '@ivl/registration';
import { PageQuery } from '../../common/page.query.js';
import { IsName, IsRegionCode, IsText, IsUscc, NestedObject } from '../../common/validators.js';
import { ProviderProfileDto } from '../../providers/dto/create-provider.request.js';

/** A mainland mobile number, 11 digits from 13x to 19x. */
const MOBILE = /^1[3-9]\d{9}$/;

/** What a provider adds to its registration (入库申请): as POST /providers takes it. */
export class ProviderRegistrationDto extends ProviderProfileDto {}

export class SignUpRequest {
  @ApiProperty({ enum: REGISTRATION_KINDS }) @IsIn(REGISTRATION_KINDS) kind: RegistrationKind;

  @ApiProperty({ example: 'jinhua-wujin' })
  @IsString()
  @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'username must be 3-64 letters, digits or ._@-' })
  username: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: 'at least 10 characters, not the username, not a common password' })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: '91330702MA2XXXXXXX' }) @IsUscc() uscc: string;
  @ApiProperty({ example: '金华市某某五金制品有限公司' }) @IsName() name: string;
  @ApiProperty({ example: '330702' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ description: '法定代表人', example: '张伟' }) @IsName() legalRepresentative: string;
  @ApiProperty({ description: '联系人', example: '李娜' }) @IsName() contactName: string;
  @ApiProperty({ description: 'mainland mobile number', example: '13905790000' })
  @IsString()
  @Matches(MOBILE, { message: 'contactPhone must be an 11-digit mobile number' })
  contactPhone: string;
  @ApiProperty({ example: '浙江省金华市婺城区某某路 88 号' }) @IsText() address: string;

  @ApiPropertyOptional({ type: ProviderRegistrationDto, description: 'required for kind provider, absent for enterprise' })
  @IsOptional()
  @NestedObject(() => ProviderRegistrationDto)
  provider?: ProviderRegistrationDto;
}

/** A resubmission after a rejection: the fields to correct (the others stay as they were). */
export class ResubmitRequest {
  @ApiPropertyOptional() @IsOptional() @IsUscc() uscc?: string;
  @ApiPropertyOptional() @IsOptional() @IsName() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsName() legalRepresentative?: string;
  @ApiPropertyOptional() @IsOptional() @IsName() contactName?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(MOBILE, { message: 'contactPhone must be an 11-digit mobile number' })
  contactPhone?: string;
  @ApiPropertyOptional() @IsOptional() @IsText() address?: string;
  @ApiPropertyOptional({ type: ProviderRegistrationDto, description: 'a provider registration: its whole provider part, replaced' })
  @IsOptional()
  @NestedObject(() => ProviderRegistrationDto)
  provider?: ProviderRegistrationDto;
}

export class AttachDocumentsRequest {
  @ApiProperty({ type: [String], format: 'uuid', description: 'documents uploaded by the applicant (POST /documents)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  documentIds: string[];
}

export class ApproveRegistrationRequest {
  @ApiPropertyOptional() @IsOptional() @IsText() comment?: string;
}

export class RejectRegistrationRequest {
  @ApiProperty({ example: '营业执照照片不清晰，请重新上传' }) @IsText() reason: string;
}

export class RegistrationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @IsOptional() @IsIn(REGISTRATION_STATUSES) status?: RegistrationStatus;
  @ApiPropertyOptional({ enum: REGISTRATION_KINDS }) @IsOptional() @IsIn(REGISTRATION_KINDS) kind?: RegistrationKind;
  @ApiPropertyOptional({ description: 'any part of the name or USCC' }) @IsOptional() @IsName() q?: string;
}
