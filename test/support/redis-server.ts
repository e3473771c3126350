import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';

/** A private redis-server on its own port, to stop and start again: a real outage, not a mock. */
export class DisposableRedis {
  private process?: ChildProcess;

  constructor(readonly port = 16_400 + Math.floor(Math.random() * 1000)) {}

  private get running(): boolean {
    return this.process?.exitCode === null && this.process.signalCode === null;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitFor(() => canConnect(this.port), true);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitFor(() => canConnect(this.port), false);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function waitFor(probe: () => Promise<boolean>, wanted: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await probe()) !== wanted) {
    if (Date.now() > deadline) throw new Error(`redis did not become ${wanted ? 'reachable' : 'unreachable'}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
