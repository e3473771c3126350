import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { ComplexesService } from '@ivl/registry';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Transactional, Tx } from '../common/transactional.js';
import { ComplexQuery, CreateComplexRequest } from './dto/complex.request.js';
import { ComplexResponse } from './dto/complex.response.js';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('complexes')
export class ComplexesController {
  constructor(private readonly complexes: ComplexesService) {}

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: ComplexResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateComplexRequest): Promise<ComplexResponse> {
    return ComplexResponse.from(await this.complexes.create(manager, actor, body));
  }

  @Get()
  @ApiOkResponse({ type: [ComplexResponse] })
  async list(@Query() query: ComplexQuery): Promise<ComplexResponse[]> {
    return (await this.complexes.list(query)).map((item) => ComplexResponse.from(item));
  }
}
