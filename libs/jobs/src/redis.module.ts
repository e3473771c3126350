import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@ivl/config';

export const REDIS = Symbol('REDIS');

/** Opens an ioredis connection as BullMQ wants it (no per-request retry limit, lazy). */
export function createRedis(config: AppConfig): Redis {
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null, lazyConnect: true, enableOfflineQueue: true });
  redis.on('error', () => undefined); // an outage shows in /health, not as a log line per reconnect attempt
  return redis;
}

/** One shared Redis connection for health checks and queue producers; closed on shutdown. */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [AppConfig], useFactory: createRedis }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    if (this.redis.status !== 'end') this.redis.disconnect();
  }
}
