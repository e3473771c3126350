import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { EnterprisesService } from '@ivl/registry';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TOTAL_COUNT_HEADER, withTotalCount } from '../common/total-count.js';
import { Transactional, Tx } from '../common/transactional.js';
import { CreateEnterpriseRequest, EnterpriseQuery } from './dto/enterprise.request.js';
import { EnterpriseResponse } from './dto/enterprise.response.js';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: EnterpriseResponse })
  async create(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Body() body: CreateEnterpriseRequest,
  ): Promise<EnterpriseResponse> {
    return EnterpriseResponse.from(await this.enterprises.create(manager, actor, body));
  }

  @Get()
  @ApiOkResponse({ type: [EnterpriseResponse], headers: TOTAL_COUNT_HEADER })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: EnterpriseQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnterpriseResponse[]> {
    return withTotalCount(reply, await this.enterprises.list(actor, query), (item) => EnterpriseResponse.from(item));
  }

  @Get(':id')
  @ApiOkResponse({ type: EnterpriseResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EnterpriseResponse> {
    return EnterpriseResponse.from(await this.enterprises.get(actor, id));
  }
}
