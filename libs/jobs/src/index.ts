export { JOB_HANDLERS } from './job-handler.js';
export type { JobHandler } from './job-handler.js';
export { JOBS, QUEUE_NAMES, queueOf } from './jobs.js';
export type { JobName, QueueName } from './jobs.js';
export { bullConnection, createQueue } from './queue.factory.js';
export { createRedis, REDIS, RedisModule } from './redis.module.js';
