import { Injectable } from '@nestjs/common';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { ReconciliationService } from '@ivl/reconciliation';

/** Every night at 00:30 Asia/Shanghai: stores the reconciliation totals of the months that have ended. */
@Injectable()
export class CloseMonthsProcessor implements JobHandler {
  readonly job = JOBS.closeMonths.name;

  constructor(private readonly reconciliation: ReconciliationService) {}

  handle(): Promise<Record<string, string[]>> {
    return this.reconciliation.closeMonths();
  }
}
