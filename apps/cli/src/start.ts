import { fileURLToPath } from 'node:url';
import { loadConfig } from '@ivl/config';
import { createPino } from '@ivl/core';
import { migrate } from './migrate.js';
import { withDevelopmentDefault, withServiceDefaults } from './process-env.js';
import { Supervised } from './supervisor.js';

/**
 * `npm start`: migrate once, then run the API and the worker as child processes, each restarted
 * on its own when it dies (the other keeps serving). SIGINT or SIGTERM stops both and exits 0.
 */
const { env, defaulted } = withDevelopmentDefault(withServiceDefaults(process.env));
const config = loadConfig({ NODE_ENV: env.NODE_ENV });
const log = createPino(config.log.level).child({ name: 'starter' });
if (defaulted) log.warn('NODE_ENV is not set: the API and the worker run with NODE_ENV=development');
await migrate(config, (line) => log.info(line));

const services = [
  new Supervised('api', fileURLToPath(new URL('../../api/src/main.js', import.meta.url)), env, log),
  new Supervised('worker', fileURLToPath(new URL('../../worker/src/main.js', import.meta.url)), env, log),
];
for (const service of services) service.start();

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping the API and the worker`);
  await Promise.all(services.map((s) => s.stop()));
  log.info('stopped');
  process.exit(0);
};
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));
