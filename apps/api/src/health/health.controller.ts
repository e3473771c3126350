import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { DomainError, ErrorCode } from '@ivl/core';
import { REDIS } from '@ivl/jobs';
import { Public } from '../common/auth.guard.js';
import { NoRateLimit } from '../common/rate-limit.guard.js';

const TIMEOUT_MS = 1500;

/** 200 `{ status: "ok" }` while Postgres and Redis answer, 503 problem+json naming the one that does not. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @NoRateLimit()
  @Get()
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  @ApiServiceUnavailableResponse({ description: 'Postgres or Redis does not answer' })
  async check(): Promise<{ status: 'ok' }> {
    try {
      await this.health.check([() => this.db.pingCheck('postgres', { timeout: TIMEOUT_MS }), () => this.pingRedis()]);
      return { status: 'ok' };
    } catch (error) {
      const down = Object.keys((error as { response?: { error?: object } }).response?.error ?? {});
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `not answering: ${down.join(', ') || 'unknown'}`);
    }
  }

  private async pingRedis() {
    const session = this.indicators.check('redis');
    try {
      await withTimeout(this.redis.ping(), TIMEOUT_MS);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}
