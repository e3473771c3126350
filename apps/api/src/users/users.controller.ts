import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { AccountsService, IdentityService } from '@ivl/identity';
import { UserResponse } from '../auth/dto/user.response.js';
import { OpenDuringPasswordChange, OpenToApplicants } from '../common/auth.guard.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TOTAL_COUNT_HEADER, withTotalCount } from '../common/total-count.js';
import { Transactional, Tx } from '../common/transactional.js';
import { CreateUserRequest } from './dto/create-user.request.js';
import { PasswordResetResponse } from './dto/password-reset.response.js';
import { UserQuery } from './dto/user-query.request.js';
import { toDto } from '../common/to-dto.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly identity: IdentityService,
    private readonly accounts: AccountsService,
  ) {}

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateUserRequest): Promise<UserResponse> {
    return UserResponse.from(await this.identity.createUser(manager, actor, body));
  }

  @Get()
  @ApiOkResponse({ type: [UserResponse], headers: TOTAL_COUNT_HEADER })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: UserQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResponse[]> {
    return withTotalCount(reply, await this.accounts.list(actor, query), (item) => UserResponse.from(item));
  }

  @Get('me')
  @OpenDuringPasswordChange()
  @OpenToApplicants()
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    return UserResponse.from(await this.identity.me(actor));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: UserResponse })
  async disable(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.accounts.disable(manager, actor, id));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: UserResponse })
  async enable(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.accounts.enable(manager, actor, id));
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: PasswordResetResponse })
  async resetPassword(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PasswordResetResponse> {
    return toDto(PasswordResetResponse, await this.accounts.resetPassword(manager, actor, id));
  }
}
