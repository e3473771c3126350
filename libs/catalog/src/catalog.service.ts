import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PublishedService } from './catalog.types.js';
import { ServiceRepository } from './service.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Service products (服务产品) and the public directory (服务机构库). */
@Injectable()
export class CatalogService {
  constructor(private readonly services: ServiceRepository) {}

  /**
   * A published service product, or undefined when unknown or withdrawn: what the orders lib asks
   * before it takes an order, in its own transaction.
   */
  async findPublished(manager: EntityManager, serviceId: string): Promise<PublishedService | undefined> {
    if (!UUID.test(serviceId)) return undefined;
    return this.services.findPublished(manager, serviceId);
  }
}
