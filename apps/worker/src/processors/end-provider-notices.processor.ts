import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { ProvidersService } from '@ivl/registry';

/** Providers activated per transaction: a backlog is worked off in bounded steps. */
const BATCH = 100;

/** Activates the providers whose public notice (公示) has ended; safe to run twice, concurrently or late. */
@Injectable()
export class EndProviderNoticesProcessor implements JobHandler {
  readonly job = JOBS.endProviderNotices.name;
  private readonly logger = new Logger(EndProviderNoticesProcessor.name);

  constructor(
    private readonly providers: ProvidersService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ activated: number }> {
    const now = this.clock.now();
    let activated = 0;
    for (;;) {
      const count = await this.tx.run((manager) => this.providers.endDueNotices(manager, now, BATCH));
      activated += count;
      if (count < BATCH) break;
    }
    if (activated > 0) this.logger.log(`activated ${activated} providers at the end of their notice`);
    return { activated };
  }
}
