import { dropTestDatabases } from './databases.mjs';

export default async function globalTeardown() {
  await dropTestDatabases();
}
