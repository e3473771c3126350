import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ivl/core';
import { IdentityService } from '@ivl/identity';
import { Public } from '../common/auth.guard.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { LoginRateLimit } from '../common/rate-limit.guard.js';
import { LoginRequest } from './dto/login.request.js';
import { LoginResponse, UserResponse } from './dto/user.response.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @LoginRateLimit()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  async login(@Body() body: LoginRequest): Promise<LoginResponse> {
    const { accessToken, user } = await this.identity.login(body.username, body.password);
    return { accessToken, user: UserResponse.from(user) };
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentActor() actor: Actor): UserResponse {
    return UserResponse.from(actor);
  }
}
