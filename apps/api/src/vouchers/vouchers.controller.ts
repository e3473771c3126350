import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { type Actor, mayTake } from '@ivl/core';
import { VouchersService } from '@ivl/vouchers';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { Transactional, Tx } from '../common/transactional.js';
import { RevokeRequest, VoucherQuery } from './dto/voucher.request.js';
import { ProviderVoucherResponse, VoucherResponse } from './dto/voucher.response.js';

@ApiTags('vouchers')
@ApiBearerAuth()
@ApiExtraModels(ProviderVoucherResponse)
@Controller('vouchers')
export class VouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Get()
  @ApiOkResponse({ type: [VoucherResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: VoucherQuery): Promise<VoucherResponse[]> {
    return (await this.vouchers.list(actor, query)).map((item) => VoucherResponse.from(item));
  }

  @Get(':code')
  @ApiOkResponse({
    description: 'a VoucherResponse; to a provider, a ProviderVoucherResponse',
    schema: { oneOf: [{ $ref: getSchemaPath(VoucherResponse) }, { $ref: getSchemaPath(ProviderVoucherResponse) }] },
  })
  async get(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<VoucherResponse | ProviderVoucherResponse> {
    const voucher = await this.vouchers.get(actor, code);
    return mayTake(actor, 'voucher.read-holder-details') ? VoucherResponse.from(voucher) : ProviderVoucherResponse.from(voucher);
  }

  @Get(':code/qr.svg')
  @Header('content-type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  qr(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<string> {
    return this.vouchers.qrSvg(actor, code);
  }

  @Post(':code/revoke')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: VoucherResponse })
  async revoke(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() body: RevokeRequest,
  ): Promise<VoucherResponse> {
    return VoucherResponse.from(await this.vouchers.revoke(manager, actor, { code, reason: body.reason }));
  }
}
