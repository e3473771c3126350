import 'reflect-metadata';
import { announceReady, checkReachable, loadConfig, loadDotEnv, startOrExplain } from '@ivl/config';
import { createApiApp } from './create-api-app.js';
// Imported here only: Bull Board's Fastify plugin is CommonJS requiring ESM, which Jest on Node 20 cannot load.
import { mountQueueDashboard } from './queue-dashboard.js';
// Likewise: Jest cannot load @fastify/static, so only main.ts mounts the portal.
import { mountPortal } from './portal.js';

loadDotEnv();
await startOrExplain(async () => {
  const config = loadConfig();
  await checkReachable({ database: config.database.url, redis: config.redis.url });
  const app = await createApiApp(config);
  await mountQueueDashboard(app, config);
  await mountPortal(app, config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  console.log(
    `ivl api listening on http://localhost:${config.port} — docs at http://localhost:${config.port}/docs, queues at /queues, portal at /`,
  );
  announceReady();
});
