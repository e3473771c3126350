import { execFileSync } from 'node:child_process';
import { databaseUrl, dropTestDatabases, templateName, withAdmin } from './databases.mjs';

/**
 * Once per run: name the run (test workers inherit IVL_TEST_RUN), drop what this run's name or
 * dead runs left, then migrate the template database that every test file clones. Migrations
 * run through the built CLI (`npm test` builds first), exactly as `npm run db:migrate` applies them.
 */
export default async function globalSetup() {
  // The e2e and medium projects both name this setup; Jest calls it once per project: one template a run.
  if (process.env.IVL_TEST_RUN === String(process.pid)) return;
  process.env.IVL_TEST_RUN = String(process.pid);
  await dropTestDatabases();
  await withAdmin((client) => client.query(`CREATE DATABASE "${templateName()}"`));
  execFileSync(process.execPath, ['dist/apps/cli/src/migrate.js'], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl(templateName()) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
