import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@ivl/core';
import { type Account, USER_STATUSES, type UserStatus } from '@ivl/identity';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional() regionCode?: string;
  @ApiPropertyOptional({ format: 'uuid' }) providerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) enterpriseId?: string;
  @ApiProperty({ enum: USER_STATUSES }) status: UserStatus;
  @ApiProperty({ description: 'a temporary password is in use: it must be changed (POST /auth/password) before anything else' })
  mustChangePassword: boolean;

  static from(account: Account): UserResponse {
    const { userId, ...rest } = account;
    return Object.assign(new UserResponse(), { id: userId, ...rest });
  }
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({
    description: 'logged in with a temporary password: only POST /auth/password and GET /users/me answer until it is changed',
  })
  mustChangePassword: boolean;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}
