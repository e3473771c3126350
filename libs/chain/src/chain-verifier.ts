import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toShanghaiIso } from '@ivl/core';
import { canonicalBytes, chainHash, GENESIS } from './chain-hash.js';
import { ChainRepository } from './chain.repository.js';

/**
 * One break of the chain. `changed`: the row's recomputed hash differs from its seal (a changed
 * column, or an entry changed, added to or removed from a sealed transaction); `removed`: a seal
 * whose row is gone (or, with source `seal`, a missing seal); `inserted`: a row below the
 * watermark without a seal (sequence null); source `anchor`: a published anchor that no longer
 * matches its seal (id = its date).
 */
export interface ChainProblem {
  source: 'audit' | 'ledger' | 'seal' | 'anchor';
  id: string | null;
  sequence: number | null;
  problem: 'changed' | 'removed' | 'inserted';
}

export interface ChainReport {
  /** The last sealed sequence and when it was sealed (Asia/Shanghai); 0 and null before the first seal. */
  sealedThrough: { sequence: number; sealedAt: string | null };
  ok: boolean;
  sealsChecked: number;
  problems: ChainProblem[];
}

/** Seals recomputed per statement: the verify streams, so a million rows never sit in memory at once. */
const VERIFY_BATCH = 5000;
const EXAMPLES = 100;

/** Recomputes the whole chain in one read-only snapshot (GET /ledger/verify, `npm run ledger:verify`). */
@Injectable()
export class ChainVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ChainRepository,
  ) {}

  async verify(): Promise<ChainReport> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.repo.readOnlySnapshot(manager);
      const problems: ChainProblem[] = [];
      const add = (p: ChainProblem) => {
        if (problems.length < EXAMPLES) problems.push(p);
      };
      let previous: Buffer = GENESIS;
      let expected = 1;
      let checked = 0;
      for (;;) {
        const seals = await this.repo.sealsAfter(manager, expected - 1, VERIFY_BATCH);
        for (const seal of seals) {
          for (; expected < seal.sequence; expected++) add({ source: 'seal', id: null, sequence: expected, problem: 'removed' });
          if (seal.fields === null) add({ source: seal.source, id: seal.rowId, sequence: seal.sequence, problem: 'removed' });
          else if (!chainHash(previous, canonicalBytes(seal.source, seal.fields)).equals(seal.hash)) {
            add({ source: seal.source, id: seal.rowId, sequence: seal.sequence, problem: 'changed' });
          }
          // The next seal is checked against this one's stored hash, so one changed row is named once.
          previous = seal.hash;
          expected = seal.sequence + 1;
          checked++;
        }
        if (seals.length < VERIFY_BATCH) break;
      }
      const watermark = await this.repo.watermark(manager);
      for (const row of await this.repo.unsealedBelow(manager, watermark, EXAMPLES)) {
        add({ source: row.source, id: row.id, sequence: null, problem: 'inserted' });
      }
      for (const anchor of await this.repo.brokenAnchors(manager, EXAMPLES)) {
        add({ source: 'anchor', id: anchor.date, sequence: anchor.sequence, problem: 'changed' });
      }
      const last = await this.repo.lastSealedAt(manager);
      return {
        sealedThrough: { sequence: last?.sequence ?? 0, sealedAt: last ? toShanghaiIso(last.sealedAt) : null },
        ok: problems.length === 0,
        sealsChecked: checked,
        problems,
      };
    });
  }
}
