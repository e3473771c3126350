import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import { ClaimsService } from '@ivl/claims';
import type { Actor } from '@ivl/core';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TOTAL_COUNT_HEADER, withTotalCount } from '../common/total-count.js';
import { Idempotent, Transactional, Tx } from '../common/transactional.js';
import { ClaimQuery, CreateClaimRequest, RejectClaimRequest } from './dto/claim.request.js';
import { ClaimResponse } from './dto/claim.response.js';

@ApiTags('claims')
@ApiBearerAuth()
@Controller('claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post()
  @Idempotent(201)
  @ApiCreatedResponse({ type: ClaimResponse })
  async submit(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateClaimRequest): Promise<ClaimResponse> {
    const claim = await this.claims.submit(manager, actor, {
      redemptionIds: body.redemptionIds,
      invoice: { number: body.invoice.number, date: body.invoice.date, amount: BigInt(body.invoice.amount) },
      documentIds: body.documentIds,
    });
    return ClaimResponse.from(claim);
  }

  @Get()
  @ApiOkResponse({ type: [ClaimResponse], headers: TOTAL_COUNT_HEADER })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ClaimQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimResponse[]> {
    return withTotalCount(reply, await this.claims.list(actor, query), (item) => ClaimResponse.from(item));
  }

  @Get(':id')
  @ApiOkResponse({ type: ClaimResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ClaimResponse> {
    return ClaimResponse.from(await this.claims.get(actor, id));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ClaimResponse })
  async approve(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClaimResponse> {
    return ClaimResponse.from(await this.claims.approve(manager, actor, { id }));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ClaimResponse })
  async reject(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RejectClaimRequest,
  ): Promise<ClaimResponse> {
    return ClaimResponse.from(await this.claims.reject(manager, actor, { id, reason: body.reason }));
  }
}
