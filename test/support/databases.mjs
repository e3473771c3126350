// Plain JavaScript so Jest's globalSetup (which bypasses the TypeScript transform's path mapping)
// and the TypeScript helpers share one definition of where the test databases live.
import pg from 'pg';

/** The local Postgres unless TEST_DATABASE_ADMIN_URL says otherwise. */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Test databases are named `ivl_test_<pid of the jest run>_…`, so runs on one machine do not
 * touch each other's databases, and a run cleans up only after runs whose process is gone.
 */
const PREFIX = 'ivl_test_';

export function runId() {
  return process.env.IVL_TEST_RUN ?? String(process.pid);
}

export function templateName(run = runId()) {
  return `${PREFIX}${run}_tpl`;
}

export function fileDatabasePrefix(run = runId()) {
  return `${PREFIX}${run}_f_`;
}

export function databaseUrl(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin(work) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Drops this run's databases, and those of earlier runs whose process has ended. */
export async function dropTestDatabases(run = runId()) {
  await withAdmin(async (client) => {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]);
    for (const { datname } of rows) {
      const owner = /^ivl_test_(\d+)_/.exec(datname)?.[1];
      if (owner === run || (owner !== undefined && !alive(Number(owner)))) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  });
}
