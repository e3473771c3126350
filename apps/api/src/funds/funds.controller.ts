import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@ivl/core';
import { FundsService } from '@ivl/funding';
import { IdempotencyService } from '@ivl/idempotency';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { answerIdempotently, IdempotencyKey } from '../common/idempotency-key.js';
import { AllocationRequest, CreateFundRequest, FundQuery } from './dto/fund.request.js';
import { AllocationResponse, FundResponse } from './dto/fund.response.js';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: FundResponse })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateFundRequest): Promise<FundResponse> {
    return FundResponse.from(await this.funds.create(actor, body));
  }

  @Get()
  @ApiOkResponse({ type: [FundResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: FundQuery): Promise<FundResponse[]> {
    return (await this.funds.list(actor, query)).map(FundResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: FundResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FundResponse> {
    return FundResponse.from(await this.funds.get(actor, id));
  }

  @Get(':id/allocations')
  @ApiOkResponse({ type: [AllocationResponse] })
  async allocations(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AllocationResponse[]> {
    return (await this.funds.allocations(actor, id)).map(AllocationResponse.from);
  }

  @Post(':id/allocations')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: AllocationResponse })
  allocate(
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AllocationRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return answerIdempotently(this.idempotency, reply, { actor, key, scope: `POST /funds/${id}/allocations`, body, status: 201 }, async (manager) =>
      AllocationResponse.from(await this.funds.allocate(manager, actor, id, { amount: BigInt(body.amount), reference: body.reference })),
    );
  }
}
