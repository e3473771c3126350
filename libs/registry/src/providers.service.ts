import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import {
  type Actor,
  type Category,
  DomainError,
  mayAccess,
  maskAccountNo,
  mayTake,
  type ProviderStatus,
  requireAccess,
  scopeOf,
} from '@ivl/core';
import { isUniqueViolation } from '@ivl/database';
import { ComplexesService } from './complexes.service.js';
import { ProviderRepository } from './provider.repository.js';
import { RegionsService } from './regions.service.js';
import type { Accreditation, Provider } from './registry.types.js';

export interface NewProvider {
  uscc: string;
  name: string;
  regionCode: string;
  complexId?: string;
  categories: Category[];
  accreditations: Accreditation[];
  controllerKey?: string;
  bankAccount: { bankName: string; accountName: string; accountNo: string };
  /** Approved through registration: on public notice (status `notice`) until then, not active. */
  noticeEndsAt?: Date;
}

export interface ProviderFilter {
  regionCode?: string;
  status?: ProviderStatus;
  category?: Category;
  /** Any part of the name or USCC. */
  q?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class ProvidersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ProviderRepository,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly complexes: ComplexesService,
  ) {}

  async create(manager: EntityManager, actor: Actor, input: NewProvider): Promise<Provider> {
    requireAccess(actor, 'provider.create');
    await this.regions.requireExisting(input.regionCode, 'regionCode', manager);
    if (input.complexId !== undefined) await this.complexes.requireExisting(input.complexId, manager);
    try {
      const provider = await this.repository.insert(manager, {
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
        status: input.noticeEndsAt === undefined ? 'active' : 'notice',
        noticeEndsAt: input.noticeEndsAt ?? null,
      });
      await this.audit.record(manager, actor, {
        entityType: 'provider',
        entityId: provider.id,
        action: 'create',
        toState: provider.status,
        scope: { regionCode: provider.regionCode, providerId: provider.id },
        data: { uscc: provider.uscc, name: provider.name },
      });
      return provider;
    } catch (error) {
      if (isUniqueViolation(error, 'providers_uscc_key')) throw DomainError.duplicate(`a provider with USCC ${input.uscc} exists already`);
      throw error;
    }
  }

  /** Whether a provider holds this USCC (a sign-up's duplicate check). */
  existsWithUscc(manager: EntityManager, uscc: string): Promise<boolean> {
    return this.repository.existsWithUscc(manager, uscc);
  }

  /**
   * Activates the providers whose public notice (公示) ended by the business clock, each with an
   * audit entry by the system; in batches of `limit`, in the caller's transaction. Safe to run
   * twice or late: a provider no longer on notice (suspended meanwhile, activated already) is left
   * alone. Answers how many it activated.
   */
  async endDueNotices(manager: EntityManager, now: Date, limit: number): Promise<number> {
    const ended = await this.repository.activateNoticeEnded(manager, now, limit);
    for (const provider of ended) await this.recordNoticeEnded(manager, provider);
    return ended.length;
  }

  /**
   * After an objection against a provider on notice was dismissed: the provider becomes active at
   * once when its notice has ended and no other objection holds it (else the end-notice job
   * activates it later). Answers whether it did.
   */
  async activateIfNoticeEnded(manager: EntityManager, id: string, now: Date): Promise<boolean> {
    const provider = await this.repository.activateIfNoticeEnded(manager, id, now);
    if (provider) await this.recordNoticeEnded(manager, provider);
    return provider !== null;
  }

  /**
   * An objection against a provider on notice was upheld (the actor may decide it: the caller
   * asked the policy): the provider is refused and never becomes active. 409 once it is not on
   * notice any more.
   */
  async refuseOnNotice(manager: EntityManager, actor: Actor, id: string, reason: string): Promise<Provider> {
    const provider = await this.repository.lockForStatusChange(manager, id);
    if (!provider) throw DomainError.notFound('provider');
    if (provider.status !== 'notice') throw DomainError.invalidState(`the provider is ${provider.status}, no longer on notice`);
    const changed = await this.repository.setStatus(manager, id, 'refused');
    await this.audit.record(manager, actor, {
      entityType: 'provider',
      entityId: id,
      action: 'refuse',
      fromState: 'notice',
      toState: 'refused',
      reason,
      scope: { regionCode: provider.regionCode, providerId: id },
    });
    return changed;
  }

  private async recordNoticeEnded(manager: EntityManager, provider: Provider): Promise<void> {
    await this.audit.record(manager, null, {
      entityType: 'provider',
      entityId: provider.id,
      action: 'notice-ended',
      fromState: 'notice',
      toState: 'active',
      scope: { regionCode: provider.regionCode, providerId: provider.id },
      data: { noticeEndsAt: provider.noticeEndsAt?.toISOString() ?? null },
    });
  }

  /** The provider registry is public to every signed-in user; account numbers are not (see asSeenBy). */
  list(filter: ProviderFilter): Promise<{ items: Provider[]; total: number }> {
    return this.repository.list(this.dataSource.manager, filter);
  }

  async get(id: string): Promise<Provider> {
    const provider = await this.find(id);
    if (!provider) throw DomainError.notFound('provider');
    return provider;
  }

  /** The provider, or undefined for an unknown id (for existence checks of other libs). */
  async find(id: string): Promise<Provider | undefined> {
    return (await this.repository.findById(this.dataSource.manager, id)) ?? undefined;
  }

  /**
   * Providers as `actor` reads them: the account number in full only to auditors and to finance of a
   * region that pays or may pay the provider, i.e. whose funds back a redemption at it that was not
   * cancelled (pending and confirmed ones are paid through that region's batches). Finance of a
   * region with no business at the provider, the city admin, officers, enterprises and the
   * provider's own clerk read it masked (the policy's `bank-account.read-full`).
   */
  async asSeenBy(actor: Actor, providers: Provider[]): Promise<Provider[]> {
    // Only a regional reader's answer depends on who pays; the others need no query.
    const regional = mayTake(actor, 'bank-account.read-full') && scopeOf(actor, 'bank-account.read-full').kind === 'region';
    const payers = regional
      ? await this.repository.payingRegions(
          this.dataSource.manager,
          providers.map((p) => p.id),
        )
      : new Map<string, Set<string>>();
    return providers.map((p) =>
      mayAccess(actor, 'bank-account.read-full', { regionCode: [...(payers.get(p.id) ?? [])] })
        ? p
        : { ...p, accountNo: maskAccountNo(p.accountNo) },
    );
  }

  async changeStatus(
    manager: EntityManager,
    actor: Actor,
    input: { id: string; status: ProviderStatus; reason: string },
  ): Promise<Provider> {
    requireAccess(actor, 'provider.change-status');
    if (input.status === 'notice') throw DomainError.validation('status', 'a provider is put on notice only by approving its registration');
    if (input.status === 'refused')
      throw DomainError.validation('status', 'a provider is refused only by upholding an objection to its notice');
    const provider = await this.repository.lockForStatusChange(manager, input.id);
    if (!provider) throw DomainError.notFound('provider');
    if (provider.status === input.status) throw DomainError.invalidState(`provider is ${input.status} already`);
    // Public notice is not skipped by hand: the notice job activates it once the notice ended and no objection holds it.
    if (provider.status === 'notice' && input.status === 'active') {
      throw DomainError.invalidState('a provider on public notice becomes active when its notice ends without an open objection');
    }
    const changed = await this.repository.setStatus(manager, input.id, input.status);
    await this.audit.record(manager, actor, {
      entityType: 'provider',
      entityId: input.id,
      action: 'status',
      fromState: provider.status,
      toState: input.status,
      reason: input.reason,
      scope: { regionCode: provider.regionCode, providerId: input.id },
    });
    return changed;
  }
}
