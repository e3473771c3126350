/**
 * `npm run bench:redeem`: redemption throughput with the vouchers spread over all nine counties,
 * against pgbench on the same Postgres. Prints its figures as the last line (one JSON object) and
 * writes bench/results/redeem.json. BENCH_SMOKE=1: a few seconds on a small world (CI).
 * The load runs twice, without and with the worker sealing the hash chain (libs/chain): the JSON
 * line's `sealing` gives both throughputs, the drop and the largest sealing lag.
 */
import { main } from './support/lifecycle.js';
import { redemptionBench } from './support/redemption-bench.js';

main(() => redemptionBench('redeem', 'spread', true));
