import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const HZ = 100;

interface Snapshot {
  at: number;
  procs: Map<number, { comm: string; ticks: number }>;
  system: number[];
}

function readStat(pid: number): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[11] utime, fields[12] stime (the 14th and 15th of the whole line)
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** For a postgres process: the database of a backend (from its title), '' for a background process. */
function postgresDatabase(pid: number): string {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    // "postgres: 15/main: <user> <database> <host>(<port>) <state>"
    const m = /^postgres: [^:]+: (\S+) (\S+) /.exec(title);
    return m && !/^(checkpointer|background|walwriter|autovacuum|logical|stats|archiver|walsender|startup)$/.test(m[1]) ? m[2] : '';
  } catch {
    return '';
  }
}

function snapshot(): Snapshot {
  const procs = new Map<number, { comm: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) procs.set(Number(entry), stat.comm === 'postgres' ? { ...stat, comm: `postgres:${postgresDatabase(Number(entry))}` } : stat);
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { at: performance.now(), procs, system: cpu };
}

export interface CpuUsage {
  wallSec: number;
  /** CPU seconds used during the window by the bench's own processes. */
  cpuSec: { api: number; worker: number; postgres: number; loadGenerator: number };
  /**
   * CPU seconds of everything else: the machine's busy time less the bench's processes (so it also
   * counts processes that started and ended inside the window); of which backends of other databases.
   */
  foreignCpuSec: number;
  foreignPostgresCpuSec: number;
  /** Whole machine, in % of all cores: busy (user, system, irq), steal (taken by the hypervisor), idle. */
  machine: { busyPct: number; stealPct: number; idlePct: number; iowaitPct: number; busyCpuSec: number; capacityCpuSec: number };
  /** True when foreign work took more than 10 % of the machine or steal more than 5 %: the figures are disturbed. */
  disturbed: boolean;
}

/**
 * CPU accounting of a measurement window from /proc: the API, the worker, the postgres backends of
 * the bench's database with Postgres's background processes, backends of other databases (another
 * job on the machine), this process (the load generator), and everything else; plus the machine's busy, steal and idle
 * shares, which tell whether the run was CPU-bound or disturbed.
 */
export function cpuWindow(pids: { api: number; worker: number }, database?: string): { stop(): CpuUsage } {
  const before = snapshot();
  return {
    stop: () => {
      const after = snapshot();
      const apiPids = new Set([pids.api, ...childPids(pids.api)]);
      const parts = { api: 0, worker: 0, postgres: 0, loadGenerator: 0, otherPostgres: 0 };
      for (const [pid, now] of after.procs) {
        const delta = (now.ticks - (before.procs.get(pid)?.ticks ?? 0)) / HZ;
        if (delta <= 0) continue;
        if (apiPids.has(pid)) parts.api += delta;
        else if (pid === pids.worker) parts.worker += delta;
        else if (pid === process.pid) parts.loadGenerator += delta;
        else if (now.comm.startsWith('postgres:')) {
          // The bench's database and Postgres's background processes, versus backends of other databases.
          const db = now.comm.slice('postgres:'.length);
          if (db === '' || database === undefined || db === database) parts.postgres += delta;
          else parts.otherPostgres += delta;
        }
      }
      const d = after.system.map((v, i) => v - (before.system[i] ?? 0));
      // user nice system idle iowait irq softirq steal
      const totalTicks = d.slice(0, 8).reduce((a, b) => a + b, 0) || 1;
      const pct = (x: number) => Math.round((x / totalTicks) * 1000) / 10;
      const round2 = (x: number) => Math.round(x * 100) / 100;
      const busy = (d[0] + d[1] + d[2] + d[5] + d[6]) / HZ;
      const ours = parts.api + parts.worker + parts.postgres + parts.loadGenerator;
      const foreign = Math.max(0, busy - ours);
      const capacity = totalTicks / HZ;
      const steal = pct(d[7] ?? 0);
      return {
        wallSec: round2((after.at - before.at) / 1000),
        cpuSec: {
          api: round2(parts.api),
          worker: round2(parts.worker),
          postgres: round2(parts.postgres),
          loadGenerator: round2(parts.loadGenerator),
        },
        foreignCpuSec: round2(foreign),
        foreignPostgresCpuSec: round2(parts.otherPostgres),
        machine: {
          busyPct: pct(busy * HZ),
          stealPct: steal,
          idlePct: pct(d[3]),
          iowaitPct: pct(d[4]),
          busyCpuSec: round2(busy),
          capacityCpuSec: round2(capacity),
        },
        disturbed: foreign > 0.1 * capacity || steal > 5,
      };
    },
  };
}

/** CPU milliseconds per operation of each part (`machineBusy`: everything that ran, foreign work included). */
export function cpuMsPer(usage: CpuUsage, operations: number): Record<string, number> {
  const per = (sec: number) => Math.round(((sec * 1000) / Math.max(1, operations)) * 100) / 100;
  const c = usage.cpuSec;
  return {
    api: per(c.api),
    postgres: per(c.postgres),
    loadGenerator: per(c.loadGenerator),
    worker: per(c.worker),
    ours: per(c.api + c.postgres + c.loadGenerator + c.worker),
    foreign: per(usage.foreignCpuSec),
    machineBusy: per(usage.machine.busyCpuSec),
  };
}
