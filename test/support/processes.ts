import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { withServiceDefaults } from '../../apps/cli/src/process-env.js';
import { databaseUrl } from './test-databases.js';

/**
 * The environment of a built service process (API, worker or starter) started by a test: its own
 * database, port and queue prefix, and `overrides` on top.
 */
export function serviceEnv(databaseName: string, port: number, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...withServiceDefaults(process.env),
    DATABASE_URL: databaseUrl(databaseName),
    PORT: String(port),
    QUEUE_PREFIX: `ivl-service-${databaseName}`,
    ...overrides,
  };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the service
  return env;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Whether a process with this pid is alive (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
