import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { announceReady, checkReachable, loadConfig, loadDotEnv, startOrExplain } from '@ivl/config';
import { createPino, PinoLogger } from '@ivl/core';
import { WorkerModule } from './worker.module.js';

loadDotEnv();
await startOrExplain(async () => {
  const config = loadConfig();
  await checkReachable({ database: config.database.url, redis: config.redis.url });
  const logger = new PinoLogger(createPino(config.log.level));
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class but takes a plain object (its documented use)
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  app.enableShutdownHooks();
  await app.init();
  logger.log('ivl worker started', 'Worker');
  announceReady();
});
