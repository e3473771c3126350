import 'reflect-metadata';
import { loadConfig } from '@ivl/config';
import { createApiApp } from './create-api-app.js';

const config = loadConfig();
const app = await createApiApp(config);
await app.listen({ port: config.port, host: '0.0.0.0' });
console.log(`ivl api listening on http://localhost:${config.port} — docs at http://localhost:${config.port}/docs`);
