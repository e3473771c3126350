import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { ApplicationsService } from '@ivl/vouchers';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TOTAL_COUNT_HEADER, withTotalCount } from '../common/total-count.js';
import { Transactional, Tx } from '../common/transactional.js';
import { VoucherResponse } from '../vouchers/dto/voucher.response.js';
import { ApplicationQuery, ApproveRequest, CreateApplicationRequest, RejectRequest } from './dto/application.request.js';
import { ApplicationResponse } from './dto/application.response.js';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: ApplicationResponse })
  async apply(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Body() body: CreateApplicationRequest,
  ): Promise<ApplicationResponse> {
    return ApplicationResponse.from(
      await this.applications.apply(manager, actor, {
        programId: body.programId,
        amount: BigInt(body.amount),
        purpose: body.purpose,
        documentIds: body.documentIds ?? [],
      }),
    );
  }

  @Get()
  @ApiOkResponse({ type: [ApplicationResponse], headers: TOTAL_COUNT_HEADER })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ApplicationQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationResponse[]> {
    return withTotalCount(reply, await this.applications.list(actor, query), (a) => ApplicationResponse.from(a));
  }

  @Get(':id')
  @ApiOkResponse({ type: ApplicationResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.applications.get(actor, id));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ApplicationResponse })
  async approve(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ApproveRequest,
  ): Promise<ApplicationResponse> {
    const { application, voucher } = await this.applications.approve(manager, actor, { id, comment: body.comment ?? null });
    return ApplicationResponse.from(application, voucher && VoucherResponse.from(voucher));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ApplicationResponse })
  async reject(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RejectRequest,
  ): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.applications.reject(manager, actor, { id, reason: body.reason }));
  }
}
