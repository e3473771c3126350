import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { EnvSchema } from './env.schema.js';

/**
 * Development and test without JWT_SECRET sign with a key made when the process starts: tokens
 * live as long as the process, and no key is written anywhere anyone could copy it from.
 */
const PROCESS_JWT_SECRET = randomBytes(48).toString('base64url');

/** The typed, validated configuration every process reads; nothing else touches process.env. */
export class AppConfig {
  /** `production` also when NODE_ENV is unset: only an explicit development or test gets their defaults. */
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly database: { url: string; poolSize: number };
  readonly redis: { url: string; queuePrefix: string };
  readonly auth: {
    jwtSecret: string;
    jwtTtlSeconds: number;
    bootstrapAdmin: { username: string; password: string };
  };
  readonly rateLimit: {
    loginPerMinute: number;
    loginFailuresPerAddressPerMinute: number;
    publicPerAddressPerMinute: number;
    registrationsPerAddressPerMinute: number;
    objectionsPerAddressPerMinute: number;
    perMinute: number;
  };
  readonly registration: { providerNoticeDays: number };
  /** Public notice (公示): days vouchers are on notice after issue; the default days of a region's payment notice. */
  readonly notices: { voucherNoticeDays: number; paymentNoticeDays: number };
  readonly http: { bodyLimitBytes: number };
  readonly log: { level: string; requests: boolean };
  readonly documents: {
    storage: 'local' | 's3';
    dir: string;
    s3: { endpoint?: string; region: string; bucket: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  };
  /** Gateways of the notification channels; unset, the channel logs what it would send. */
  readonly notifications: { smsGatewayUrl?: string; mailGatewayUrl?: string };
  readonly worker: {
    concurrency: number;
    expiryIntervalSeconds: number;
    sealIntervalSeconds: number;
    outboxPollMs: number;
    lockMs: number;
    recoverySeconds: number;
  };

  constructor(env: EnvSchema) {
    this.env = env.NODE_ENV ?? 'production';
    this.port = env.PORT;
    this.database = { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE };
    this.redis = { url: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX };
    this.auth = {
      jwtSecret: env.JWT_SECRET ?? PROCESS_JWT_SECRET,
      jwtTtlSeconds: env.JWT_TTL_SECONDS,
      bootstrapAdmin: {
        username: env.BOOTSTRAP_ADMIN_USERNAME ?? 'admin',
        password: env.BOOTSTRAP_ADMIN_PASSWORD ?? 'admin',
      },
    };
    this.rateLimit = {
      loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE,
      loginFailuresPerAddressPerMinute: env.RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE,
      publicPerAddressPerMinute: env.RATE_LIMIT_PUBLIC_PER_ADDRESS_PER_MINUTE,
      registrationsPerAddressPerMinute: env.RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_MINUTE,
      objectionsPerAddressPerMinute: env.RATE_LIMIT_OBJECTIONS_PER_ADDRESS_PER_MINUTE,
      perMinute: env.RATE_LIMIT_PER_MINUTE,
    };
    this.registration = { providerNoticeDays: env.PROVIDER_NOTICE_DAYS };
    this.notices = { voucherNoticeDays: env.VOUCHER_NOTICE_DAYS, paymentNoticeDays: env.PAYMENT_NOTICE_DAYS };
    this.http = { bodyLimitBytes: env.BODY_LIMIT_BYTES };
    this.log = { level: env.LOG_LEVEL, requests: env.LOG_REQUESTS === 'true' };
    this.documents = {
      storage: env.DOCUMENT_STORAGE,
      dir: env.DOCUMENT_DIR,
      s3: {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET ?? '',
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      },
    };
    this.notifications = { smsGatewayUrl: env.SMS_GATEWAY_URL, mailGatewayUrl: env.MAIL_GATEWAY_URL };
    this.worker = {
      concurrency: env.WORKER_CONCURRENCY,
      expiryIntervalSeconds: env.EXPIRY_INTERVAL_SECONDS,
      sealIntervalSeconds: env.SEAL_INTERVAL_SECONDS,
      outboxPollMs: env.OUTBOX_POLL_MS,
      lockMs: env.WORKER_LOCK_MS,
      recoverySeconds: env.JOB_RECOVERY_SECONDS,
    };
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/**
 * Reads the environment (process.env merged with `overrides`), validates it and returns the
 * typed config. Throws ConfigError naming every invalid variable.
 */
export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  const raw = { ...process.env, ...overrides };
  const known = Object.keys(new EnvSchema());
  const picked = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => value !== undefined && value !== '' && isSchemaKey(key, known)),
  );
  const env = plainToInstance(EnvSchema, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigError(
      // The value as written, not as converted (PORT=abc became NaN, which JSON shows as null); secrets never.
      errors.map(
        (e) =>
          `${e.property}=${SECRET_KEYS.includes(e.property) ? '(hidden)' : JSON.stringify(picked[e.property])}: ${Object.values(e.constraints ?? {}).join(', ')}`,
      ),
    );
  }
  return new AppConfig(env);
}

const SECRET_KEYS = ['JWT_SECRET', 'BOOTSTRAP_ADMIN_PASSWORD', 'S3_SECRET_ACCESS_KEY', 'SMS_GATEWAY_URL', 'MAIL_GATEWAY_URL'];
const OPTIONAL_KEYS = [
  'NODE_ENV',
  'JWT_SECRET',
  'BOOTSTRAP_ADMIN_USERNAME',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'SMS_GATEWAY_URL',
  'MAIL_GATEWAY_URL',
];

function isSchemaKey(key: string, known: string[]): boolean {
  return known.includes(key) || OPTIONAL_KEYS.includes(key);
}
