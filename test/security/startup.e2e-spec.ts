import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { freePort, serviceEnv, stopChild } from '../support/processes.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-databases.js';

/** The misconfigured exit code (EXIT_MISCONFIGURED in libs/config): the starter does not restart. */
const MISCONFIGURED = 78;
/** Long enough for a busy 2-core machine; the old behaviour (retrying forever) never ends. */
const BOUND_MS = 45_000;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string[];
  stderr: string[];
}

/** `npm start` as built (or another built `script`) in `env`; resolves when it exits, or kills it at BOUND_MS (code null). */
function runStarter(env: NodeJS.ProcessEnv, script = 'dist/apps/cli/src/start.js'): Promise<Outcome> {
  const starter = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  starter.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  starter.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const timer = setTimeout(() => void stopChild(starter), BOUND_MS);
  return new Promise((resolve) =>
    starter.once('close', (code, signal) => {
      clearTimeout(timer);
      const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
      resolve({ code, signal, stdout: lines(out.stdout), stderr: lines(out.stderr) });
    }),
  );
}

/** The lines that are not JSON log lines: what a person reads. */
const prose = (lines: string[]) =>
  lines.filter((line) => {
    try {
      JSON.parse(line);
      return false;
    } catch {
      return true;
    }
  });

function expectOneParagraph(outcome: Outcome, mentions: RegExp[]): string {
  expect({ code: outcome.code, signal: outcome.signal }).toEqual({ code: MISCONFIGURED, signal: null });
  const all = [...outcome.stdout, ...outcome.stderr];
  expect(all.filter((line) => line.startsWith('    at '))).toEqual([]);
  const paragraphs = prose(outcome.stderr).filter((line) => mentions.every((m) => m.test(line)));
  expect(paragraphs).toHaveLength(1);
  return paragraphs[0];
}

describe('npm start says what is wrong in one paragraph and stops', () => {
  let databaseName: string;
  const env = (overrides: NodeJS.ProcessEnv) =>
    serviceEnv(databaseName, 3000, { NODE_ENV: 'development', LOG_LEVEL: 'warn', ...overrides });

  beforeAll(async () => {
    databaseName = await createTestDatabase();
  });
  afterAll(async () => {
    await dropTestDatabase(databaseName);
  });

  it('Postgres unreachable: names DATABASE_URL and the fix, never falls back to a local Postgres', async () => {
    const port = await freePort(); // nothing listens there
    const outcome = await runStarter(env({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ivl`, PORT: String(await freePort()) }));
    const paragraph = expectOneParagraph(outcome, [
      /DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:\d+\/ivl/,
      /does not answer/,
      /Start Postgres/,
    ]);
    expect(paragraph).toContain(`127.0.0.1:${port}`);
    expect(outcome.stdout.join('\n')).not.toMatch(/embedded/i);
  });

  it('Redis unreachable: names REDIS_URL and the fix', async () => {
    const port = await freePort(); // nothing listens there
    const outcome = await runStarter(env({ REDIS_URL: `redis://127.0.0.1:${port}`, PORT: String(await freePort()) }));
    expectOneParagraph(outcome, [new RegExp(`REDIS_URL=redis://127\\.0\\.0\\.1:${port}`), /does not answer/, /Start Redis/]);
  });

  it('a role Postgres does not know: names DATABASE_URL and how to fix it', async () => {
    const url = new URL(serviceEnv(databaseName, 0).DATABASE_URL!);
    url.username = 'no_such_role';
    const outcome = await runStarter(env({ DATABASE_URL: url.toString(), PORT: String(await freePort()) }));
    expectOneParagraph(outcome, [/DATABASE_URL=postgres:\/\/no_such_role@/, /role "no_such_role" does not exist/, /createuser/]);
  });

  it('PORT=abc: names the variable with the value as written (not null)', async () => {
    const outcome = await runStarter(env({ PORT: 'abc' }));
    const paragraph = expectOneParagraph(outcome, [/PORT="abc"/, /must be an integer/, /\.env/]);
    expect(paragraph).not.toContain('null');
  });

  it.each(['api/src/main.js', 'worker/src/main.js', 'cli/src/migrate.js'])('%s on its own says it the same way', async (script) => {
    const port = await freePort(); // nothing listens there
    const outcome = await runStarter(env({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ivl` }), `dist/apps/${script}`);
    expectOneParagraph(outcome, [/DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:\d+\/ivl/, /does not answer/, /Start Postgres/]);
  });

  it('the port in use: the API says so in one paragraph, the starter stops instead of restarting it', async () => {
    const port = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '0.0.0.0', resolve));
    try {
      const outcome = await runStarter(env({ PORT: String(port), LOG_LEVEL: 'info' }));
      expectOneParagraph(outcome, [new RegExp(`Port ${port} is already in use \\(PORT=${port}\\)`), /set PORT to a free port/]);
      const apiStarts = outcome.stdout.filter((line) => line.includes('"msg":"api started'));
      expect(apiStarts).toHaveLength(1);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
