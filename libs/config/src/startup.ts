import net from 'node:net';
import { ConfigError } from './app-config.js';

/**
 * Exit code of a process that cannot start because of its configuration or its surroundings
 * (sysexits' EX_CONFIG): starting it again would fail the same way, so the starter does not.
 */
export const EXIT_MISCONFIGURED = 78;

/** A start-up failure already worded for the person who starts the service: one paragraph, no stack. */
export class StartupError extends Error {}

const ENV_HINT = 'in the environment or in .env (.env.example lists every variable)';

/** `url` without its password, fit to be printed. */
export function shownUrl(url: string): string {
  try {
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    return shown.toString();
  } catch {
    return url;
  }
}

/** Whether something accepts TCP connections at host:port within `timeoutMs`. */
export function answers(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

interface Dependency {
  variable: 'DATABASE_URL' | 'REDIS_URL';
  what: string;
  defaultPort: number;
  fix: string;
}

const POSTGRES: Dependency = {
  variable: 'DATABASE_URL',
  what: 'Postgres',
  defaultPort: 5432,
  fix: 'Start Postgres there, or correct DATABASE_URL',
};
const REDIS: Dependency = {
  variable: 'REDIS_URL',
  what: 'Redis',
  defaultPort: 6379,
  fix: 'Start Redis there (redis-server), or correct REDIS_URL',
};

/**
 * Checks that Postgres and Redis answer at the addresses the configuration names, so that a wrong
 * address stops the process within seconds with the variable named, instead of the drivers'
 * endless reconnecting and their stacks. A Unix-socket database address is left to the driver.
 */
export async function checkReachable(urls: { database?: string; redis?: string }): Promise<void> {
  for (const [url, dep] of [
    [urls.database, POSTGRES],
    [urls.redis, REDIS],
  ] as const) {
    if (url === undefined) continue;
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!host) continue;
    const port = Number(target.port || dep.defaultPort);
    if (!(await answers(host, port))) {
      throw new StartupError(
        `${dep.what} does not answer at ${host}:${port} (${dep.variable}=${shownUrl(url)}). ${dep.fix} ${ENV_HINT}; ` +
          `or leave ${dep.variable} unset and \`npm start\` uses a local ${dep.what} (see README, "Run it").`,
      );
    }
  }
}

/**
 * The paragraph that explains a start-up failure whose cause is known (configuration, an address
 * that does not answer, a role or database Postgres refuses, a port in use), or undefined for any
 * other error (a bug: its stack is worth reading).
 */
export function explainStartupError(error: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (error instanceof StartupError) return error.message;
  if (error instanceof ConfigError) {
    return `The configuration is invalid: ${error.problems.join('; ')}. Correct ${error.problems.length > 1 ? 'these variables' : 'this variable'} ${ENV_HINT} and start again.`;
  }
  const e = error as { code?: unknown; port?: unknown; message?: unknown };
  // Node's socket errors carry the port as a number.
  const port = typeof e.port === 'number' || typeof e.port === 'string' ? String(e.port) : undefined;
  const database = shownUrl(env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ivl');
  switch (e.code) {
    case 'EADDRINUSE':
      return `Port ${port ?? env.PORT} is already in use (PORT=${env.PORT ?? '3000'}): another program listens on it, perhaps an earlier \`npm start\`. Stop that program, or set PORT to a free port (e.g. \`PORT=3001 npm start\`, or PORT=3001 in .env).`;
    case 'EACCES':
      if (port === undefined) return undefined;
      return `Port ${port} may not be opened by this user (PORT=${env.PORT}). Set PORT to a port above 1023 ${ENV_HINT}.`;
    case '28000':
    case '28P01':
      return `Postgres refused the user in DATABASE_URL=${database}: ${String(e.message)}. Put a user (and password) that Postgres knows in DATABASE_URL ${ENV_HINT}, or create it (\`createuser -s NAME\` as the postgres user).`;
    case '3D000':
      return `The database in DATABASE_URL=${database} does not exist: ${String(e.message)}. \`npm run db:migrate\` (or \`npm start\`) creates it; or correct DATABASE_URL ${ENV_HINT}.`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH': {
      const redis = env.REDIS_URL || 'redis://127.0.0.1:6379';
      const dep = port === (new URL(redis).port || '6379') ? REDIS : POSTGRES;
      const url = dep === REDIS ? shownUrl(redis) : database;
      return `${dep.what} does not answer (${e.code}) at ${dep.variable}=${url}. ${dep.fix} ${ENV_HINT}.`;
    }
    default:
      return undefined;
  }
}

/**
 * Runs a process's start-up: a failure with a known cause is printed as one paragraph on stderr and
 * the process exits with EXIT_MISCONFIGURED; any other error is thrown on, stack and all.
 */
export async function startOrExplain<T>(start: () => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const paragraph = explainStartupError(error, env);
    if (paragraph === undefined) throw error;
    process.stderr.write(`${paragraph}\n`);
    process.exit(EXIT_MISCONFIGURED);
  }
}

/** Tells the starter (when it forked this process) that the process is up. */
export function announceReady(): void {
  process.send?.('ready');
}
