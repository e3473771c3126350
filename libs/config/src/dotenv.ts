import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the working directory (npm runs every script from the project root) into
 * process.env. A variable the environment already has, even empty, keeps its value. Node's own
 * parser (process.loadEnvFile), not --env-file-if-exists: that flag prints "not found" at every
 * start without a .env.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
