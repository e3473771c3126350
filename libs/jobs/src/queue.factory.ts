import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { AppConfig } from '@ivl/config';
import type { QueueName } from './jobs.js';

/** Redis connection options for BullMQ (which opens and closes its own connections). */
export function bullConnection(config: AppConfig): ConnectionOptions {
  const url = new URL(config.redis.url);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    // Reconnect within two seconds of Redis coming back (BullMQ's default backs off to 20 s).
    retryStrategy: (attempt: number) => Math.min(200 * attempt, 2000),
  };
}

export function createQueue(config: AppConfig, name: QueueName): Queue {
  return new Queue(name, { connection: bullConnection(config), prefix: config.redis.queuePrefix });
}
