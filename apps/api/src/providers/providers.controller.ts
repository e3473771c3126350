import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { type Provider, ProvidersService } from '@ivl/registry';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TOTAL_COUNT_HEADER, withTotalCount } from '../common/total-count.js';
import { Transactional, Tx } from '../common/transactional.js';
import { CreateProviderRequest, ProviderQuery, ProviderStatusRequest } from './dto/create-provider.request.js';
import { ProviderResponse } from './dto/provider.response.js';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: ProviderResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateProviderRequest): Promise<ProviderResponse> {
    return this.present(actor, await this.providers.create(manager, actor, body));
  }

  @Get()
  @ApiOkResponse({ type: [ProviderResponse], headers: TOTAL_COUNT_HEADER })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ProviderQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProviderResponse[]> {
    const { items, total } = await this.providers.list(query);
    return withTotalCount(reply, { items: await this.providers.asSeenBy(actor, items), total }, (item) => ProviderResponse.from(item));
  }

  @Get(':id')
  @ApiOkResponse({ type: ProviderResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ProviderResponse> {
    return this.present(actor, await this.providers.get(id));
  }

  @Post(':id/status')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ProviderResponse })
  async changeStatus(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ProviderStatusRequest,
  ): Promise<ProviderResponse> {
    return this.present(actor, await this.providers.changeStatus(manager, actor, { id, status: body.status, reason: body.reason }));
  }

  private async present(actor: Actor, provider: Provider): Promise<ProviderResponse> {
    const [seen] = await this.providers.asSeenBy(actor, [provider]);
    return ProviderResponse.from(seen);
  }
}
