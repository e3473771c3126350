import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CatalogService } from '@ivl/catalog';
import { Public } from '../common/auth.guard.js';
import { toDto } from '../common/to-dto.js';
import { DirectoryQuery } from './dto/service.request.js';
import { DirectoryPage, DirectoryProviderResponse } from './dto/service.response.js';

/**
 * The public directory of providers (服务机构库): no token; like every public route it is limited
 * per address. Only active providers, with their published products and their rating.
 */
@ApiTags('directory')
@Controller('directory/providers')
export class DirectoryController {
  constructor(private readonly catalog: CatalogService) {}

  /** Ordered by relevance (the provider's name matches `q`, then a product's name), then rating, then name. */
  @Public()
  @Get()
  @ApiOkResponse({ type: DirectoryPage })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this address (Retry-After)' })
  async search(@Query() query: DirectoryQuery): Promise<DirectoryPage> {
    const { items, total } = await this.catalog.searchDirectory(query);
    return toDto(DirectoryPage, { items: items.map((p) => DirectoryProviderResponse.from(p)), total });
  }

  /** One active provider; any other (unknown, on notice, suspended): 404. */
  @Public()
  @Get(':id')
  @ApiOkResponse({ type: DirectoryProviderResponse })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this address (Retry-After)' })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<DirectoryProviderResponse> {
    return DirectoryProviderResponse.from(await this.catalog.directoryProvider(id));
  }
}
