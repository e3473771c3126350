#!/usr/bin/env node
// Each thing has one home (issue 11). Fails, naming file and line, when
//  - SQL is written outside a `*.repository.ts` file or a migration (statements, `.query(`,
//    query builders, entity repositories), or
//  - a decision is taken on `actor.role` outside the access policy (libs/core/src/access.ts).
// The database lib's plumbing (the data source, database creation, the prepared-statement
// runner) is the one exception: it runs statements it is given.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SCANNED = ['apps/api/src', 'apps/worker/src', 'apps/cli/src', 'libs'];
const PLUMBING = new Set([
  'libs/database/src/prepared-query.ts',
  'libs/database/src/paged-query.ts',
  'libs/database/src/ensure-database.ts',
  'libs/database/src/data-source.ts',
]);
const SQL = [
  /\.query\s*[(<]/,
  /\bpreparedQuery\s*[(<]/,
  /createQueryBuilder|getRepository\s*\(/,
  /\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|TRUNCATE\s+)/,
];
const ROLE = /\bactor\??\.role\s*[!=]==|switch\s*\(\s*actor\.role\s*\)/;
const ROLE_HOMES = new Set(['libs/core/src/access.ts', 'libs/core/src/actor.ts']);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(name) && !/\.(spec|e2e-spec|medium-spec)\.ts$/.test(name)) yield path;
  }
}

const problems = [];
for (const dir of SCANNED) {
  for (const path of files(join(root, dir))) {
    const file = relative(root, path);
    const sqlHome = file.endsWith('.repository.ts') || file.includes('/migrations/') || PLUMBING.has(file);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may name SQL and roles
      if (!sqlHome && SQL.some((re) => re.test(line))) problems.push(`${file}:${i + 1}: SQL outside a repository: ${line.trim()}`);
      if (!ROLE_HOMES.has(file) && ROLE.test(line))
        problems.push(`${file}:${i + 1}: a role decision outside the access policy: ${line.trim()}`);
    });
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(
    `\n${problems.length} thing(s) outside their home: SQL goes in <lib>/src/*.repository.ts, role decisions in libs/core/src/access.ts.`,
  );
  process.exit(1);
}
console.log('homes: SQL only in repositories and migrations, role decisions only in the access policy');
