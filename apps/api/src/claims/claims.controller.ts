import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClaimsService } from '@ivl/claims';
import type { Actor } from '@ivl/core';
import { IdempotencyService } from '@ivl/idempotency';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { answerIdempotently, IdempotencyKey } from '../common/idempotency-key.js';
import { ClaimQuery, CreateClaimRequest, RejectClaimRequest } from './dto/claim.request.js';
import { ClaimResponse } from './dto/claim.response.js';

@ApiTags('claims')
@ApiBearerAuth()
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: ClaimResponse })
  submit(
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string,
    @Body() body: CreateClaimRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return answerIdempotently(this.idempotency, reply, { actor, key, scope: 'POST /claims', body, status: 201 }, async (manager) =>
      ClaimResponse.from(
        await this.claims.submit(manager, actor, {
          redemptionIds: body.redemptionIds,
          invoice: { number: body.invoice.number, date: body.invoice.date, amount: BigInt(body.invoice.amount) },
        }),
      ),
    );
  }

  @Get()
  @ApiOkResponse({ type: [ClaimResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: ClaimQuery): Promise<ClaimResponse[]> {
    return (await this.claims.list(actor, query)).map(ClaimResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: ClaimResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ClaimResponse> {
    return ClaimResponse.from(await this.claims.get(actor, id));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ClaimResponse })
  async approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ClaimResponse> {
    return ClaimResponse.from(await this.claims.approve(actor, id));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: ClaimResponse })
  async reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RejectClaimRequest): Promise<ClaimResponse> {
    return ClaimResponse.from(await this.claims.reject(actor, id, body.reason));
  }
}
