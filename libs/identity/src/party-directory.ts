import { Injectable } from '@nestjs/common';
import { EnterprisesService, ProvidersService, RegionsService } from '@ivl/registry';
import type { User } from './user.types.js';

/** What accounts need to know of the parties users belong to, asked of the registry (owner of their tables). */
@Injectable()
export class PartyDirectory {
  constructor(
    private readonly regions: RegionsService,
    private readonly providers: ProvidersService,
    private readonly enterprises: EnterprisesService,
  ) {}

  async regionExists(code: string): Promise<boolean> {
    return (await this.regions.findByCode(code)) !== null;
  }

  async providerExists(id: string): Promise<boolean> {
    return (await this.providers.find(id)) !== undefined;
  }

  async enterpriseExists(id: string): Promise<boolean> {
    return (await this.enterprises.find(id)) !== undefined;
  }

  /**
   * The audit-log scope of an entry about `user`: who may read it besides the city admin and
   * auditors. An enterprise user's entries carry its enterprise's region, so the county officer
   * who disabled it sees them.
   */
  async auditScopeOf(
    user: Pick<User, 'regionCode' | 'providerId' | 'enterpriseId'>,
  ): Promise<Pick<User, 'regionCode' | 'providerId' | 'enterpriseId'>> {
    const regionCode = user.enterpriseId ? ((await this.enterprises.find(user.enterpriseId))?.regionCode ?? null) : user.regionCode;
    return { regionCode, providerId: user.providerId, enterpriseId: user.enterpriseId };
  }
}
