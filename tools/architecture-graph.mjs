// Draws the lib graph into docs/architecture.md, between its two marker comments, as dependency-cruiser
// sees it (same config as `npm run lint:deps`): one node per app and lib, an arrow per import.
//   npm run docs:graph              rewrite the graph
//   npm run docs:graph -- --check   exit 1 if the committed graph is not what the code gives (CI)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const doc = `${root}docs/architecture.md`;
const START = '<!-- lib-graph:start (npm run docs:graph writes this part) -->';
const END = '<!-- lib-graph:end -->';

const mermaid = execFileSync(
  `${root}node_modules/.bin/depcruise`,
  [
    'apps',
    'libs',
    '--config',
    '.dependency-cruiser.cjs',
    '--include-only',
    '^(apps|libs)/',
    '--collapse',
    '^(apps|libs)/[^/]+',
    '--output-type',
    'mermaid',
  ],
  { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
).trim();

const text = readFileSync(doc, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start < 0 || end < start) {
  console.error(`docs/architecture.md: the markers are missing:\n${START}\n${END}`);
  process.exit(1);
}
const next = `${text.slice(0, start + START.length)}\n\`\`\`mermaid\n${mermaid}\n\`\`\`\n${text.slice(end)}`;

if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('docs/architecture.md: the lib graph is stale; run `npm run docs:graph` and commit it');
    process.exit(1);
  }
  console.log('docs/architecture.md: the lib graph is current');
} else if (next !== text) {
  writeFileSync(doc, next);
  console.log('docs/architecture.md: lib graph written');
} else {
  console.log('docs/architecture.md: lib graph unchanged');
}
