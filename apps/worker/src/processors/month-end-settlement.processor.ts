import { Injectable } from '@nestjs/common';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { SettlementService } from '@ivl/settlement';

/** On the 1st at 01:00 Asia/Shanghai: the batches of every region for the month just ended. */
@Injectable()
export class MonthEndSettlementProcessor implements JobHandler {
  readonly job = JOBS.monthEndSettlement.name;

  constructor(private readonly settlement: SettlementService) {}

  handle(): Promise<Record<string, string[]>> {
    return this.settlement.buildMonthEnd();
  }
}
