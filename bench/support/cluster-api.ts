/**
 * Experiment only (BENCH_API_PROCESSES=N > 1): N API processes sharing one port through Node's
 * cluster module, to see whether a second process overlaps the time one spends in socket writes.
 * `npm start` runs one API process; this is not how the service is deployed today.
 */
import cluster from 'node:cluster';
import path from 'node:path';
import { ROOT } from './env.js';

const count = Math.max(1, Math.min(8, Number(process.env.BENCH_API_PROCESSES ?? 2)));
cluster.setupPrimary({ exec: path.join(ROOT, 'dist/apps/api/src/main.js') });

let stopping = false;
// One after the other, so that only the first one meets an empty users table (bootstrap admin).
const forkNext = (left: number) => {
  if (left === 0 || stopping) return;
  const worker = cluster.fork();
  worker.once('listening', () => {
    forkNext(left - 1);
  });
};
forkNext(count);
cluster.on('exit', (worker, code) => {
  if (!stopping) {
    console.error(`api worker ${worker.process.pid} exited (${code}): stopping`);
    stop();
  }
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
});

function stop() {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  setTimeout(() => process.exit(0), 12_000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
