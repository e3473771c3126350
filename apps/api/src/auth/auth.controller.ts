import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { IdentityService } from '@ivl/identity';
import { OpenDuringPasswordChange, OpenToApplicants, Public } from '../common/auth.guard.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { LoginRateLimit, loginFailuresKey } from '../common/rate-limit.guard.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { Transactional, Tx } from '../common/transactional.js';
import { ChangePasswordRequest } from './dto/change-password.request.js';
import { LoginRequest } from './dto/login.request.js';
import { LoginResponse, UserResponse } from './dto/user.response.js';
import { toDto } from '../common/to-dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly identity: IdentityService,
    private readonly limiter: RateLimiter,
  ) {}

  @Public()
  @LoginRateLimit()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  async login(@Body() body: LoginRequest, @Req() request: FastifyRequest): Promise<LoginResponse> {
    const { accessToken, user } = await this.identity.login(body.username, body.password);
    // The guard counted this attempt as a failure of its address; it was not one.
    await this.limiter.refund(loginFailuresKey(request.ip));
    return toDto(LoginResponse, { accessToken, mustChangePassword: user.mustChangePassword, user: UserResponse.from(user) });
  }

  /** Ends every session of the user, this one included: the user logs in again with the new password. */
  @ApiBearerAuth()
  @OpenDuringPasswordChange()
  @OpenToApplicants()
  @Post('password')
  @HttpCode(204)
  @Transactional()
  @ApiNoContentResponse()
  async changePassword(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: ChangePasswordRequest): Promise<void> {
    await this.identity.changePassword(manager, actor, { currentPassword: body.currentPassword, newPassword: body.newPassword });
  }
}
