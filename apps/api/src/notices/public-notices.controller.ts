import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { NoticesService } from '@ivl/notices';
import { Public } from '../common/auth.guard.js';
import { ObjectionRateLimit } from '../common/rate-limit.guard.js';
import { toDto } from '../common/to-dto.js';
import { Transactional, Tx } from '../common/transactional.js';
import { FileObjectionRequest, NoticeQuery } from './dto/notice.request.js';
import { FiledObjectionResponse, NoticeResponse } from './dto/notice.response.js';

/**
 * Public notice (公示), no token: providers before activation, vouchers issued, batches before
 * payment; anyone may object while a notice runs. Only what DOMAIN.md lists is public: no bank
 * accounts, no contacts, no voucher codes, no objectors' names or contacts.
 */
@ApiTags('public notices')
@Controller('public/notices')
export class PublicNoticesController {
  constructor(private readonly notices: NoticesService) {}

  /** Newest first, ended notices included (with their objections and outcomes); X-Total-Count is the total before the page. */
  @Public()
  @Get()
  @ApiOkResponse({ type: [NoticeResponse], headers: { 'X-Total-Count': { schema: { type: 'integer' } } } })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this address (Retry-After)' })
  async list(@Query() query: NoticeQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<NoticeResponse[]> {
    const { items, total } = await this.notices.list(query);
    void reply.header('X-Total-Count', String(total));
    return items.map((n) => NoticeResponse.from(n));
  }

  /** 404 unknown notice; 409 INVALID_STATE once it has ended; 400 when `itemRef` names no item of it. Limited per address. */
  @Public()
  @ObjectionRateLimit()
  @Post(':id/objections')
  @Transactional()
  @ApiCreatedResponse({ type: FiledObjectionResponse })
  @ApiTooManyRequestsResponse({ description: 'too many objections from this address (Retry-After)' })
  async file(
    @Tx() manager: EntityManager,
    @Param('id') id: string,
    @Body() body: FileObjectionRequest,
    @Req() request: FastifyRequest,
  ): Promise<FiledObjectionResponse> {
    const objection = await this.notices.file(manager, id, {
      name: body.name,
      contact: body.contact,
      text: body.text,
      ...(body.itemRef === undefined ? {} : { itemRef: body.itemRef }),
      address: request.ip,
    });
    return toDto(FiledObjectionResponse, { id: objection.id, status: objection.status });
  }
}
