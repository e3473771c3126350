import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@ivl/database';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { VouchersService } from '@ivl/vouchers';

/** Vouchers expired per transaction: a large backlog expires in bounded steps. */
const EXPIRY_BATCH = 100;

/** Expires vouchers past their use deadline and returns their balances to the funds. */
@Injectable()
export class ExpireVouchersProcessor implements JobHandler {
  readonly job = JOBS.expireVouchers.name;
  private readonly logger = new Logger(ExpireVouchersProcessor.name);

  constructor(
    private readonly vouchers: VouchersService,
    private readonly tx: TransactionRunner,
  ) {}

  /** Batch after batch, each in its own transaction, until none is due; safe to run twice or concurrently. */
  async handle(): Promise<{ expired: number }> {
    let expired = 0;
    for (;;) {
      const count = await this.tx.run((manager) => this.vouchers.expireDue(manager, EXPIRY_BATCH));
      expired += count;
      if (count < EXPIRY_BATCH) break;
    }
    if (expired > 0) this.logger.log(`expired ${expired} vouchers`);
    return { expired };
  }
}
