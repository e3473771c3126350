import type pg from 'pg';

export declare const ADMIN_URL: string;
export declare const TEMPLATE_DB: string;
export declare const TEST_DB_PREFIX: string;
export declare function databaseUrl(name: string): string;
export declare function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
export declare function dropTestDatabases(): Promise<void>;
