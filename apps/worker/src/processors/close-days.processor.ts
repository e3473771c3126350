import { Injectable } from '@nestjs/common';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { ReconciliationService } from '@ivl/reconciliation';

/** Every night at 00:40 Asia/Shanghai: stores the reconciliation summaries of the days that have ended (closed days). */
@Injectable()
export class CloseDaysProcessor implements JobHandler {
  readonly job = JOBS.closeDays.name;

  constructor(private readonly reconciliation: ReconciliationService) {}

  handle(): Promise<Record<string, string[]>> {
    return this.reconciliation.closeDays();
  }
}
