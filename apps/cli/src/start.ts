import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@ivl/config';
import { migrate } from './migrate.js';
import { withServiceDefaults } from './process-env.js';

/**
 * `npm start`: migrate once, then run the API and the worker as two child processes; if either
 * dies the other is stopped too, and a signal stops both.
 */
const config = loadConfig();
await migrate(config);

const env = withServiceDefaults(process.env);
const children: ChildProcess[] = [
  fork(fileURLToPath(new URL('../../api/src/main.js', import.meta.url)), { env }),
  fork(fileURLToPath(new URL('../../worker/src/main.js', import.meta.url)), { env }),
];
let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode === null ? c.once('exit', resolve) : resolve(null))))).then(() =>
    process.exit(code),
  );
};
for (const child of children) child.once('exit', (code) => stop(code ?? 1));
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
