import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@ivl/config';
import type { Actor } from '@ivl/core';
import { RegionsService } from '@ivl/registry';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Transactional, Tx } from '../common/transactional.js';
import { CreateRegionRequest, UpdateRegionRequest } from './dto/region.request.js';
import { RegionResponse } from './dto/region.response.js';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(
    private readonly regions: RegionsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: [RegionResponse] })
  async list(): Promise<RegionResponse[]> {
    return (await this.regions.list()).map((item) => RegionResponse.from(item, this.config.notices.paymentNoticeDays));
  }

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: RegionResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateRegionRequest): Promise<RegionResponse> {
    return RegionResponse.from(await this.regions.create(manager, actor, body), this.config.notices.paymentNoticeDays);
  }

  /** The city admin or the region's finance bureau: its payment notice days (兑付公示); a batch approved afterwards waits that long. */
  @Patch(':code')
  @Transactional()
  @ApiOkResponse({ type: RegionResponse })
  async update(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() body: UpdateRegionRequest,
  ): Promise<RegionResponse> {
    const region = await this.regions.setPaymentNoticeDays(manager, actor, code, body.paymentNoticeDays);
    return RegionResponse.from(region, this.config.notices.paymentNoticeDays);
  }
}
