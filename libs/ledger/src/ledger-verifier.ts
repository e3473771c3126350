import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LEDGER_CHECKS, LedgerRepository } from './ledger.repository.js';

export interface LedgerProblem {
  check: string;
  detail: string;
}

export interface LedgerReport {
  balanced: boolean;
  transactionsChecked: number;
  problems: LedgerProblem[];
}

const EXAMPLES = 20;

/**
 * Checks every invariant of docs/domain.md "The ledger" against the stored rows (GET /ledger/verify
 * and `npm run ledger:verify`). Each check is one set-based query; each reports up to 20 examples.
 */
@Injectable()
export class LedgerVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: LedgerRepository,
  ) {}

  /** Runs every check in one repeatable-read snapshot, so concurrent writes cannot produce false alarms. */
  async verify(): Promise<LedgerReport> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.repo.readOnly(manager);
      const problems: LedgerProblem[] = [];
      for (const { check, sql } of LEDGER_CHECKS) {
        problems.push(...(await this.repo.breaches(manager, sql, EXAMPLES)).map((detail) => ({ check, detail })));
      }
      const transactionsChecked = await this.repo.countTransactions(manager);
      return { balanced: problems.length === 0, transactionsChecked, problems };
    });
  }
}
