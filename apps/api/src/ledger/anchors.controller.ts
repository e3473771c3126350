import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ChainService } from '@ivl/chain';
import { Public } from '../common/auth.guard.js';
import { toDto } from '../common/to-dto.js';
import { AnchorsQuery } from './dto/anchors.request.js';
import { AnchorResponse } from './dto/anchors.response.js';

/** The published anchors of the hash chain (账本锚点): no token, limited per address like every public route. */
@ApiTags('ledger')
@Controller('public/ledger-anchors')
export class AnchorsController {
  constructor(private readonly chain: ChainService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: [AnchorResponse] })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this address (Retry-After)' })
  async list(@Query() query: AnchorsQuery): Promise<AnchorResponse[]> {
    return (await this.chain.anchors(query.from, query.to)).map((a) => toDto(AnchorResponse, a));
  }
}
