import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH, ROLES, type Role } from '@ivl/core';
import { IsRegionCode } from '../../common/validators.js';

export class CreateUserRequest {
  @ApiProperty({ example: 'wucheng-officer' })
  @IsString()
  @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'username must be 3-64 letters, digits or ._@-' })
  username: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: 'at least 10 characters, not the username, not a common password' })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: '330702' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  providerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;
}
