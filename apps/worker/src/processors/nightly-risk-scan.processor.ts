import { Injectable } from '@nestjs/common';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { RiskService } from '@ivl/risk';

/** Daily at 02:30 Asia/Shanghai: every issuing region's risk scan for the month just ended and the running month. */
@Injectable()
export class NightlyRiskScanProcessor implements JobHandler {
  readonly job = JOBS.nightlyRiskScan.name;

  constructor(private readonly risk: RiskService) {}

  handle(): Promise<Record<string, number>> {
    return this.risk.scanNightly();
  }
}
