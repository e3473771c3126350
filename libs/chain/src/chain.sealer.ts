import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, shanghaiDate } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { canonicalBytes, chainHash, GENESIS } from './chain-hash.js';
import { ChainRepository, type NewSeal } from './chain.repository.js';

/** Rows sealed per transaction: thousands per statement, never a query per row. */
export const SEAL_BATCH = 2000;

export interface SealRun {
  /** False when another sealer held the lock: this run did nothing. */
  ran: boolean;
  sealed: number;
  anchored: number;
}

/**
 * Seals committed ledger transactions and audit entries into the hash chain (job `ledger.seal`).
 * Commit order: only rows whose created_xid is below the xmin of the sealer's snapshot are sealed;
 * every transaction below xmin has ended, so no row can later commit before them. Rows are ordered
 * by (created_xid, source, id). The redemption path takes no lock and runs no statement for this.
 */
@Injectable()
export class ChainSealer {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ChainRepository,
    private readonly clock: Clock,
  ) {}

  /** Seals batch after batch until caught up, then anchors the finished days; safe to run twice or concurrently. */
  async run(batchSize = SEAL_BATCH): Promise<SealRun> {
    let sealed = 0;
    for (;;) {
      const batch = await this.tx.run((manager) => this.sealBatch(manager, batchSize));
      if (batch === null) return { ran: false, sealed, anchored: 0 };
      sealed += batch;
      if (batch < batchSize) break;
    }
    const anchored = await this.tx.run((manager) => this.anchor(manager));
    return { ran: true, sealed, anchored: anchored ?? 0 };
  }

  /** One batch in one transaction; null when another sealer holds the lock. */
  private async sealBatch(manager: EntityManager, batchSize: number): Promise<number | null> {
    if (!(await this.repo.trySealerLock(manager))) return null;
    const xmin = await this.repo.snapshotXmin(manager);
    const last = await this.repo.lastSeal(manager);
    const rows = await this.repo.pending(manager, xmin, last, batchSize);
    const now = this.clock.now();
    if (rows.length > 0) {
      let previous: Buffer = last?.hash ?? GENESIS;
      let sequence = last?.sequence ?? 0;
      const seals: NewSeal[] = rows.map((row) => {
        previous = chainHash(previous, canonicalBytes(row.source, row.fields));
        sequence += 1;
        return { sequence, source: row.source, rowId: row.id, rowXid: row.xid, hash: previous };
      });
      await this.repo.insertSeals(manager, seals, now);
    }
    // Caught up: everything below xmin is sealed now.
    if (rows.length < batchSize) await this.repo.raiseWatermark(manager, xmin, now);
    return rows.length;
  }

  private async anchor(manager: EntityManager): Promise<number | null> {
    if (!(await this.repo.trySealerLock(manager))) return null;
    const now = this.clock.now();
    const todayStart = new Date(`${shanghaiDate(now)}T00:00:00+08:00`);
    return this.repo.writeAnchors(manager, todayStart, now);
  }
}
