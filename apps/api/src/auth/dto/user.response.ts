import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Actor, ROLES, type Role } from '@ivl/core';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional() regionCode?: string;
  @ApiPropertyOptional({ format: 'uuid' }) providerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) enterpriseId?: string;

  static from(actor: Actor): UserResponse {
    const { userId, ...rest } = actor;
    return Object.assign(new UserResponse(), { id: userId, ...rest });
  }
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}
