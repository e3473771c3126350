import pg from 'pg';
import { settings } from './env.js';

export function databaseUrl(name: string): string {
  const url = new URL(settings.adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, adminUrl = settings.adminDatabaseUrl): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function checkName(name: string): string {
  if (!/^ivl_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to touch database ${name}: bench databases are ivl_bench_*`);
  return name;
}

/** Drops (forcing out any session) and creates an empty database. Only ivl_bench_* names. */
export async function recreateDatabase(name: string): Promise<string> {
  checkName(name);
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  return databaseUrl(name);
}

const SYSTEM_DATABASES = ['postgres', 'template0', 'template1'];

/**
 * Drops and creates the database a URL names, through the `postgres` database of the same server
 * (the demo's database, which DEMO_DATABASE_URL or DATABASE_URL may name). Refuses the system databases.
 */
export async function recreateDatabaseAt(url: string): Promise<string> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name) || SYSTEM_DATABASES.includes(name)) throw new Error(`refusing to recreate database "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  }, admin.toString());
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  checkName(name);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function serverVersion(): Promise<string> {
  return withAdmin(async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version);
}

/** Runs queries on a bench database (for checks and EXPLAIN, never on the hot path). */
export async function withDatabase<T>(name: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(checkName(name)) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A CHECKPOINT, to start a measured window at a known point of the WAL cycle. After a checkpoint the
 * first change of every page writes the whole page to the WAL; a window that a checkpoint happened
 * to start in paid for far more WAL than one that did not (seen: 909 against 1,132 redemptions/s in
 * one bench). Each window now follows a checkpoint and a few seconds of the same work unmeasured
 * (`SETTLE_SECONDS`), so the burst of full-page writes falls outside every window alike, and the
 * next checkpoint (by WAL volume, about a minute later at full load) after it.
 */
export async function checkpoint(name: string): Promise<void> {
  await withDatabase(name, (client) => client.query('CHECKPOINT'));
}
