import type { EntityManager } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a statement of a hot path as a named prepared statement on the transaction's connection:
 * Postgres parses and plans it once per connection instead of on every call (TypeORM's
 * `manager.query` sends unnamed statements, planned afresh each time). `name` must be unique
 * per SQL text. Outside a transaction it falls back to `manager.query`.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased) return manager.query(text, values);
  const client = (await runner.connect()) as PgClient;
  const result = await client.query({ name, text, values });
  return result.rows as T[];
}

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs one statement as a named prepared statement in autocommit, on any pooled connection: the
 * statement is its own transaction, so a use case written as one database function (e.g.
 * redeem_hold) costs a single round trip, with no BEGIN and COMMIT around it.
 */
export async function preparedAutocommit<T = Record<string, unknown>>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (manager.dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) return manager.query(text, values);
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
