import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, Clock, DomainError, ErrorCode, requireAccess, requireRole, scopeOf, shanghaiDate } from '@ivl/core';
import type {
  DirectoryFilter,
  DirectoryProvider,
  NewService,
  PublishedService,
  Service,
  ServiceChanges,
  ServiceStatus,
} from './catalog.types.js';
import { DirectoryRepository } from './directory.repository.js';
import { type ProviderTerms, type ServiceFields, ServiceRepository } from './service.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Service products (服务产品) and the public directory (服务机构库). */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly services: ServiceRepository,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * A published service product, or undefined when unknown or withdrawn: what the orders lib asks
   * before it takes an order, in its own transaction.
   */
  async findPublished(manager: EntityManager, serviceId: string): Promise<PublishedService | undefined> {
    if (!UUID.test(serviceId)) return undefined;
    return this.services.findPublished(manager, serviceId);
  }

  /** An active provider publishes a product in a category it covers. */
  async publish(manager: EntityManager, actor: Actor, input: NewService): Promise<Service> {
    requireRole(actor, 'service.publish');
    const providerId = ownProviderOf(actor);
    const provider = await this.activeProvider(manager, providerId);
    const fields: ServiceFields = {
      name: input.name,
      category: input.category,
      description: input.description,
      priceFrom: input.priceFrom,
      priceTo: input.priceTo ?? null,
      unit: input.unit,
      turnaroundDays: input.turnaroundDays ?? null,
    };
    checkFields(fields, provider);
    const service = await this.services.insert(manager, providerId, actor.userId, fields, this.clock.now());
    await this.audit.record(manager, actor, {
      entityType: 'service',
      entityId: service.id,
      action: 'publish',
      toState: 'published',
      scope: { regionCode: provider.regionCode, providerId },
      data: { name: service.name, category: service.category },
    });
    return service;
  }

  /** Its provider, while active, changes a published product (the fields given; `priceTo: null` drops the upper price). */
  async change(manager: EntityManager, actor: Actor, id: string, changes: ServiceChanges): Promise<Service> {
    const service = await this.lockOwn(manager, actor, id);
    const provider = await this.activeProvider(manager, service.providerId);
    if (service.status !== 'published') throw DomainError.invalidState('a withdrawn service is not changed; publish a new one');
    const fields: ServiceFields = {
      name: changes.name ?? service.name,
      category: changes.category ?? service.category,
      description: changes.description ?? service.description,
      priceFrom: changes.priceFrom ?? service.priceFrom,
      priceTo: changes.priceTo === undefined ? service.priceTo : changes.priceTo,
      unit: changes.unit ?? service.unit,
      turnaroundDays: changes.turnaroundDays === undefined ? service.turnaroundDays : changes.turnaroundDays,
    };
    checkFields(fields, provider, fields.category !== service.category);
    const changed = await this.services.update(manager, id, fields, this.clock.now());
    await this.audit.record(manager, actor, {
      entityType: 'service',
      entityId: id,
      action: 'change',
      fromState: service.status,
      toState: changed.status,
      scope: { regionCode: provider.regionCode, providerId: service.providerId },
      data: { changed: Object.keys(changes).filter((key) => changes[key as keyof ServiceChanges] !== undefined) },
    });
    return changed;
  }

  /**
   * Its provider takes a product out of the directory, whatever the provider's own status (a
   * suspended provider may still take its offers down); orders already taken keep it. Twice → 409.
   */
  async withdraw(manager: EntityManager, actor: Actor, id: string): Promise<Service> {
    const service = await this.lockOwn(manager, actor, id);
    if (service.status === 'withdrawn') throw DomainError.invalidState('the service is withdrawn already');
    const provider = await this.services.lockProvider(manager, service.providerId);
    const withdrawn = await this.services.markWithdrawn(manager, id, this.clock.now());
    await this.audit.record(manager, actor, {
      entityType: 'service',
      entityId: id,
      action: 'withdraw',
      fromState: 'published',
      toState: 'withdrawn',
      scope: { regionCode: provider?.regionCode ?? null, providerId: service.providerId },
    });
    return withdrawn;
  }

  /** The caller's own products (a provider's clerk), withdrawn ones included unless `status` says otherwise. */
  async listOwn(actor: Actor, status?: ServiceStatus): Promise<Service[]> {
    const scope = scopeOf(actor, 'service.read');
    if (scope.kind !== 'provider') throw DomainError.forbidden('only a provider lists its own services');
    return this.services.listOfProvider(this.dataSource.manager, scope.providerId, status);
  }

  /** The public directory: active providers only, no token needed. */
  searchDirectory(filter: DirectoryFilter): Promise<{ items: DirectoryProvider[]; total: number }> {
    return this.directory.search(this.dataSource.manager, filter, shanghaiDate(this.clock.now()));
  }

  /** One active provider of the public directory; 404 for any other (unknown, on notice, suspended). */
  async directoryProvider(providerId: string): Promise<DirectoryProvider> {
    const provider = await this.directory.findActive(this.dataSource.manager, providerId);
    if (!provider) throw DomainError.notFound('provider');
    return provider;
  }

  private async lockOwn(manager: EntityManager, actor: Actor, id: string): Promise<Service> {
    requireRole(actor, 'service.publish');
    const service = await this.services.lockById(manager, id);
    if (!service) throw DomainError.notFound('service');
    requireAccess(actor, 'service.publish', { providerId: service.providerId }, 'service');
    return service;
  }

  private async activeProvider(manager: EntityManager, providerId: string): Promise<ProviderTerms> {
    const provider = await this.services.lockProvider(manager, providerId);
    if (!provider) throw DomainError.notFound('provider');
    if (provider.status !== 'active') {
      throw DomainError.invalidState(`only an active provider publishes or changes services; this one is ${provider.status}`);
    }
    return provider;
  }
}

function ownProviderOf(actor: Actor): string {
  const scope = scopeOf(actor, 'service.publish');
  if (scope.kind !== 'provider') throw DomainError.forbidden('only a provider publishes services');
  return scope.providerId;
}

/** The price range and the category (one the provider covers: else 422 CATEGORY_NOT_ELIGIBLE). */
function checkFields(fields: ServiceFields, provider: ProviderTerms, categoryChanged = true): void {
  if (fields.priceTo !== null && fields.priceTo < fields.priceFrom) {
    throw DomainError.validation('priceTo', 'priceTo must not be below priceFrom');
  }
  if (categoryChanged && !provider.categories.includes(fields.category)) {
    throw new DomainError(ErrorCode.CATEGORY_NOT_ELIGIBLE, `the provider does not cover the category ${fields.category}`);
  }
}
