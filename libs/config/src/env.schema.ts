import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNotIn,
  IsUrl,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { passwordProblem } from '@ivl/core';

/** Secrets that were published (in this repository's history or in common templates): a key anyone can read forges tokens. */
export const PLACEHOLDER_SECRETS = [
  'development-only-secret-do-not-use-in-production',
  'change-me-change-me-change-me-change-me',
  'secretsecretsecretsecretsecretsecret',
  'your-256-bit-secret-your-256-bit-secret',
];

/** Development defaults (a random JWT secret, admin/admin) are given only when NODE_ENV asks for them by name. */
export function isDevelopment(env: Pick<EnvSchema, 'NODE_ENV'>): boolean {
  return env.NODE_ENV === 'development' || env.NODE_ENV === 'test';
}

function PassesPasswordRules(usernameKey: keyof EnvSchema) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'passesPasswordRules',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          typeof value === 'string' && passwordProblem(value, String((args.object as EnvSchema)[usernameKey] ?? '')) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          `${propertyName} ${passwordProblem(String(args.value), String((args.object as EnvSchema)[usernameKey] ?? '')) ?? 'is not a valid password'}`,
      },
    });
  };
}

/**
 * Every environment variable the processes read, with its rule and its development default.
 * `.env.example` lists the same set; the README's configuration table describes each.
 */
export class EnvSchema {
  /** No default: an unset NODE_ENV is held to production's rules (development defaults must be asked for). */
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV?: 'development' | 'test' | 'production';

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

  @ValidateIf((env: EnvSchema) => !isDevelopment(env) || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32)
  @IsNotIn(PLACEHOLDER_SECRETS, { message: 'JWT_SECRET is a published placeholder; make one with `openssl rand -base64 48`' })
  @Matches(/^(?!.*(change[-_ ]?me|do[-_ ]?not[-_ ]?use|placeholder)).*$/is, {
    message: 'JWT_SECRET looks like a placeholder; make one with `openssl rand -base64 48`',
  })
  JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS = 8 * 3600;

  @ValidateIf((env: EnvSchema) => !isDevelopment(env) || env.BOOTSTRAP_ADMIN_USERNAME !== undefined)
  @IsString()
  @MinLength(3)
  BOOTSTRAP_ADMIN_USERNAME?: string;

  /** Outside development and test it must pass the password rules (so never admin/admin). */
  @ValidateIf((env: EnvSchema) => !isDevelopment(env))
  @IsString()
  @PassesPasswordRules('BOOTSTRAP_ADMIN_USERNAME')
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_MINUTE = 10;

  /** Failed logins from one address, whatever the usernames (a guess at many accounts). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE = 30;

  /** Requests from one address to each route that needs no token (login, registration; not /health). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PUBLIC_PER_ADDRESS_PER_MINUTE = 300;

  /** Sign-ups (POST /registrations) from one address a minute, on top of the public limit: each makes an account. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_MINUTE = 5;

  /** Objections (POST /public/notices/:id/objections) from one address a minute, on top of the public limit. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_OBJECTIONS_PER_ADDRESS_PER_MINUTE = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 6000;

  /** Days a provider approved through registration stays on public notice (公示) before it becomes active. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  PROVIDER_NOTICE_DAYS = 7;

  /** Days vouchers stay on public notice (创新券发放公示) after they are issued. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  VOUCHER_NOTICE_DAYS = 10;

  /** Days an approved settlement batch is on public notice (兑付公示) before it may be paid, for a region that set none (0: no notice). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  PAYMENT_NOTICE_DAYS = 0;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

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

  /** How often the worker seals new ledger transactions and audit entries into the hash chain. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  SEAL_INTERVAL_SECONDS = 10;

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

  /** Where uploaded documents are kept: a local directory (`local`) or an S3-compatible store (`s3`: MinIO, OSS, COS, S3). */
  @IsIn(['local', 's3'])
  DOCUMENT_STORAGE: 'local' | 's3' = 'local';

  /** The local storage's directory (relative paths from the working directory); also where uploads are received before they are stored. */
  @IsString()
  @IsNotEmpty()
  DOCUMENT_DIR = '.data/documents';

  /** The S3 endpoint (e.g. https://oss-cn-hangzhou.aliyuncs.com, http://minio:9000); unset: AWS's own for S3_REGION. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  S3_ENDPOINT?: string;

  @IsString()
  @IsNotEmpty()
  S3_REGION = 'us-east-1';

  /** Required with DOCUMENT_STORAGE=s3: the bucket the documents go to (it must exist). */
  @ValidateIf((env: EnvSchema) => env.DOCUMENT_STORAGE === 's3')
  @IsString()
  @IsNotEmpty()
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /**
   * The SMS gateway notifications go out through (an HTTP endpoint taking a POST of
   * `{ to, text }` as JSON); unset: each SMS is logged (number masked), not sent.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  SMS_GATEWAY_URL?: string;

  /**
   * The mail gateway notifications go out through (an HTTP endpoint taking a POST of
   * `{ to, subject, text }` as JSON: a relay in front of the bureau's mail server); unset: each
   * e-mail is logged (address masked), not sent.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  MAIL_GATEWAY_URL?: string;

  /** Address buckets as a path (MinIO and most self-hosted stores) rather than as a host name. */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';
}
