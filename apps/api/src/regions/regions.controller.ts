import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { RegionsService } from '@ivl/registry';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Transactional, Tx } from '../common/transactional.js';
import { CreateRegionRequest } from './dto/region.request.js';
import { RegionResponse } from './dto/region.response.js';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOkResponse({ type: [RegionResponse] })
  async list(): Promise<RegionResponse[]> {
    return (await this.regions.list()).map((item) => RegionResponse.from(item));
  }

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: RegionResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateRegionRequest): Promise<RegionResponse> {
    return RegionResponse.from(await this.regions.create(manager, actor, body));
  }
}
