import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { RiskService } from '@ivl/risk';

/** Runs one requested risk scan; on its last failed attempt the scan is marked failed. */
@Injectable()
export class RiskScanProcessor implements JobHandler {
  readonly job = JOBS.riskScan.name;

  constructor(private readonly risk: RiskService) {}

  async handle(job: Job<{ scanId: string }>): Promise<{ signals: number | null }> {
    try {
      return { signals: (await this.risk.runScan(job.data.scanId)).signals };
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.risk.markScanFailed(job.data.scanId, (error as Error).message);
      throw error;
    }
  }
}
