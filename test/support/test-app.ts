import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AppConfig, loadConfig } from '@ivl/config';
import { Clock, createPino, FixedClock, PinoLogger, type Role } from '@ivl/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import { bullConnection, type JobName, QUEUE_NAMES, queueOf } from '@ivl/jobs';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { configureApiApp, createFastifyAdapter } from '../../apps/api/src/create-api-app.js';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './test-databases.js';
import { type Body, enterpriseBody, PASSWORD, providerBody } from './bodies.js';

export { enterpriseBody, PASSWORD, providerBody };

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  clock: FixedClock;
  databaseName: string;
  http: () => TestAgent;
  /** Logs in and returns a bearer header value. */
  login(username: string, password: string): Promise<string>;
  adminToken: string;
  /** The worker, when started with `worker: true`. */
  worker?: INestApplicationContext;
  /** Enqueues a job and waits until the worker has finished it; returns its result. */
  runJob(name: JobName, data?: object): Promise<unknown>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  now?: string;
  /** Also start the BullMQ worker (same database, clock and queue prefix). */
  worker?: boolean;
}

/** The real API on its own database (cloned from the migrated template) and its own queue prefix. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseName = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(databaseName),
    DATABASE_POOL_SIZE: '30',
    QUEUE_PREFIX: `ivl-test-${databaseName}`,
    LOG_LEVEL: 'silent',
    LOG_REQUESTS: 'false',
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: '1000',
    RATE_LIMIT_PUBLIC_PER_ADDRESS_PER_MINUTE: '100000',
    RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_MINUTE: '100000',
    ...options.env,
  });
  const clock = new FixedClock(new Date(options.now ?? '2026-03-10T10:00:00+08:00'));
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const { adapter, logger } = createFastifyAdapter(config);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class but takes a plain object (its documented use)
  const app = configureApiApp(moduleRef.createNestApplication<NestFastifyApplication>(adapter, { logger }), { docsUi: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  const login = async (username: string, password: string) => {
    const response = await http().post('/auth/login').send({ username, password });
    if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return `Bearer ${response.body.accessToken as string}`;
  };
  const adminToken = await login(config.auth.bootstrapAdmin.username, config.auth.bootstrapAdmin.password);

  let worker: INestApplicationContext | undefined;
  if (options.worker) {
    const workerRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    workerRef.useLogger(new PinoLogger(createPino(config.log.level)));
    worker = await workerRef.init();
  }
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    if (!queues.has(name)) queues.set(name, new Queue(name, { connection: bullConnection(config), prefix: config.redis.queuePrefix }));
    return queues.get(name)!;
  };
  const runJob = async (name: JobName, data: object = {}) => {
    const events = new QueueEvents(queueOf(name), { connection: bullConnection(config), prefix: config.redis.queuePrefix });
    try {
      await events.waitUntilReady();
      const job = await queue(queueOf(name)).add(name, data);
      return await job.waitUntilFinished(events, 30_000);
    } finally {
      await events.close();
    }
  };
  return {
    app,
    config,
    clock,
    databaseName,
    http,
    login,
    adminToken,
    worker,
    runJob,
    close: async () => {
      await worker?.close();
      for (const name of QUEUE_NAMES) await queue(name).obliterate({ force: true });
      for (const q of queues.values()) await q.close();
      await app.close();
      await dropTestDatabase(databaseName);
    },
  };
}

/** Creates a user through the API (as the admin) and returns its bearer header and id. */
export async function createUser(
  t: TestApp,
  role: Role,
  scope: { regionCode?: string; providerId?: string; enterpriseId?: string } = {},
): Promise<{ token: string; id: string; username: string }> {
  const username = `${role}-${Math.random().toString(36).slice(2, 10)}`;
  const response = await t
    .http()
    .post('/users')
    .set('authorization', t.adminToken)
    .send({ username, password: PASSWORD, role, ...scope });
  if (response.status !== 201) throw new Error(`create user failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { token: await t.login(username, PASSWORD), id: response.body.id as string, username };
}

export async function createProvider(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Body> {
  const response = await t.http().post('/providers').set('authorization', t.adminToken).send(providerBody(overrides));
  if (response.status !== 201) throw new Error(`create provider failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function createEnterprise(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Body> {
  const response = await t.http().post('/enterprises').set('authorization', t.adminToken).send(enterpriseBody(overrides));
  if (response.status !== 201) throw new Error(`create enterprise failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Asserts an RFC 7807 answer with the API's stable code. */
export function expectProblem(response: request.Response, status: number, code: string): void {
  const summary = `${response.status} ${JSON.stringify(response.body)}`;
  if (response.status !== status || response.body?.code !== code) throw new Error(`expected ${status} ${code}, got ${summary}`);
  const type = response.headers['content-type'] as string | undefined; // absent on an empty answer
  if (!type?.startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${response.headers['content-type']}`);
  }
}
