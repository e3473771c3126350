import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { SettlementService } from '@ivl/settlement';

/** Builds the batch of one settlement run; on its last failed attempt the run is marked failed. */
@Injectable()
export class BuildSettlementProcessor implements JobHandler {
  readonly job = JOBS.buildSettlement.name;

  constructor(private readonly settlement: SettlementService) {}

  async handle(job: Job<{ runId: string }>): Promise<{ batchIds: string[] }> {
    try {
      return { batchIds: await this.settlement.build(job.data.runId) };
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.settlement.markRunFailed(job.data.runId, (error as Error).message);
      throw error;
    }
  }
}
