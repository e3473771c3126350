import { Injectable, Logger } from '@nestjs/common';
import { ChainSealer, type SealRun } from '@ivl/chain';
import { type JobHandler, JOBS } from '@ivl/jobs';

/** Seals new ledger transactions and audit entries into the hash chain and anchors finished days. */
@Injectable()
export class SealLedgerProcessor implements JobHandler {
  readonly job = JOBS.sealLedger.name;
  private readonly logger = new Logger(SealLedgerProcessor.name);

  constructor(private readonly sealer: ChainSealer) {}

  async handle(): Promise<SealRun> {
    const run = await this.sealer.run();
    if (run.anchored > 0) this.logger.log(`anchored ${run.anchored} days`);
    return run;
  }
}
