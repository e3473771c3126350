import type pg from 'pg';

export declare const ADMIN_URL: string;
export declare function runId(): string;
export declare function templateName(run?: string): string;
export declare function fileDatabasePrefix(run?: string): string;
export declare function databaseUrl(name: string): string;
export declare function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
export declare function dropTestDatabases(run?: string): Promise<void>;
