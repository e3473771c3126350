import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ROLES, type Role } from '@ivl/core';
import { USER_STATUSES, type UserStatus } from '@ivl/identity';
import { PageQuery } from '../../common/page.query.js';
import { IsRegionCode, IsSearchText } from '../../common/validators.js';

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;

  @ApiPropertyOptional({ description: "the user's region, or its enterprise's or provider's" })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES }) @IsOptional() @IsIn(USER_STATUSES) status?: UserStatus;

  @ApiPropertyOptional({ description: "any part of the username or of its enterprise's or provider's name", maxLength: 200 })
  @IsSearchText()
  q?: string;
}
