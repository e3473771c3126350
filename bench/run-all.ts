/**
 * `npm run bench`: bench:redeem, bench:hot-county and bench:hot-voucher in sequence, each in its own
 * process (its own service and databases), then bench/results/summary.json and one JSON line.
 * Honours BENCH_SMOKE=1 (CI) like each of them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, resultsDir, SMOKE } from './support/env.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = [
  { name: 'redeem', script: 'redeem.js' },
  { name: 'hot-county', script: 'hot-county.js' },
  { name: 'hot-voucher', script: 'hot-voucher.js' },
];

function runChild(script: string): Promise<{ code: number | null; last: Record<string, unknown> | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(HERE, script)], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      const lines = out.trim().split('\n');
      let last: Record<string, unknown> | null;
      try {
        last = JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
      } catch {
        last = null;
      }
      resolve({ code, last });
    });
  });
}

const results: Record<string, unknown> = {};
let ok = true;
for (const bench of BENCHES) {
  log(`=== ${bench.name} ===`);
  const { code, last } = await runChild(bench.script);
  results[bench.name] = last ?? { bench: bench.name, failed: true, exitCode: code };
  if (code !== 0) {
    ok = false;
    log(`${bench.name} exited ${code}`);
  }
}
const summary = { bench: 'all', smoke: SMOKE, ok, ...results };
const dir = resultsDir();
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'summary.json'), `${JSON.stringify({ ...summary, date: new Date().toISOString() }, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(ok ? 0 : 1);
