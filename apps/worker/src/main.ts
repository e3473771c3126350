import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ivl/config';
import { createPino, PinoLogger } from '@ivl/core';
import { WorkerModule } from './worker.module.js';

const config = loadConfig();
const logger = new PinoLogger(createPino(config.log.level));
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
app.enableShutdownHooks();
await app.init();
logger.log('ivl worker started', 'Worker');
