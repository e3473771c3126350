import { execFileSync } from 'node:child_process';
import { databaseUrl, dropTestDatabases, TEMPLATE_DB, withAdmin } from './databases.mjs';

/**
 * Once per run: drop what an earlier run left, then migrate the template database that every
 * test file clones. Migrations run through the built CLI (`npm test` builds first), exactly as
 * `npm run db:migrate` applies them.
 */
export default async function globalSetup() {
  await dropTestDatabases();
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`));
  execFileSync(process.execPath, ['dist/apps/cli/src/migrate.js'], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl(TEMPLATE_DB) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
