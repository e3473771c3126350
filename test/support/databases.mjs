// Plain JavaScript so Jest's globalSetup (which bypasses the TypeScript transform's path mapping)
// and the TypeScript helpers share one definition of where the test databases live.
import pg from 'pg';

/** The local Postgres unless TEST_DATABASE_ADMIN_URL says otherwise. */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'ivl_test_template';
export const TEST_DB_PREFIX = 'ivl_test_f_';

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

export async function dropTestDatabases() {
  await withAdmin(async (client) => {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
