import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { until } from '../support/polling.js';
import { freePort, isAlive, serviceEnv, stopChild } from '../support/processes.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-databases.js';

const ADMIN_PASSWORD = 'Supervision-2026';

interface StarterLine {
  name?: string;
  process?: string;
  pid: number;
  msg: string;
  signal?: string | null;
  code?: number | null;
  ranMs?: number;
  restartInMs?: number;
}

/**
 * `npm start` as built (node dist/apps/cli/src/start.js) on its own database, port and queue prefix:
 * a dead worker or API is restarted on its own while the other keeps serving; SIGTERM stops all.
 */
describe('the starter supervises the API and the worker', () => {
  let starter: ChildProcess;
  let databaseName: string;
  let baseUrl: string;
  const lines: StarterLine[] = [];
  const output: string[] = [];

  const starts = (name: string) =>
    lines.filter((l) => l.name === 'starter' && l.process === name && l.msg.includes('started')).map((l) => l.pid);
  /** The pid of the starter's running child for `name` (from the process table, not from the starter's word). */
  const pidOf = (name: 'api' | 'worker'): number | undefined => {
    let table: string;
    try {
      table = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(starter.pid)], { encoding: 'utf8' });
    } catch {
      return undefined; // no children (ps exits 1)
    }
    const row = table.split('\n').find((r) => r.includes(`dist/apps/${name}/src/main.js`));
    return row ? Number(row.trim().split(/\s+/)[0]) : undefined;
  };
  const health = () =>
    fetch(`${baseUrl}/health`).then(
      (r) => r.status,
      () => 0,
    );

  beforeAll(async () => {
    databaseName = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = serviceEnv(databaseName, port, {
      BOOTSTRAP_ADMIN_USERNAME: 'admin',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
      LOG_REQUESTS: 'false',
      OUTBOX_POLL_MS: '200',
    });
    delete env.NODE_ENV; // as a developer runs `npm start`: the starter picks development
    starter = spawn(process.execPath, ['dist/apps/cli/src/start.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [starter.stdout!, starter.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        try {
          lines.push(JSON.parse(line) as StarterLine);
        } catch {
          // not a JSON line (a stack on stderr): kept in `output` for the failure message
        }
      });
    }
    const up = await until(health, (status) => status === 200 || starter.exitCode !== null, 60_000);
    if (up !== 200) throw new Error(`the service did not start:\n${output.slice(-30).join('\n')}`);
  });
  afterAll(async () => {
    if (starter as ChildProcess | undefined) await stopChild(starter); // unset when beforeAll failed
    await dropTestDatabase(databaseName);
  });

  it('runs the children as development when NODE_ENV is unset, and says so', () => {
    expect(lines.some((l) => l.name === 'starter' && /NODE_ENV.*development/.test(l.msg))).toBe(true);
    expect(starts('api')).toHaveLength(1);
    expect(starts('worker')).toHaveLength(1);
  });

  it('a killed worker is restarted while the API answers /health throughout; the new worker builds a settlement run', async () => {
    const api = pidOf('api')!;
    const worker = pidOf('worker')!;
    const statuses: number[] = [];
    const stop = new AbortController();
    const poller = (async () => {
      while (!stop.signal.aborted) {
        statuses.push(await health());
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    try {
      await workerRestartedAndWorking(worker);
    } finally {
      stop.abort();
      await poller;
    }
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(pidOf('api')).toBe(api);
    expect(starts('api')).toEqual([api]);
  });

  async function workerRestartedAndWorking(worker: number): Promise<void> {
    process.kill(worker, 'SIGKILL');
    const restarted = await until(
      () => Promise.resolve(pidOf('worker')),
      (pid) => pid !== undefined && pid !== worker,
      20_000,
    );
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(worker);
    // The starter's log line of the new start may reach the pipe after ps already shows the process.
    expect(
      await until(
        () => Promise.resolve(starts('worker')),
        (pids) => pids.length === 2,
        5_000,
      ),
    ).toEqual([worker, restarted]);
    const death = lines.find((l) => l.process === 'worker' && l.pid === worker && l.signal !== undefined)!;
    expect(death).toMatchObject({ signal: 'SIGKILL', code: null, restartInMs: 1000 });
    expect(death.ranMs).toBeGreaterThan(0);

    const login = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const authorization = `Bearer ${accessToken}`;
    const requested = await fetch(`${baseUrl}/settlements/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ regionCode: '330702', period: '2026-01' }),
    });
    expect(requested.status).toBe(202);
    const { jobId } = (await requested.json()) as { jobId: string };
    const run = await until(
      () =>
        fetch(`${baseUrl}/settlements/runs/${jobId}`, { headers: { authorization } }).then((r) => r.json() as Promise<{ state: string }>),
      (body) => body.state === 'completed' || body.state === 'failed',
      30_000,
    );
    expect(run.state).toBe('completed');
  }

  it('a killed API comes back on the same port while the worker keeps running', async () => {
    const api = pidOf('api')!;
    const worker = pidOf('worker')!;
    process.kill(api, 'SIGKILL');
    const restarted = await until(
      () => Promise.resolve(pidOf('api')),
      (pid) => pid !== undefined && pid !== api,
      20_000,
    );
    expect(restarted).not.toBe(api);
    expect(await until(health, (status) => status === 200, 60_000)).toBe(200);
    expect(lines.find((l) => l.process === 'api' && l.pid === api && l.signal !== undefined)).toMatchObject({ signal: 'SIGKILL' });
    expect(pidOf('worker')).toBe(worker);
    expect(isAlive(worker)).toBe(true);
  });

  it('SIGTERM stops the API, the worker and the starter, which exits 0', async () => {
    const children = [pidOf('api')!, pidOf('worker')!];
    const exited = new Promise<number | null>((resolve) =>
      starter.once('exit', (code) => {
        resolve(code);
      }),
    );
    starter.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of children) expect(isAlive(pid)).toBe(false);
  });
});
