#!/usr/bin/env node
/**
 * Sums the statements one database ran, from a Postgres server log written with
 * log_min_duration_statement=0 (bench: BENCH_PG_LOG=1), between two times: calls and server time per
 * statement, and per redemption when told how many there were (issue 17, docs/benchmarks.md).
 *
 *   node tools/pg-log-statements.mjs --log /var/log/postgresql/postgresql-15-main.log \
 *     --db ivl_bench_redeem --from 16:50:01 --to 16:50:11 [--per 4000] [--json out.json]
 *
 * Extended-protocol statements log parse, bind and execute separately: a call is an execute (or a
 * simple `statement:`), its time the sum of the three.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const { log, db } = args;
if (!log || !db) throw new Error('usage: --log FILE --db NAME [--from HH:MM:SS] [--to HH:MM:SS] [--per N] [--json FILE]');
const per = args.per ? Number(args.per) : undefined;

const HEAD = /^(\d{4}-\d\d-\d\d (\d\d:\d\d:\d\d)\.\d+) \S+ \[(\d+)\] (\S*)@(\S*) (\w+):\s+(.*)$/;
const entries = [];
for (const line of readFileSync(log, 'utf8').split('\n')) {
  const m = HEAD.exec(line);
  if (m) entries.push({ time: m[2], pid: m[3], db: m[5], level: m[6], text: m[7], lines: [] });
  else if (entries.length > 0 && /^\s/.test(line)) {
    entries.at(-1).text += ` ${line.trim()}`;
    entries.at(-1).lines.push(line.trim());
  }
}

const stats = new Map();
let firstPid;
for (const e of entries) {
  if (e.db !== db || e.level !== 'LOG') continue;
  if (args.from && e.time < args.from) continue;
  if (args.to && e.time > args.to) continue;
  // auto_explain (BENCH_PG_LOG=nested): `duration: … ms  plan: Query Text: …` for each statement, nested ones too.
  const plan = /^duration: ([\d.]+) ms\s+plan:/.exec(e.text);
  const query = () => {
    const text = [];
    for (const [i, l] of e.lines.entries()) {
      if (
        i > 0 &&
        (/\(cost=/.test(l) ||
          /^(->|Result|Insert|Update|Delete|Index|Seq|Nested|Hash|Sort|Limit|Aggregate|CTE|LockRows|Function|ProjectSet|Append|Unique|Subquery|Bitmap)\b/.test(
            l,
          ))
      )
        break;
      text.push(i === 0 ? l.replace(/^Query Text: /, '') : l);
    }
    return `[plan] ${text.join(' ')}`;
  };
  const m = plan
    ? [null, plan[1], 'plan', null, query()]
    : /^duration: ([\d.]+) ms\s+(statement|parse|bind|execute)( [^:]*)?: (.*)$/.exec(e.text);
  if (!m) continue;
  const [, ms, phase, , sql] = m;
  const key = sql.replace(/\s+/g, ' ').trim().slice(0, 160);
  const s = stats.get(key) ?? { statement: key, calls: 0, ms: 0, pids: new Set() };
  if (phase === 'statement' || phase === 'execute' || phase === 'plan') s.calls += 1;
  s.ms += Number(ms);
  s.pids.add(e.pid);
  stats.set(key, s);
  firstPid ??= e.pid;
}
const rows = [...stats.values()]
  .sort((a, b) => b.ms - a.ms)
  .map((s) => ({
    statement: s.statement,
    calls: s.calls,
    ms: Math.round(s.ms),
    ...(per ? { callsPer: Math.round((s.calls / per) * 1000) / 1000, msPer: Math.round((s.ms / per) * 10000) / 10000 } : {}),
    backends: s.pids.size,
  }));
const total = rows.reduce((t, r) => ({ calls: t.calls + r.calls, ms: t.ms + r.ms }), { calls: 0, ms: 0 });
const summary = {
  db,
  from: args.from ?? null,
  to: args.to ?? null,
  per: per ?? null,
  calls: total.calls,
  ms: total.ms,
  ...(per ? { callsPer: Math.round((total.calls / per) * 100) / 100, msPer: Math.round((total.ms / per) * 1000) / 1000 } : {}),
  statements: rows,
};
if (args.json) writeFileSync(args.json, `${JSON.stringify(summary, null, 2)}\n`);
for (const r of rows.slice(0, 40))
  console.log(
    `${String(r.calls).padStart(7)} ${String(r.ms).padStart(7)} ms ${per ? `${String(r.callsPer).padStart(6)}/r ${String(r.msPer).padStart(7)} ms/r ` : ''}${r.statement}`,
  );
console.log(
  `total: ${total.calls} calls, ${Math.round(total.ms)} ms${per ? `; per redemption ${summary.callsPer} calls, ${summary.msPer} ms` : ''}`,
);
