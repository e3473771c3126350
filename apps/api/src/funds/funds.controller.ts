import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { FundsService } from '@ivl/funding';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Idempotent, Transactional, Tx } from '../common/transactional.js';
import { AllocationRequest, CreateFundRequest, FundQuery } from './dto/fund.request.js';
import { AllocationResponse, FundResponse } from './dto/fund.response.js';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: FundResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateFundRequest): Promise<FundResponse> {
    return FundResponse.from(await this.funds.create(manager, actor, body));
  }

  @Get()
  @ApiOkResponse({ type: [FundResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: FundQuery): Promise<FundResponse[]> {
    return (await this.funds.list(actor, query)).map((item) => FundResponse.from(item));
  }

  @Get(':id')
  @ApiOkResponse({ type: FundResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FundResponse> {
    return FundResponse.from(await this.funds.get(actor, id));
  }

  @Get(':id/allocations')
  @ApiOkResponse({ type: [AllocationResponse] })
  async allocations(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AllocationResponse[]> {
    return (await this.funds.allocations(actor, id)).map((item) => AllocationResponse.from(item));
  }

  @Post(':id/allocations')
  @Idempotent(201)
  @ApiCreatedResponse({ type: AllocationResponse })
  async allocate(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AllocationRequest,
  ): Promise<AllocationResponse> {
    return AllocationResponse.from(
      await this.funds.allocate(manager, actor, { fundId: id, amount: BigInt(body.amount), reference: body.reference }),
    );
  }
}
