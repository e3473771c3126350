import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { NoticesService } from '@ivl/notices';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { toDto } from '../common/to-dto.js';
import { Transactional, Tx } from '../common/transactional.js';
import { DecideObjectionRequest, ObjectionQuery } from './dto/notice.request.js';
import { ObjectionPage, ObjectionResponse } from './dto/notice.response.js';

/**
 * Objections (异议) for the reviewing offices: the city admin (providers on notice), the officer of
 * the issuing region (vouchers), the finance bureau of the batch's region (payment lines); auditors
 * read them all. Each decision has its effect in the same transaction and is public.
 */
@ApiTags('public notices')
@ApiBearerAuth()
@Controller('objections')
export class ObjectionsController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOkResponse({ type: ObjectionPage })
  async list(@CurrentActor() actor: Actor, @Query() query: ObjectionQuery): Promise<ObjectionPage> {
    const { items, total } = await this.notices.listObjections(actor, query);
    return toDto(ObjectionPage, { items: items.map((o) => ObjectionResponse.fromObjection(o)), total });
  }

  /** Upholds it: the provider is refused, the voucher revoked, or the payment line returned. 409 once decided. */
  @Post(':id/uphold')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ObjectionResponse })
  async uphold(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecideObjectionRequest,
  ): Promise<ObjectionResponse> {
    return ObjectionResponse.fromObjection(await this.notices.decide(manager, actor, id, 'upheld', body.reason));
  }

  /** Dismisses it; a provider whose notice has ended (and no other objection holds) becomes active at once. 409 once decided. */
  @Post(':id/dismiss')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ObjectionResponse })
  async dismiss(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecideObjectionRequest,
  ): Promise<ObjectionResponse> {
    return ObjectionResponse.fromObjection(await this.notices.decide(manager, actor, id, 'dismissed', body.reason));
  }
}
