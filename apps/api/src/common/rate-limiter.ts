import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@ivl/config';
import { DomainError, ErrorCode } from '@ivl/core';

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `too many requests; retry after ${retryAfterSeconds} s`);
  }
}

export const WINDOW_MS = 60_000;

/** A counter and the limit it must not pass within its one-minute window. */
export interface Counter {
  key: string;
  limit: number;
}

/**
 * Adds one to each key (a fixed window starts at its first hit) and answers [count, ms left] per
 * key, in one round trip.
 */
const HIT = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
  out[i] = { count, ttl }
end
return out`;

/** Takes one back from a key still in its window (an expired key is left gone, not made -1 forever). */
const REFUND = `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end`;

/**
 * Fixed one-minute windows. `shared` counters live in Redis, so every API process counts together
 * and a restart forgets nothing (login and unauthenticated routes: what an attacker spreads over
 * processes). `local` ones stay in process memory: the per-user limit is on the redemption hot
 * path, where a Redis round trip per request would cost more than it protects.
 * When Redis does not answer, shared counters fall back to memory (per process) and say so once:
 * logins keep working, still limited, while Redis is away.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly redis: Redis;
  private readonly prefix: string;
  private redisDown = false;

  constructor(config: AppConfig) {
    this.prefix = `${config.redis.queuePrefix}:rate:`;
    // Its own connection: no offline queue and a short timeout, so a Redis outage costs a login
    // a quick fallback instead of a wait (the shared connection queues commands for BullMQ).
    this.redis = new Redis(config.redis.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
    });
    this.redis.on('error', () => undefined); // reported once per outage by `shared`
    this.sweeper = setInterval(() => {
      this.sweep();
    }, WINDOW_MS);
    this.sweeper.unref();
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect().catch((error: unknown) => {
      this.noteDown(error);
    });
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.redis.disconnect();
  }

  /** Counts one hit on each counter (in Redis); RATE_LIMITED if any passed its limit. */
  async shared(counters: Counter[]): Promise<void> {
    let results: Array<[number, number]>;
    try {
      results = (await this.redis.eval(HIT, counters.length, ...counters.map((c) => this.prefix + c.key), WINDOW_MS)) as Array<
        [number, number]
      >;
      if (this.redisDown) this.logger.log('rate limits are shared through Redis again');
      this.redisDown = false;
    } catch (error) {
      this.noteDown(error);
      results = counters.map((c) => this.hitMemory(`shared:${c.key}`));
    }
    assertWithin(counters, results);
  }

  /** Takes back one hit of a shared counter (a login that turned out right is not a failure). */
  async refund(key: string): Promise<void> {
    try {
      await this.redis.eval(REFUND, 1, this.prefix + key);
    } catch {
      const window = this.windows.get(`shared:${key}`);
      if (window) window.count -= 1;
    }
  }

  /** Counts one hit in this process's memory; RATE_LIMITED past the limit. */
  local(counter: Counter): void {
    assertWithin([counter], [this.hitMemory(`local:${counter.key}`)]);
  }

  private hitMemory(key: string): [number, number] {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, window);
    }
    window.count += 1;
    return [window.count, window.resetAt - now];
  }

  private noteDown(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (!this.redisDown) this.logger.warn(`Redis does not answer (${reason}): rate limits counted in this process only until it does`);
    this.redisDown = true;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

function assertWithin(counters: Counter[], results: Array<[number, number]>): void {
  let retryMs = 0;
  counters.forEach((counter, i) => {
    const [count, msLeft] = results[i];
    if (count > counter.limit) retryMs = Math.max(retryMs, msLeft);
  });
  if (retryMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(retryMs / 1000)));
}
