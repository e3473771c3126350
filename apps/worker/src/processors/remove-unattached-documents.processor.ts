import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { DocumentsService } from '@ivl/documents';
import { type JobHandler, JOBS } from '@ivl/jobs';

/** Documents removed per transaction: a large backlog goes in bounded steps. */
const REMOVAL_BATCH = 100;

/**
 * Hourly: removes the documents uploaded more than a day ago (business time, the injected Clock) and
 * never attached, then the stored bytes no document holds any more. Rows go first, each batch in its
 * own transaction; each object after that commit, in a transaction of its own under its content's
 * lock, so a failure never leaves a document without its bytes. Safe to run twice or at once: each
 * batch locks its documents and skips those another run holds. Last, the files of uploads whose API
 * process died mid-request (an hour old) go from the receiving folder this worker sees.
 */
@Injectable()
export class RemoveUnattachedDocumentsProcessor implements JobHandler {
  readonly job = JOBS.removeUnattachedDocuments.name;
  private readonly logger = new Logger(RemoveUnattachedDocumentsProcessor.name);

  constructor(
    private readonly documents: DocumentsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ removed: number; objectsRemoved: number; abandonedReceipts: number }> {
    const now = this.clock.now();
    let removed = 0;
    let objectsRemoved = 0;
    for (;;) {
      const batch = await this.tx.run((manager) => this.documents.removeUnattached(manager, now, REMOVAL_BATCH));
      removed += batch.removed;
      for (const sha256 of batch.contents) {
        if (await this.tx.run((manager) => this.documents.removeContentIfUnused(manager, sha256))) objectsRemoved++;
      }
      if (batch.removed < REMOVAL_BATCH) break;
    }
    if (removed > 0) this.logger.log(`removed ${removed} document(s) never attached and ${objectsRemoved} stored object(s)`);
    const abandonedReceipts = await this.documents.removeAbandonedReceipts();
    if (abandonedReceipts > 0) this.logger.warn(`removed ${abandonedReceipts} received file(s) of uploads whose process died`);
    return { removed, objectsRemoved, abandonedReceipts };
  }
}
