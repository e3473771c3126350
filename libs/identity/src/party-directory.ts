import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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

  private async exists(sql: string, value: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(sql, [value]);
    return rows.length > 0;
  }
}
