import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { User } from './user.entity.js';

/** Existence checks on the registry that user creation needs, without depending on the registry lib. */
@Injectable()
export class PartyDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  regionExists(code: string): Promise<boolean> {
    return this.exists('SELECT 1 FROM regions WHERE code = $1', code);
  }

  providerExists(id: string): Promise<boolean> {
    return this.exists('SELECT 1 FROM providers WHERE id = $1', id);
  }

  enterpriseExists(id: string): Promise<boolean> {
    return this.exists('SELECT 1 FROM enterprises WHERE id = $1', id);
  }

  /**
   * The audit-log scope of an entry about `user`: who may read it besides the city admin and
   * auditors. An enterprise user's entries carry its enterprise's region, so the county officer
   * who disabled it sees them.
   */
  async auditScopeOf(user: Pick<User, 'regionCode' | 'providerId' | 'enterpriseId'>): Promise<Pick<User, 'regionCode' | 'providerId' | 'enterpriseId'>> {
    let regionCode = user.regionCode;
    if (user.enterpriseId) {
      const rows: Array<{ region_code: string }> = await this.dataSource.query('SELECT region_code FROM enterprises WHERE id = $1', [user.enterpriseId]);
      regionCode = rows[0]?.region_code ?? null;
    }
    return { regionCode, providerId: user.providerId, enterpriseId: user.enterpriseId };
  }

  private async exists(sql: string, value: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(sql, [value]);
    return rows.length > 0;
  }
}
