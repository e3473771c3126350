import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { withServiceDefaults } from '../../apps/cli/src/process-env.js';
import { recreateDatabase, recreateDatabaseAt } from './db.js';
import { log, RESULTS_DIR, ROOT, settings } from './env.js';
import { type Child, freePort, LOG_DIR, memoryOf, removeQueueKeys, startNode, waitForHealth } from './process.js';

export { freePort, LOG_DIR, memoryOf } from './process.js';

const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');
const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/src/main.js');
const MIGRATE = path.join(ROOT, 'dist/apps/cli/src/migrate.js');
const CLUSTER_API = path.join(ROOT, 'dist/bench/support/cluster-api.js');
export const PROFILE_DIR = path.join(RESULTS_DIR, 'prof');

export interface ServiceOptions {
  /** Bench name: the database is ivl_bench_<name>, the queue prefix ivl-bench-<name>-<pid>, logs bench/results/logs/<name>-*.log. */
  name: string;
  /** Recreate this database instead of ivl_bench_<name> (the demo's). */
  databaseUrl?: string;
  /** Listen on this port (refused if taken) instead of the first free one from 3500. */
  port?: number;
  queuePrefix?: string;
  /**
   * `bench` (default): rate limits lifted, no request logs, the bench's pool sizes.
   * `service`: the service's own defaults, as `npm start` runs it (the demo, where people log in).
   */
  tuning?: 'bench' | 'service';
}

export interface Service {
  name: string;
  databaseName: string;
  databaseUrl: string;
  baseUrl: string;
  api: Child;
  worker: Child;
  stop(): Promise<void>;
}

const BENCH_TUNING = {
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
  RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: '100000',
  RATE_LIMIT_PUBLIC_PER_ADDRESS_PER_MINUTE: '100000',
  LOG_REQUESTS: 'false',
  LOG_LEVEL: 'warn',
};

/**
 * As `npm start` would on a fresh database: migrate, then the API and the worker as two
 * processes (with the bench tuning unless told otherwise), and waits for /health. They run until
 * `stop()`.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const databaseName = options.databaseUrl
    ? new URL(options.databaseUrl).pathname.slice(1)
    : `ivl_bench_${options.name.replace(/-/g, '_')}`;
  const databaseUrl = options.databaseUrl ? await recreateDatabaseAt(options.databaseUrl) : await recreateDatabase(databaseName);
  const port = options.port ?? (await freePort(3500));
  if (options.port !== undefined && (await freePort(port)) !== port) throw new Error(`port ${port} is in use; set PORT to another one`);
  const queuePrefix = options.queuePrefix ?? `ivl-bench-${options.name}-${process.pid}`;
  const bench = (options.tuning ?? 'bench') === 'bench';
  const env: NodeJS.ProcessEnv = {
    ...withServiceDefaults(process.env),
    NODE_ENV: 'development',
    // One key for the service's processes: with BENCH_API_PROCESSES > 1 each API process would
    // otherwise make its own, and a token from one would be refused by the others.
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(48).toString('base64url'),
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    REDIS_URL: settings.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    ...(bench ? BENCH_TUNING : {}),
    ...(settings.pgLogStatements
      ? {
          PGOPTIONS: [
            '-c log_min_duration_statement=0',
            ...(settings.pgLogNested
              ? [
                  '-c track_functions=all',
                  '-c session_preload_libraries=auto_explain',
                  '-c auto_explain.log_min_duration=0',
                  '-c auto_explain.log_nested_statements=on',
                ]
              : []),
          ].join(' '),
        }
      : {}),
  };
  delete env.NODE_OPTIONS;

  const migrate = startNode(`${options.name}-migrate`, MIGRATE, env);
  const code = await migrate.exited;
  if (code !== 0) throw new Error(`migrations failed (exit ${code}); see ${LOG_DIR}/${options.name}-migrate.log`);

  const apiArgs = [
    ...settings.apiNodeArgs,
    ...(settings.cpuProfile
      ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${options.name}-api-${Date.now()}.cpuprofile`]
      : []),
  ];
  const api = startNode(
    `${options.name}-api`,
    settings.apiProcesses > 1 ? CLUSTER_API : API_MAIN,
    {
      ...env,
      ...(bench ? { DATABASE_POOL_SIZE: String(settings.apiPoolSize) } : {}),
      BENCH_API_PROCESSES: String(settings.apiProcesses),
    },
    { nodeArgs: apiArgs },
  );
  const worker = startNode(`${options.name}-worker`, WORKER_MAIN, {
    ...env,
    ...(bench ? { DATABASE_POOL_SIZE: String(settings.workerPoolSize) } : {}),
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const service: Service = {
    name: options.name,
    databaseName,
    databaseUrl,
    baseUrl,
    api,
    worker,
    stop: async () => {
      await Promise.all([api.stop(), worker.stop()]);
      await removeQueueKeys(settings.redisUrl, queuePrefix);
    },
  };
  try {
    await waitForHealth(baseUrl, [api, worker]);
  } catch (error) {
    await service.stop();
    throw error;
  }
  log(
    `service up at ${baseUrl} (api pid ${api.pid}, worker pid ${worker.pid}, database ${databaseName}${bench ? `, pool ${settings.apiPoolSize}` : ''})`,
  );
  return service;
}

/** Samples VmRSS of a process every `everyMs` until stopped; returns the highest sample and VmHWM. */
export function sampleMemory(pid: number, everyMs = 250): { stop(): { peakMb: number; maxSampledRssMb: number } } {
  let max = 0;
  const tick = () => {
    const m = memoryOf(pid);
    if (m && m.rssMb > max) max = m.rssMb;
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return { peakMb: memoryOf(pid)?.peakMb ?? NaN, maxSampledRssMb: max };
    },
  };
}
