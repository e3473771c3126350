import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { CatalogService } from '@ivl/catalog';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Transactional, Tx } from '../common/transactional.js';
import { ChangeServiceRequest, CreateServiceRequest, ServiceQuery } from './dto/service.request.js';
import { ServiceResponse } from './dto/service.response.js';

/**
 * Service products (服务产品): an active provider's clerk publishes, changes and withdraws its own;
 * the public reads them through the directory.
 */
@ApiTags('services')
@ApiBearerAuth()
@Controller('services')
export class ServicesController {
  constructor(private readonly catalog: CatalogService) {}

  /** An active provider (notice / suspended: 409); a category it does not cover: 422 CATEGORY_NOT_ELIGIBLE. */
  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: ServiceResponse })
  async publish(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateServiceRequest): Promise<ServiceResponse> {
    const service = await this.catalog.publish(manager, actor, {
      name: body.name,
      category: body.category,
      description: body.description,
      priceFrom: BigInt(body.priceFrom),
      priceTo: body.priceTo === undefined ? null : BigInt(body.priceTo),
      unit: body.unit,
      turnaroundDays: body.turnaroundDays ?? null,
    });
    return ServiceResponse.from(service);
  }

  /** The provider's own products, newest first. */
  @Get()
  @ApiOkResponse({ type: [ServiceResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: ServiceQuery): Promise<ServiceResponse[]> {
    return (await this.catalog.listOwn(actor, query.status)).map((s) => ServiceResponse.from(s));
  }

  /** Its provider, while active and the product published; the fields given replace the old ones. */
  @Patch(':id')
  @Transactional()
  @ApiOkResponse({ type: ServiceResponse })
  async change(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeServiceRequest,
  ): Promise<ServiceResponse> {
    const service = await this.catalog.change(manager, actor, id, {
      name: body.name,
      category: body.category,
      description: body.description,
      priceFrom: body.priceFrom === undefined ? undefined : BigInt(body.priceFrom),
      priceTo: body.priceTo === undefined ? undefined : BigInt(body.priceTo),
      unit: body.unit,
      turnaroundDays: body.turnaroundDays,
    });
    return ServiceResponse.from(service);
  }

  /** Out of the directory; orders already taken keep it. Withdrawn already: 409. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ServiceResponse })
  async withdraw(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ServiceResponse> {
    return ServiceResponse.from(await this.catalog.withdraw(manager, actor, id));
  }
}
