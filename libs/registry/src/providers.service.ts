import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { type Actor, type Category, DomainError, maskAccountNo, type ProviderStatus, seesAccountInFull } from '@ivl/core';
import { isUniqueViolation, TransactionRunner } from '@ivl/database';
import { ComplexesService } from './complexes.service.js';
import { type Accreditation, Provider } from './provider.entity.js';
import { RegionsService } from './regions.service.js';

export interface NewProvider {
  uscc: string;
  name: string;
  regionCode: string;
  complexId?: string;
  categories: Category[];
  accreditations: Accreditation[];
  controllerKey?: string;
  bankAccount: { bankName: string; accountName: string; accountNo: string };
}

export interface ProviderFilter {
  regionCode?: string;
  status?: ProviderStatus;
  category?: Category;
  limit: number;
  offset: number;
}

@Injectable()
export class ProvidersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly complexes: ComplexesService,
  ) {}

  async create(actor: Actor, input: NewProvider): Promise<Provider> {
    if (actor.role !== 'city_admin') throw DomainError.forbidden('only the city admin registers providers');
    await this.regions.requireExisting(input.regionCode);
    if (input.complexId !== undefined) await this.complexes.requireExisting(input.complexId);
    try {
      return await this.tx.run(async (manager) => {
        const repo = manager.getRepository(Provider);
        const provider = await repo.save(
          repo.create({
            uscc: input.uscc,
            name: input.name,
            regionCode: input.regionCode,
            complexId: input.complexId ?? null,
            categories: [...new Set(input.categories)],
            accreditations: input.accreditations,
            controllerKey: input.controllerKey ?? null,
            bankName: input.bankAccount.bankName,
            accountName: input.bankAccount.accountName,
            accountNo: input.bankAccount.accountNo,
            status: 'active',
          }),
        );
        await this.audit.record(manager, actor, {
          entityType: 'provider',
          entityId: provider.id,
          action: 'create',
          toState: 'active',
          scope: { regionCode: provider.regionCode, providerId: provider.id },
          data: { uscc: provider.uscc, name: provider.name },
        });
        return provider;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'providers_uscc_key')) throw DomainError.duplicate(`a provider with USCC ${input.uscc} exists already`);
      throw error;
    }
  }

  /** The provider registry is public to every signed-in user; account numbers are not (see asSeenBy). */
  list(filter: ProviderFilter): Promise<Provider[]> {
    const qb = this.dataSource.getRepository(Provider).createQueryBuilder('p').orderBy('p.created_at', 'ASC');
    if (filter.regionCode) qb.andWhere('p.region_code = :regionCode', { regionCode: filter.regionCode });
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    if (filter.category) qb.andWhere(':category = ANY(p.categories)', { category: filter.category });
    return qb.take(filter.limit).skip(filter.offset).getMany();
  }

  async get(id: string): Promise<Provider> {
    const provider = await this.dataSource.getRepository(Provider).findOneBy({ id });
    if (!provider) throw DomainError.notFound('provider');
    return provider;
  }

  /**
   * Providers as `actor` reads them: the account number in full only to auditors and to finance of a
   * region that pays or may pay the provider, i.e. whose funds back a redemption at it that was not
   * cancelled (pending and confirmed ones are paid through that region's batches). Finance of a
   * region with no business at the provider, the city admin, officers, enterprises and the
   * provider's own clerk read it masked.
   */
  async asSeenBy(actor: Actor, providers: Provider[]): Promise<Provider[]> {
    // Only finance's answer depends on who pays; the others need no query.
    const payers = actor.role === 'finance' ? await this.payingRegions(providers.map((p) => p.id)) : new Map<string, Set<string>>();
    return providers.map((p) =>
      seesAccountInFull(actor, (regionCode) => payers.get(p.id)?.has(regionCode) ?? false) ? p : { ...p, accountNo: maskAccountNo(p.accountNo) },
    );
  }

  /** The regions whose funds back a redemption not cancelled at each of `providerIds`. */
  private async payingRegions(providerIds: string[]): Promise<Map<string, Set<string>>> {
    const rows: Array<{ provider_id: string; region_code: string }> = await this.dataSource.query(
      `SELECT DISTINCT r.provider_id, f.region_code FROM redemptions r
         JOIN redemption_parts rp ON rp.redemption_id = r.id
         JOIN funds f ON f.id = rp.fund_id
        WHERE r.provider_id = ANY($1::uuid[]) AND r.status <> 'cancelled'`,
      [providerIds],
    );
    const payers = new Map<string, Set<string>>();
    for (const r of rows) payers.set(r.provider_id, (payers.get(r.provider_id) ?? new Set()).add(r.region_code));
    return payers;
  }

  async changeStatus(actor: Actor, id: string, status: ProviderStatus, reason: string): Promise<Provider> {
    if (actor.role !== 'city_admin') throw DomainError.forbidden('only the city admin changes a provider status');
    return this.tx.run(async (manager) => {
      const repo = manager.getRepository(Provider);
      const provider = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!provider) throw DomainError.notFound('provider');
      if (provider.status === status) throw DomainError.invalidState(`provider is ${status} already`);
      const from = provider.status;
      provider.status = status;
      await repo.save(provider);
      await this.audit.record(manager, actor, {
        entityType: 'provider',
        entityId: id,
        action: 'status',
        fromState: from,
        toState: status,
        reason,
        scope: { regionCode: provider.regionCode, providerId: id },
      });
      return provider;
    });
  }
}
