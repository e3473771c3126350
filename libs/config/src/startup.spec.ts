import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './app-config.js';
import { explainStartupError } from './startup.js';

/** The causes the start-up e2e spec cannot easily stage (a wrong password, a missing database). */
describe('a start-up failure explained', () => {
  const env = { DATABASE_URL: 'postgres://ivl:secret@db.example:5432/ivl', REDIS_URL: 'redis://cache.example:6380', PORT: '3000' };

  it('names DATABASE_URL without its password for the Postgres codes', () => {
    const wrongPassword = explainStartupError(
      Object.assign(new Error('password authentication failed for user "ivl"'), { code: '28P01' }),
      env,
    )!;
    expect(wrongPassword).toContain('DATABASE_URL=postgres://ivl:***@db.example:5432/ivl');
    expect(wrongPassword).not.toContain('secret');
    expect(explainStartupError(Object.assign(new Error('database "ivl" does not exist'), { code: '3D000' }), env)).toMatch(/db:migrate/);
  });

  it('tells Redis from Postgres by the port that refused', () => {
    expect(explainStartupError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', port: 6380 }), env)).toMatch(
      /^Redis .*REDIS_URL=redis:\/\/cache\.example:6380/,
    );
    expect(explainStartupError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', port: 5432 }), env)).toMatch(
      /^Postgres .*DATABASE_URL=/,
    );
  });

  it('words a port in use and an invalid configuration; anything else keeps its stack', () => {
    expect(explainStartupError(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000 }), env)).toMatch(
      /^Port 3000 is already in use \(PORT=3000\)/,
    );
    expect(explainStartupError(new ConfigError(['PORT="abc": PORT must be an integer number']), env)).toMatch(
      /^The configuration is invalid: PORT="abc"/,
    );
    expect(explainStartupError(new TypeError('x is not a function'), env)).toBeUndefined();
  });
});
