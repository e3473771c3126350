import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ivl/core';
import { ApplicationsService } from '@ivl/vouchers';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { VoucherResponse } from '../vouchers/dto/voucher.response.js';
import { ApplicationQuery, ApproveRequest, CreateApplicationRequest, RejectRequest } from './dto/application.request.js';
import { ApplicationResponse } from './dto/application.response.js';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @ApiCreatedResponse({ type: ApplicationResponse })
  async apply(@CurrentActor() actor: Actor, @Body() body: CreateApplicationRequest): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.applications.apply(actor, { programId: body.programId, amount: BigInt(body.amount), purpose: body.purpose }));
  }

  @Get()
  @ApiOkResponse({ type: [ApplicationResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: ApplicationQuery): Promise<ApplicationResponse[]> {
    return (await this.applications.list(actor, query)).map((a) => ApplicationResponse.from(a));
  }

  @Get(':id')
  @ApiOkResponse({ type: ApplicationResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.applications.get(actor, id));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ApplicationResponse })
  async approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ApproveRequest): Promise<ApplicationResponse> {
    const { application, voucher } = await this.applications.approve(actor, id, body.comment ?? null);
    return ApplicationResponse.from(application, voucher && VoucherResponse.from(voucher));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: ApplicationResponse })
  async reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RejectRequest): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.applications.reject(actor, id, body.reason));
  }
}
