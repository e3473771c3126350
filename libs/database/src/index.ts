export { toBigInt } from './columns.js';
export { createMigrationDataSource, dataSourceOptions } from './data-source.js';
export { DatabaseModule } from './database.module.js';
export { ensureDatabase } from './ensure-database.js';
export { isUniqueViolation, pgCode, pgConstraint, TransactionRunner } from './transaction-runner.js';
export type { IsolationLevel } from './transaction-runner.js';
export { pagedQuery } from './paged-query.js';
export type { PagedStatement } from './paged-query.js';
export { preparedAutocommit, preparedQuery } from './prepared-query.js';
