import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';

/**
 * Every environment variable the processes read, with its rule and its development default.
 * `.env.example` lists the same set; the README's configuration table describes each.
 */
export class EnvSchema {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/ivl';

  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  @IsString()
  @IsNotEmpty()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key, so several installations (or test files) can share one Redis. */
  @IsString()
  @IsNotEmpty()
  QUEUE_PREFIX = 'ivl';

  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS = 8 * 3600;

  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.BOOTSTRAP_ADMIN_USERNAME !== undefined)
  @IsString()
  @MinLength(3)
  BOOTSTRAP_ADMIN_USERNAME?: string;

  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.BOOTSTRAP_ADMIN_PASSWORD !== undefined)
  @IsString()
  @MinLength(5)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_MINUTE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 6000;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Log one line per HTTP request (off speeds up benchmarks). */
  @IsIn(['true', 'false'])
  LOG_REQUESTS: 'true' | 'false' = 'true';

  /** Jobs one worker process runs at once per queue. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 2;

  /** How often the worker looks for vouchers past their use deadline. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  EXPIRY_INTERVAL_SECONDS = 300;

  /** How often the outbox dispatcher looks for jobs to deliver (it is also woken after each request that writes one). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS = 1000;

  /**
   * Recovery after Redis lost its data: how often the dispatcher delivers again the jobs it
   * dispatched this long ago that never finished, and the worker restores its job schedules.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  JOB_RECOVERY_SECONDS = 30;

  /** How long a worker holds a job before another may take it over as stalled (a killed worker's job is retried after this). */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(600_000)
  WORKER_LOCK_MS = 30_000;
}
