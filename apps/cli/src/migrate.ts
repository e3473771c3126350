import 'reflect-metadata';
import { type AppConfig, checkReachable, loadConfig, loadDotEnv, startOrExplain } from '@ivl/config';
import { createMigrationDataSource, ensureDatabase } from '@ivl/database';

/** Creates the database if it is missing and applies every pending migration (one process at a time). */
export async function migrate(config: AppConfig, log: (line: string) => void = console.log): Promise<void> {
  if (await ensureDatabase(config.database.url)) log(`created database ${new URL(config.database.url).pathname.slice(1)}`);
  const dataSource = createMigrationDataSource(config);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(applied.length ? `applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'database schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  await startOrExplain(async () => {
    const config = loadConfig();
    await checkReachable({ database: config.database.url });
    await migrate(config);
  });
}
