import { Registry1764100000000 } from './1764100000000-registry.js';
import { SeedRegions1764100000001 } from './1764100000001-seed-regions.js';

/** Every migration in order, as classes (TypeORM globs do not work under ESM). */
export const MIGRATIONS = [Registry1764100000000, SeedRegions1764100000001];
