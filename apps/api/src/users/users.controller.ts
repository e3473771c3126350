import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ivl/core';
import { IdentityService } from '@ivl/identity';
import { UserResponse } from '../auth/dto/user.response.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { PageQuery } from '../common/page.query.js';
import { CreateUserRequest } from './dto/create-user.request.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly identity: IdentityService) {}

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserRequest): Promise<UserResponse> {
    return UserResponse.from(await this.identity.createUser(actor, body));
  }

  @Get()
  @ApiOkResponse({ type: [UserResponse] })
  async list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<UserResponse[]> {
    return (await this.identity.listUsers(actor, page.limit, page.offset)).map(UserResponse.from);
  }
}
