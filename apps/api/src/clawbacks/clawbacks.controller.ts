import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { ClawbacksService } from '@ivl/clawbacks';
import type { Actor } from '@ivl/core';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { toDto } from '../common/to-dto.js';
import { Transactional, Tx } from '../common/transactional.js';
import { ClawbackQuery, CreateClawbackRequest, RecoverClawbackRequest } from './dto/clawback.request.js';
import { ClawbackPage, ClawbackResponse } from './dto/clawback.response.js';

/**
 * Clawback (追回): an auditor or the city admin claws back a paid redemption (its subsidy becomes
 * recoverable from the provider, per funding fund); the finance bureau of each funding region records
 * the provider's repayment of its fund's part.
 */
@ApiTags('clawbacks')
@ApiBearerAuth()
@Controller()
export class ClawbacksController {
  constructor(private readonly clawbacks: ClawbacksService) {}

  /** Auditors, the city admin; 409 INVALID_STATE unless the redemption's settlement line is paid, or when clawed back already. */
  @Post('redemptions/:id/clawback')
  @Transactional()
  @ApiCreatedResponse({ type: ClawbackResponse })
  async create(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateClawbackRequest,
  ): Promise<ClawbackResponse> {
    return ClawbackResponse.from(await this.clawbacks.create(manager, actor, id, body));
  }

  /** The finance bureau of a funding region: its region's parts are recovered (409 if they are already). */
  @Post('clawbacks/:id/recover')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ClawbackResponse })
  async recover(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecoverClawbackRequest,
  ): Promise<ClawbackResponse> {
    return ClawbackResponse.from(await this.clawbacks.recover(manager, actor, id, body));
  }

  /** Auditors and the city admin: all; finance and officers: those with a part of their region's funds; a provider: its own. */
  @Get('clawbacks')
  @ApiOkResponse({ type: ClawbackPage })
  async list(@CurrentActor() actor: Actor, @Query() query: ClawbackQuery): Promise<ClawbackPage> {
    const { items, total } = await this.clawbacks.list(actor, query);
    return toDto(ClawbackPage, { items: items.map((c) => ClawbackResponse.from(c)), total });
  }

  @Get('clawbacks/:id')
  @ApiOkResponse({ type: ClawbackResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ClawbackResponse> {
    return ClawbackResponse.from(await this.clawbacks.get(actor, id));
  }
}
