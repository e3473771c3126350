import type { Job } from 'bullmq';
import type { JobName } from './jobs.js';

/** A processor: names the job it handles and calls one lib service with the job's data. */
export interface JobHandler {
  readonly job: JobName;
  handle(job: Job): Promise<unknown>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
