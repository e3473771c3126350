import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@ivl/config';

const STRONG_SECRET = randomBytes(48).toString('base64url');
const ADMIN = { BOOTSTRAP_ADMIN_USERNAME: 'jh-city-admin', BOOTSTRAP_ADMIN_PASSWORD: 'Wucheng-River-2026' };
/** Every variable this spec is about, unset, whatever the shell that runs the tests exports. */
const UNSET = { NODE_ENV: undefined, JWT_SECRET: undefined, BOOTSTRAP_ADMIN_USERNAME: undefined, BOOTSTRAP_ADMIN_PASSWORD: undefined };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig({ ...UNSET, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration fails closed', () => {
  it('refuses to start without JWT_SECRET unless NODE_ENV says development or test', () => {
    expect(problemsOf({ ...ADMIN }).join()).toMatch(/JWT_SECRET/);
    expect(problemsOf({ NODE_ENV: 'production', ...ADMIN }).join()).toMatch(/JWT_SECRET/);
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'test' })).toEqual([]);
    expect(loadConfig({ ...UNSET, JWT_SECRET: STRONG_SECRET, ...ADMIN }).env).toBe('production');
  });

  it('refuses the old development constant and other placeholders as a production secret', () => {
    for (const secret of [
      'development-only-secret-do-not-use-in-production',
      'change-me-change-me-change-me-change-me',
      'please-CHANGE_ME-before-going-live-0123456789',
      'short-but-random-9fK2',
    ]) {
      expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: secret, ...ADMIN }).join()).toMatch(/JWT_SECRET/);
    }
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET, ...ADMIN })).toEqual([]);
  });

  it('refuses admin/admin, a missing or a weak bootstrap admin outside development', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET };
    expect(problemsOf(prod).join()).toMatch(
      /BOOTSTRAP_ADMIN_USERNAME.*BOOTSTRAP_ADMIN_PASSWORD|BOOTSTRAP_ADMIN_PASSWORD.*BOOTSTRAP_ADMIN_USERNAME/s,
    );
    expect(problemsOf({ ...prod, BOOTSTRAP_ADMIN_USERNAME: 'admin', BOOTSTRAP_ADMIN_PASSWORD: 'admin' }).join()).toMatch(
      /BOOTSTRAP_ADMIN_PASSWORD/,
    );
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, BOOTSTRAP_ADMIN_USERNAME: 'admin', BOOTSTRAP_ADMIN_PASSWORD: 'admin' }).join()).toMatch(
      /BOOTSTRAP_ADMIN_PASSWORD/,
    );
    expect(problemsOf({ ...prod, BOOTSTRAP_ADMIN_USERNAME: 'cityadmin2026', BOOTSTRAP_ADMIN_PASSWORD: 'CityAdmin2026' }).join()).toMatch(
      /username/,
    );
    expect(problemsOf({ ...prod, BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'password123' }).join()).toMatch(/common/);
    // Development keeps admin/admin, and signs with a key of its own rather than a published one.
    const dev = loadConfig({ ...UNSET, NODE_ENV: 'development' });
    expect(dev.auth.bootstrapAdmin).toEqual({ username: 'admin', password: 'admin' });
    expect(dev.auth.jwtSecret).not.toBe('development-only-secret-do-not-use-in-production');
    expect(dev.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('the built API exits at start, naming JWT_SECRET, when NODE_ENV is unset and no secret is given', () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      REDIS_URL: 'redis://127.0.0.1:1',
      ...ADMIN,
    };
    const run = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/^The configuration is invalid: .*JWT_SECRET/);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('    at '))).toEqual([]);
  });
});
