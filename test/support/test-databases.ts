import { databaseUrl, fileDatabasePrefix, templateName, withAdmin } from './databases.mjs';

export { databaseUrl };

/** A fresh database for one test file, cloned from the run's migrated template (fast: a file copy). */
export async function createTestDatabase(): Promise<string> {
  const name = `${fileDatabasePrefix()}${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin(async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`);
        return;
      } catch (error) {
        // Another file cloning the template at the same instant: wait and try again.
        if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
