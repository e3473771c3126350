/**
 * `npm run bench:hot-county`: the redemption throughput bench with every voucher from one county's
 * program (same counts as bench:redeem). Compared with bench/results/redeem.json when present.
 */
import { main } from './support/lifecycle.js';
import { redemptionBench } from './support/redemption-bench.js';

main(() => redemptionBench('hot-county', 'hot-county'));
