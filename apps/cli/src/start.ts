import { mkdirSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { type AppConfig, checkReachable, EXIT_MISCONFIGURED, explainStartupError, loadConfig, loadDotEnv } from '@ivl/config';
import { createPino } from '@ivl/core';
import { DATA_DIR, type LocalServices, provideLocalServices } from './local-services.js';
import { migrate } from './migrate.js';
import { withDevelopmentDefault, withServiceDefaults } from './process-env.js';
import { Supervised } from './supervisor.js';

/**
 * `npm start`: Postgres and Redis (local ones when their variables are unset), migrate once, then
 * the API and the worker as child processes, each restarted on its own when it dies (the other
 * keeps serving). SIGINT or SIGTERM stops both, then what was started for them, and exits 0. A
 * start-up that cannot succeed (configuration, an address that does not answer, a port in use)
 * ends with one paragraph on stderr and exit code EXIT_MISCONFIGURED.
 *
 * In a terminal the JSON logs go to .data/logs/ and a short banner says where to go; elsewhere
 * (files, CI, production) every line stays JSON on stdout.
 */
loadDotEnv();
const { env: processEnv, defaulted } = withDevelopmentDefault(withServiceDefaults(process.env));
const terminal = process.stdout.isTTY;
const LOG_DIR = `${DATA_DIR}logs`;
const logFile = (name: string) => {
  mkdirSync(LOG_DIR, { recursive: true });
  return openSync(`${LOG_DIR}/${name}.log`, 'a');
};

let local: LocalServices | undefined;
let services: Supervised[] = [];
let stopping = false;
let env = processEnv;

const fail = async (error: unknown): Promise<never> => {
  const paragraph = explainStartupError(error, env);
  if (paragraph === undefined) throw error;
  process.stderr.write(`${paragraph}\n`);
  await stopAll();
  process.exit(EXIT_MISCONFIGURED);
};

/** The configuration, or the start ends here with the paragraph saying what is wrong with it. */
const loadConfigOrFail = async (): Promise<AppConfig> => {
  try {
    return loadConfig(env);
  } catch (error) {
    return fail(error);
  }
};

let config = await loadConfigOrFail();
const log = createPino(config.log.level, terminal ? pino.destination({ dest: logFile('starter'), sync: true }) : undefined).child({
  name: 'starter',
});
if (defaulted) log.warn('NODE_ENV is not set: the API and the worker run with NODE_ENV=development');
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));

try {
  local = await provideLocalServices(env, log);
  env = local.env;
  config = loadConfig(env);
  await checkReachable({ database: config.database.url, redis: config.redis.url });
  await migrate(config, (line) => {
    log.info(line);
  });
} catch (error) {
  await fail(error);
}

const ready = new Set<string>();
const events = {
  ready: (name: string) => {
    ready.add(name);
    if (ready.size === services.length && terminal) printBanner();
  },
  misconfigured: (name: string) => {
    process.stderr.write(`npm start: the ${name} cannot start (it says why above); stopping.\n`);
    void stopAll().then(() => process.exit(EXIT_MISCONFIGURED));
  },
};
services = (['api', 'worker'] as const).map(
  (name) =>
    new Supervised(
      name,
      fileURLToPath(new URL(`../../${name}/src/main.js`, import.meta.url)),
      env,
      log,
      events,
      terminal ? logFile(name) : 'inherit',
    ),
);
for (const service of services) service.start();

function printBanner(): void {
  const url = `http://localhost:${config.port}`;
  // The password is shown only when it is the development default everyone knows.
  const { username } = config.auth.bootstrapAdmin;
  const login = env.BOOTSTRAP_ADMIN_PASSWORD
    ? `${username} (password: BOOTSTRAP_ADMIN_PASSWORD)`
    : `${username} / ${config.auth.bootstrapAdmin.password}`;
  const lines = [
    '',
    `  金华创新券 · ivl is up (${config.env}${defaulted ? ': NODE_ENV was not set' : ''})`,
    `  Portal    ${url}/`,
    `  API docs  ${url}/docs`,
    `  Log in as ${login}  (npm run demo builds a world with a login per role)`,
    `  Logs      ${LOG_DIR}/{starter,api,worker}.log`,
    ...(local?.notes.length ? [`  Local     ${local.notes.join('; ')}`] : []),
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function stopAll(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(services.map((s) => s.stop()));
  await local?.stop();
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  log.info(`${signal}: stopping the API and the worker`);
  await stopAll();
  log.info('stopped');
  process.exit(0);
}
