import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverVersion } from './db.js';
import { resultsDir, SMOKE, settings } from './env.js';

export interface Machine {
  nproc: number;
  cpuModel: string;
  totalMemoryGb: number;
  node: string;
  postgres: string;
  pgbench: string;
  os: string;
  date: string;
  /** 1-minute load average when the bench started: well above 0 means something else was running. */
  loadAvgAtStart: number;
}

export async function machineInfo(loadAvgAtStart: number): Promise<Machine> {
  let pgbench = 'unknown';
  try {
    pgbench = execFileSync('pgbench', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: await serverVersion(),
    pgbench,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAvgAtStart: Math.round(loadAvgAtStart * 100) / 100,
  };
}

/** Captures the 1-minute load average now (call first thing). */
export function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}

/**
 * Writes bench/results/<name>.json (smoke/ or experiments/ below it, see resultsDir) and prints the
 * summary as the last line of stdout.
 */
export function writeResult(name: string, summary: Record<string, unknown>, details: Record<string, unknown>, machine: Machine): string {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ ...summary, machine, settings: { ...settings, smoke: SMOKE }, details }, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return file;
}
