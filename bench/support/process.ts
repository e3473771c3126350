import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { log, RESULTS_DIR, ROOT } from './env.js';
import { required } from '@ivl/core';

/** The service processes' logs during a bench: bench/results/logs/<name>.log. */
export const LOG_DIR = path.join(RESULTS_DIR, 'logs');

/** A child node process whose output goes to a log file. */
export class Child {
  readonly exited: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly process: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) =>
      process.once('exit', (code, signal) => {
        resolve(code ?? (signal ? -1 : null));
      }),
    );
  }

  get pid(): number {
    return required(this.process.pid, 'the pid of a spawned process');
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** SIGTERM (the processes close their pools and queues), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (this.running) {
        log(`${this.name} did not stop within ${graceMs} ms: SIGKILL`);
        this.process.kill('SIGKILL');
      }
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * A node script as a child process (without the caller's NODE_OPTIONS); its stdout and stderr go to
 * LOG_DIR/<name>.log, and stdout is also kept in memory when `capture` is given.
 */
export function startNode(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  options: { nodeArgs?: string[]; capture?: { stdout: string[] } } = {},
): Child {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const out = createWriteStream(logFile);
  const childEnv = { ...env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const capture = options.capture;
  if (capture) child.stdout.on('data', (chunk: Buffer) => capture.stdout.push(chunk.toString()));
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  return new Child(name, child, logFile);
}

/** A free TCP port from `from` upwards (loopback). */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 300; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => {
        resolve(false);
      });
      server.listen(port, '0.0.0.0', () =>
        server.close(() => {
          resolve(true);
        }),
      );
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}..${from + 299}`);
}

/** Peak (VmHWM) and current (VmRSS) resident set of a process, in MiB, from /proc (summed over its child processes when it has any: the cluster experiment). */
export function memoryOf(pid: number): { peakMb: number; rssMb: number } | undefined {
  const children = childPids(pid);
  if (children.length > 0) {
    const parts = [pid, ...children].map(ownMemoryOf).filter((m) => m !== undefined);
    return { peakMb: round1(parts.reduce((a, m) => a + m.peakMb, 0)), rssMb: round1(parts.reduce((a, m) => a + m.rssMb, 0)) };
  }
  return ownMemoryOf(pid);
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function ownMemoryOf(pid: number): { peakMb: number; rssMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: round1(kb('VmHWM') / 1024), rssMb: round1(kb('VmRSS') / 1024) };
  } catch {
    return undefined;
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Deletes the BullMQ keys of a queue prefix (bounded SCAN). */
export async function removeQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } catch (error) {
    log(`could not remove queue keys ${prefix}:*: ${String(error)}`);
  } finally {
    redis.disconnect();
  }
}

/** Waits up to 90 s for `baseUrl`/health to answer 200; fails at once when one of `children` exits meanwhile (naming its log). */
export async function waitForHealth(baseUrl: string, children: Child[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    for (const child of children) {
      if (!child.running) throw new Error(`${child.name} exited during start; see ${child.logFile}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${baseUrl}/health did not answer within 90 s`);
}
