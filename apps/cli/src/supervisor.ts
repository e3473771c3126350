import { type ChildProcess, fork } from 'node:child_process';
import type { Logger as Pino } from 'pino';
import { EXIT_MISCONFIGURED } from '@ivl/config';

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** A child that stayed up this long is healthy again: its next restart waits FIRST_DELAY_MS. */
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface SupervisedEvents {
  /** The process said it is up (its first `ready` message since it was started). */
  ready(name: string): void;
  /**
   * The process exited with EXIT_MISCONFIGURED before it was ever up: it printed why, and starting
   * it again would fail the same way. It is not restarted.
   */
  misconfigured(name: string): void;
}

/**
 * One service process (the API or the worker) kept running: when it dies unexpectedly it is started
 * again after a delay doubling from 1 s to 30 s, reset once it has stayed up a minute. Every start
 * and every death is a JSON log line naming the process and its pid. A process that was up once and
 * exits misconfigured later (its database gone at a restart) is restarted: its configuration worked.
 */
export class Supervised {
  private child?: ChildProcess;
  private startedAt = 0;
  private delayMs = FIRST_DELAY_MS;
  private restart?: NodeJS.Timeout;
  private stopping = false;
  private everReady = false;

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Pino,
    private readonly events: SupervisedEvents,
    /** Where the process's stdout goes (a file descriptor), instead of the starter's stdout. */
    private readonly stdout: number | 'inherit' = 'inherit',
  ) {}

  start(): void {
    this.restart = undefined;
    const child = fork(this.script, { env: this.env, stdio: ['inherit', this.stdout, 'inherit', 'ipc'] });
    this.child = child;
    this.startedAt = Date.now();
    this.log.info({ process: this.name, pid: child.pid }, `${this.name} started (pid ${child.pid})`);
    child.on('message', (message) => {
      if (message !== 'ready') return;
      this.everReady = true;
      this.events.ready(this.name);
    });
    child.once('exit', (code, signal) => {
      this.exited(child, code, signal);
    });
  }

  /** Stops the process (SIGTERM, SIGKILL after a grace period) and does not start it again. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    const child = this.child;
    if (child?.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(kill);
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const ranMs = Date.now() - this.startedAt;
    if (code === EXIT_MISCONFIGURED && !this.everReady) {
      this.log.error(
        { process: this.name, pid: child.pid, code, ranMs },
        `${this.name} (pid ${child.pid}) cannot start (misconfigured): not restarted`,
      );
      this.events.misconfigured(this.name);
      return;
    }
    if (ranMs >= STABLE_AFTER_MS) this.delayMs = FIRST_DELAY_MS;
    const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
    this.log.warn(
      { process: this.name, pid: child.pid, code, signal, ranMs, restartInMs: this.delayMs },
      `${this.name} (pid ${child.pid}) ${why} after ${(ranMs / 1000).toFixed(1)} s; restarting in ${this.delayMs / 1000} s`,
    );
    // Restarting from a timer also means a signal that stops the starter and its children together
    // (Ctrl-C reaches the whole process group) is handled before anything is started again.
    this.restart = setTimeout(() => {
      this.start();
    }, this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
  }
}
