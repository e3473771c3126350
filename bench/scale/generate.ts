/**
 * The scale generator: a realistic month of the ledger written with set-based SQL on a fresh,
 * migrated database, every ledger transaction posted as the services post them, with the ledger
 * triggers ON (entry trigger keeping balances, xid guard, balanced check at commit).
 *
 * The world (P = BENCH_SCALE approved claim parts; V = ⌈P / 4⌉ vouchers):
 * - the city 330700 and its nine counties, one fund each for the year, two allocations per fund
 *   (mid previous month and the 5th of the month: opening balance and a movement);
 * - nine county programs co-funded city 3000 + county 7000 (ratio 50 %, 40 % out of region);
 * - enterprises (V / 5, spread over the counties), providers (BENCH_PROVIDERS_PER_REGION in each of
 *   the ten Jinhua regions and in 330100 Hangzhou), one complex per Jinhua region; USCCs valid and unique;
 * - V vouchers (face 2,000–6,900 yuan) issued in the first 14 days of the month, split 30/70 over
 *   their two fund parts; each with two confirmed redemptions (40 % of the face, then 30 % or, for
 *   every fourth voucher, the 60 % left: exhausted), 80 % at a provider of the issuing county,
 *   15 % elsewhere in Jinhua, 5 % in Hangzhou; every amount a multiple of 10 fen per part, so the
 *   largest-remainder split is exact;
 * - one approved claim per redemption, with its claim item and two claim parts (city and county
 *   fund): P = 4 V parts, all approved within the month;
 * - the ledger: allocate (appropriation → available), issue (available → vouchers, owner the
 *   voucher), hold (vouchers → held), confirm (held → payable, owner the provider), with at and kind
 *   on every entry, in chronological order within each chunk.
 * The audit log is not generated (nothing measured reads it).
 *
 * Chunks of BENCH_CHUNK vouchers (default 500: 2,500 ledger transactions, 10,000 entries), each in
 * two database transactions: phase 1 writes the rows and the issue transactions, phase 2 (after
 * phase 1 committed) the hold and confirm transactions. Phase 2 of chunk k runs on a second
 * connection while phase 1 of chunk k + 1 runs on the first (they touch disjoint accounts), so both
 * cores work (BENCH_GEN_PARALLEL=0: one connection). Small transactions on purpose: one big
 * transaction would update each fund's shared `available` row thousands of times before commit, a
 * version chain the entry trigger walks at each update (measured: 185 µs per issue entry with
 * 1,000 vouchers per transaction, 125 µs with 250).
 *
 * `node dist/bench/scale/generate.js` generates and keeps the database (BENCH_SCALE, BENCH_DATABASE).
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { CATEGORIES, SECTORS } from '@ivl/core';
import {
  benchPeriod,
  databaseExists,
  databaseSizeMb,
  databaseUrl,
  log,
  main,
  migrateDatabase,
  periodOf,
  periodRange,
  recreateDatabase,
  round,
  scaleSettings,
  withClient,
} from './common.js';

export const CITY = '330700';
export const COUNTIES = ['330702', '330703', '330723', '330726', '330727', '330781', '330782', '330783', '330784'];
export const HANGZHOU = '330100';
/** Provider regions by index: the nine counties, the city, Hangzhou. */
const PROVIDER_REGIONS = [...COUNTIES, CITY, HANGZHOU];
const NIL = '00000000-0000-0000-0000-000000000000';
/** The tables the generator writes (what autovacuum would have vacuumed and analysed during the month). */
const WRITTEN_TABLES = [
  'regions',
  'funds',
  'complexes',
  'providers',
  'enterprises',
  'programs',
  'program_funding',
  'allocations',
  'applications',
  'vouchers',
  'voucher_parts',
  'redemptions',
  'redemption_parts',
  'claims',
  'claim_items',
  'claim_parts',
  'ledger_transactions',
  'ledger_entries',
  'ledger_accounts',
];
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export interface GenerateOptions {
  database: string;
  parts: number;
  chunkVouchers: number;
  providersPerRegion: number;
  period: string;
  vacuum: 'written' | 'all' | 'none';
}

export interface GenerateResult {
  database: string;
  period: string;
  parts: number;
  claims: number;
  redemptions: number;
  vouchers: number;
  enterprises: number;
  providers: number;
  ledgerTransactions: number;
  ledgerEntries: number;
  ledgerAccounts: number;
  sizeMb: number;
  seconds: { migrate: number; setup: number; chunks: number; vacuum: number; total: number };
  entriesPerSecond: number;
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map(sqlText).join(',')}]::text[]`;
const uuidOf = (expr: string) => `md5('ivl-bench:' || ${expr})::uuid`;

/** A base-31 number of 8 USCC characters, as an SQL expression over the integer expression `i`. */
function base31(i: string): string {
  return `(SELECT string_agg(substr('${USCC_ALPHABET}', ((${i})::bigint / (31::float8 ^ p)::bigint % 31)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, 7) p)`;
}

/** The 18th character (GB 32100-2015) of a 17-character body, as an SQL expression. */
function usccCheck(body: string): string {
  return `(SELECT substr('${USCC_ALPHABET}', ((31 - sum((strpos('${USCC_ALPHABET}', substr(${body}, k, 1)) - 1) * (ARRAY[${USCC_WEIGHTS.join(',')}])[k]) % 31) % 31)::int + 1, 1)
             FROM generate_series(1, 17) k)`;
}

/** Sizes derived from the parts asked for. */
export function worldSize(parts: number, providersPerRegion: number) {
  const vouchers = Math.ceil(parts / 4);
  const enterprisesPerCounty = Math.max(1, Math.ceil(vouchers / 45));
  return {
    vouchers,
    redemptions: vouchers * 2,
    claims: vouchers * 2,
    parts: vouchers * 4,
    enterprisesPerCounty,
    enterprises: enterprisesPerCounty * COUNTIES.length,
    providers: providersPerRegion * PROVIDER_REGIONS.length,
    ledgerTransactions: vouchers * 5 + 20,
    ledgerEntries: vouchers * 20 + 40,
  };
}

export function setupSql(o: GenerateOptions, size: ReturnType<typeof worldSize>): string {
  const { start } = periodRange(o.period);
  const year = Number(o.period.slice(0, 4));
  const setupAt = new Date(start.getTime() - 20 * 86_400_000).toISOString();
  const jinhua = [CITY, ...COUNTIES];
  const PR = o.providersPerRegion;
  const EPC = size.enterprisesPerCounty;

  // What each fund gives to the vouchers (face value split 30/70), allocated in two halves of 70 %.
  let cityNeed = 0n;
  const countyNeed = COUNTIES.map(() => 0n);
  for (let n = 0; n < size.vouchers; n++) {
    const face = 10_000n * BigInt(20 + (n % 50));
    cityNeed += (face * 3n) / 10n;
    countyNeed[n % 9] += (face * 7n) / 10n;
  }
  const half = (need: bigint) => ((need * 7n) / 10n / 1_000_000n + 1n) * 1_000_000n;
  const opening = new Date(start.getTime() - 15 * 86_400_000 + 10 * 3_600_000).toISOString();
  const inMonth = new Date(start.getTime() + 4 * 86_400_000 + 10 * 3_600_000).toISOString();
  const allocations = [CITY, ...COUNTIES].flatMap((code, i) => {
    const amount = half(i === 0 ? cityNeed : countyNeed[i - 1]);
    return [
      `(${sqlText(code)}, ${amount}, '${opening}'::timestamptz, ${sqlText(`BUDGET-${year}-${code}-1`)})`,
      `(${sqlText(code)}, ${amount}, '${inMonth}'::timestamptz, ${sqlText(`BUDGET-${year}-${code}-2`)})`,
    ];
  });

  return `
    INSERT INTO regions (code, name, level, parent_code) VALUES ('${HANGZHOU}', '杭州市', 'city', NULL) ON CONFLICT (code) DO NOTHING;

    INSERT INTO funds (id, region_code, year, name, created_at)
    SELECT ${uuidOf(`'fund:' || r.code`)}, r.code, ${year}, '${year}年' || r.name || '创新券资金', '${setupAt}'
      FROM regions r WHERE r.code = ANY(${sqlArray(jinhua)});

    INSERT INTO complexes (id, name, sector, level, region_code, created_at)
    SELECT ${uuidOf(`'complex:' || r.code`)}, r.name || '产业创新服务综合体', (${sqlArray(SECTORS)})[c.ord], CASE WHEN r.level = 'city' THEN 'city' ELSE 'county' END, r.code, '${setupAt}'
      FROM unnest(${sqlArray(jinhua)}) WITH ORDINALITY AS c(code, ord) JOIN regions r ON r.code = c.code;

    INSERT INTO providers (id, uscc, name, region_code, complex_id, categories, accreditations, controller_key,
                           bank_name, account_name, account_no, status, created_at, updated_at)
    SELECT ${uuidOf(`'provider:' || i`)}, b.body || ${usccCheck('b.body')}, rg.name || '服务机构' || lpad(i::text, 6, '0'), rc.code,
           CASE WHEN rc.ri < 10 AND i % 2 = 0 THEN ${uuidOf(`'complex:' || rc.code`)} END,
           ${sqlArray(CATEGORIES)},
           jsonb_build_array(jsonb_build_object('type', 'CMA', 'number', 'CMA' || lpad(i::text, 10, '0'), 'validUntil', '${year + 3}-12-31')),
           NULL, '中国工商银行' || rg.name || '分行', rg.name || '服务机构' || lpad(i::text, 6, '0'), '6222' || lpad(i::text, 15, '0'),
           'active', '${setupAt}', '${setupAt}'
      FROM generate_series(0, ${PROVIDER_REGIONS.length * PR - 1}) i
      CROSS JOIN LATERAL (SELECT i / ${PR} AS ri, (${sqlArray(PROVIDER_REGIONS)})[i / ${PR} + 1] AS code) rc
      JOIN regions rg ON rg.code = rc.code
      CROSS JOIN LATERAL (SELECT '91' || rc.code || 'P' || ${base31('i')} AS body) b;

    INSERT INTO enterprises (id, uscc, name, region_code, controller_key, created_at)
    SELECT ${uuidOf(`'enterprise:' || e`)}, b.body || ${usccCheck('b.body')}, rg.name || '企业' || lpad(e::text, 7, '0'), c.code, NULL, '${setupAt}'
      FROM generate_series(0, ${size.enterprises - 1}) e
      CROSS JOIN LATERAL (SELECT (${sqlArray(COUNTIES)})[e / ${EPC} + 1] AS code) c
      JOIN regions rg ON rg.code = c.code
      CROSS JOIN LATERAL (SELECT '91' || c.code || 'E' || ${base31('e')} AS body) b;

    INSERT INTO programs (id, name, year, issuer_region_code, status, categories, ratio_bp, full_coverage_up_to, out_of_region_ratio_bp,
                          per_voucher_max, enterprise_annual_cap, controller_annual_cap, validity_days, claim_window_days,
                          city_review_required, created_at)
    SELECT ${uuidOf(`'program:' || (c.ord - 1)`)}, '${year}年' || r.name || '科技创新券', ${year}, c.code, 'active', ${sqlArray(CATEGORIES)},
           5000, NULL, 4000, 1000000, 10000000, NULL, 365, 90, false, '${setupAt}'
      FROM unnest(${sqlArray(COUNTIES)}) WITH ORDINALITY AS c(code, ord) JOIN regions r ON r.code = c.code;

    -- Every share approved at set-up (the city's share as if the city's finance bureau had approved it).
    INSERT INTO program_funding (program_id, position, fund_id, share_bp, approved_at)
    SELECT ${uuidOf(`'program:' || (c.ord - 1)`)}, 0, ${uuidOf(`'fund:${CITY}'`)}, 3000, '${setupAt}'::timestamptz FROM unnest(${sqlArray(COUNTIES)}) WITH ORDINALITY AS c(code, ord)
    UNION ALL
    SELECT ${uuidOf(`'program:' || (c.ord - 1)`)}, 1, ${uuidOf(`'fund:' || c.code`)}, 7000, '${setupAt}'::timestamptz FROM unnest(${sqlArray(COUNTIES)}) WITH ORDINALITY AS c(code, ord);

    -- Allocations: appropriation → available, as FundsService.allocate posts them.
    CREATE TEMP TABLE g_alloc ON COMMIT DROP AS
    SELECT nextval(pg_get_serial_sequence('ledger_transactions', 'id')) AS tx_id, a.*
      FROM (SELECT ${uuidOf(`'fund:' || v.code`)} AS fund_id, v.amount::bigint AS amount, v.at, v.reference
              FROM (VALUES ${allocations.join(',\n                           ')}) v(code, amount, at, reference)
             ORDER BY v.at, v.code) a;
    INSERT INTO ledger_transactions (id, kind, at, reference) SELECT tx_id, 'allocate', at, reference FROM g_alloc ORDER BY tx_id;
    INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind)
    SELECT a.tx_id, a.fund_id, e.class, '${NIL}', e.amount, a.at, 'allocate'
      FROM g_alloc a CROSS JOIN LATERAL (VALUES ('appropriation', -a.amount), ('available', a.amount)) e(class, amount)
     ORDER BY a.tx_id, e.class;
    INSERT INTO allocations (fund_id, amount, reference, tx_id, created_by, created_at)
    SELECT fund_id, amount, reference, tx_id, NULL, at FROM g_alloc ORDER BY tx_id;
  `;
}

export const TEMP_TABLES = `
  CREATE TEMP TABLE g_v (
    n int, id uuid, code text, program_id uuid, enterprise_id uuid, application_id uuid, county text, fund_k uuid,
    face bigint, balance bigint, status text, issue_at timestamptz) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE g_r (
    m bigint, n int, r int, id uuid, voucher_id uuid, program_id uuid, enterprise_id uuid, provider_id uuid, fund_k uuid,
    category text, order_amount bigint, subsidy bigint, hold_at timestamptz, confirm_at timestamptz,
    claim_id uuid, claim_at timestamptz, approved_at timestamptz) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE g_ev (
    tx_id bigint, kind text, at timestamptz, voucher_id uuid, redemption_id uuid, fund_k uuid, amt_c bigint, amt_k bigint,
    provider_id uuid, o int) ON COMMIT DELETE ROWS;
`;

/** The vouchers [lo, hi) and their redemptions into the session's temporary tables (deterministic: both connections compute the same). */
function fillSql(o: GenerateOptions, size: ReturnType<typeof worldSize>, lo: number, hi: number): string {
  const { start } = periodRange(o.period);
  const PR = o.providersPerRegion;
  const EPC = size.enterprisesPerCounty;
  return `
    INSERT INTO g_v
    SELECT n, ${uuidOf(`'voucher:' || n`)}, upper(substr(md5('ivl-bench:code:' || n), 1, 16)),
           ${uuidOf(`'program:' || (n % 9)`)},
           ${uuidOf(`'enterprise:' || ((n % 9) * ${EPC} + (n / 9) % ${EPC})`)},
           ${uuidOf(`'application:' || n`)},
           (${sqlArray(COUNTIES)})[n % 9 + 1],
           ${uuidOf(`'fund:' || (${sqlArray(COUNTIES)})[n % 9 + 1]`)},
           10000::bigint * (20 + n % 50),
           CASE WHEN n % 4 = 0 THEN 0 ELSE 3000::bigint * (20 + n % 50) END,
           CASE WHEN n % 4 = 0 THEN 'exhausted' ELSE 'active' END,
           '${start.toISOString()}'::timestamptz + make_interval(secs => (n::float8 / ${size.vouchers}) * 14 * 86400 + 8 * 3600)
      FROM generate_series(${lo}, ${hi - 1}) n;

    INSERT INTO g_r
    SELECT mm.m, v.n, r, ${uuidOf(`'redemption:' || mm.m`)}, v.id, v.program_id, v.enterprise_id,
           ${uuidOf(`'provider:' || (pr.ri * ${PR} + (mm.m * 104729) % ${PR})`)}, v.fund_k,
           (${sqlArray(CATEGORIES)})[mm.m % 5 + 1],
           s.subsidy * 10000 / CASE WHEN (${sqlArray(PROVIDER_REGIONS)})[pr.ri + 1] = v.county THEN 5000 ELSE 4000 END,
           s.subsidy, h.hold_at, h.hold_at + CASE WHEN r = 1 THEN interval '2 hours' ELSE interval '3 hours' END,
           ${uuidOf(`'claim:' || mm.m`)},
           h.hold_at + interval '1 day 4 hours', h.hold_at + interval '3 days 4 hours'
      FROM g_v v
      CROSS JOIN generate_series(1, 2) r
      CROSS JOIN LATERAL (SELECT 2::bigint * v.n + r - 1 AS m) mm
      CROSS JOIN LATERAL (SELECT CASE WHEN (mm.m * 7919) % 100 < 80 THEN v.n % 9
                                      WHEN (mm.m * 7919) % 100 < 95 THEN (v.n % 9 + 1 + mm.m % 9) % 10
                                      ELSE 10 END AS ri) pr
      CROSS JOIN LATERAL (SELECT CASE WHEN r = 1 THEN 4000::bigint * (20 + v.n % 50)
                                      WHEN v.n % 4 = 0 THEN 6000::bigint * (20 + v.n % 50)
                                      ELSE 3000::bigint * (20 + v.n % 50) END AS subsidy) s
      CROSS JOIN LATERAL (SELECT v.issue_at + CASE WHEN r = 1 THEN interval '2 days' ELSE interval '5 days' END
                                 + make_interval(secs => (mm.m % 3600)::float8) AS hold_at) h;
  `;
}

/** The ledger transactions of a chunk whose kind is one of `kinds`, in chronological order, as the services post them. */
function ledgerSql(kinds: string[]): string {
  const cityFund = uuidOf(`'fund:${CITY}'`);
  return `
    -- The ledger transactions, in chronological order, as VouchersService.issue and RedemptionsService.redeem / confirm post them.
    INSERT INTO g_ev
    SELECT nextval(pg_get_serial_sequence('ledger_transactions', 'id')), e.*
      FROM (SELECT 'issue'::text AS kind, issue_at AS at, id AS voucher_id, NULL::uuid AS redemption_id, fund_k,
                   face * 3 / 10 AS amt_c, face * 7 / 10 AS amt_k, NULL::uuid AS provider_id, 0 AS o FROM g_v WHERE 'issue' = ANY(${sqlArray(kinds)})
            UNION ALL
            SELECT 'hold', hold_at, voucher_id, id, fund_k, subsidy * 3 / 10, subsidy * 7 / 10, NULL, 1 FROM g_r WHERE 'hold' = ANY(${sqlArray(kinds)})
            UNION ALL
            SELECT 'confirm', confirm_at, voucher_id, id, fund_k, subsidy * 3 / 10, subsidy * 7 / 10, provider_id, 2 FROM g_r WHERE 'confirm' = ANY(${sqlArray(kinds)})
            ORDER BY 2, 9, 3, 4) e;

    INSERT INTO ledger_transactions (id, kind, at, voucher_id, redemption_id)
    SELECT tx_id, kind, at, voucher_id, redemption_id FROM g_ev ORDER BY tx_id;

    INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind)
    SELECT ev.tx_id, e.fund_id, e.class, e.owner, e.amount, ev.at, ev.kind
      FROM g_ev ev
      CROSS JOIN LATERAL (SELECT CASE ev.kind WHEN 'issue' THEN 'available' WHEN 'hold' THEN 'vouchers' ELSE 'held' END AS from_class,
                                 CASE ev.kind WHEN 'issue' THEN '${NIL}'::uuid ELSE ev.voucher_id END AS from_owner,
                                 CASE ev.kind WHEN 'issue' THEN 'vouchers' WHEN 'hold' THEN 'held' ELSE 'payable' END AS to_class,
                                 CASE ev.kind WHEN 'confirm' THEN ev.provider_id ELSE ev.voucher_id END AS to_owner) k
      CROSS JOIN LATERAL (VALUES (${cityFund}, k.from_class, k.from_owner, -ev.amt_c),
                                 (${cityFund}, k.to_class, k.to_owner, ev.amt_c),
                                 (ev.fund_k, k.from_class, k.from_owner, -ev.amt_k),
                                 (ev.fund_k, k.to_class, k.to_owner, ev.amt_k)) e(fund_id, class, owner, amount)
     ORDER BY ev.tx_id, e.fund_id::text, e.class, e.owner::text;
  `;
}

/**
 * Phase 1 of a chunk of vouchers [lo, hi): applications, vouchers and their parts, redemptions and
 * their parts, approved claims with items and parts, and the issue transactions (which update the
 * funds' shared `available` accounts).
 */
export function rowsAndIssueSql(o: GenerateOptions, size: ReturnType<typeof worldSize>, lo: number, hi: number): string {
  const cityFund = uuidOf(`'fund:${CITY}'`);
  const officer = uuidOf(`'officer'`);
  return (
    fillSql(o, size, lo, hi) +
    `
    INSERT INTO applications (id, program_id, enterprise_id, amount, purpose, status, stage, county_decision, city_decision,
                              reject_reason, voucher_id, created_at, decided_at)
    SELECT application_id, program_id, enterprise_id, face, '委托检验检测与研发服务', 'approved', 'done',
           jsonb_build_object('by', ${officer}, 'role', 'county_officer',
                              'at', to_char(issue_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '+08:00',
                              'approved', true, 'comment', NULL),
           NULL, NULL, id, issue_at - interval '3 days', issue_at
      FROM g_v ORDER BY n;

    INSERT INTO vouchers (id, code, program_id, enterprise_id, application_id, face_value, balance, held, status, issued_at, valid_until)
    SELECT id, code, program_id, enterprise_id, application_id, face, balance, 0, status, issue_at,
           ((date_trunc('day', issue_at AT TIME ZONE 'Asia/Shanghai') + interval '366 days') AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond'
      FROM g_v ORDER BY n;

    INSERT INTO voucher_parts (voucher_id, position, fund_id, face_value)
    SELECT id, 0, ${cityFund}, face * 3 / 10 FROM g_v
    UNION ALL SELECT id, 1, fund_k, face * 7 / 10 FROM g_v;

    INSERT INTO claims (id, provider_id, program_id, amount, invoice_number, invoice_date, status, reject_reason, created_at, decided_at, decided_by)
    SELECT claim_id, provider_id, program_id, subsidy, 'FP' || lpad(m::text, 12, '0'), (claim_at AT TIME ZONE 'Asia/Shanghai')::date,
           'approved', NULL, claim_at, approved_at, ${officer}
      FROM g_r ORDER BY m;

    INSERT INTO redemptions (id, voucher_id, program_id, provider_id, enterprise_id, category, order_amount, subsidy, description,
                             status, created_at, confirmed_at, cancelled_at, claim_id)
    SELECT id, voucher_id, program_id, provider_id, enterprise_id, category, order_amount, subsidy, category || ' 服务订单 ' || m,
           'confirmed', hold_at, confirm_at, NULL, claim_id
      FROM g_r ORDER BY m;

    INSERT INTO redemption_parts (redemption_id, fund_id, position, amount)
    SELECT id, ${cityFund}, 0, subsidy * 3 / 10 FROM g_r
    UNION ALL SELECT id, fund_k, 1, subsidy * 7 / 10 FROM g_r;

    INSERT INTO claim_items (claim_id, redemption_id) SELECT claim_id, id FROM g_r;

    INSERT INTO claim_parts (claim_id, fund_id, fund_region_code, provider_id, amount, approved_at)
    SELECT claim_id, fund_id, region_code, provider_id, amount, approved_at
      FROM (SELECT m, 0 AS p, claim_id, ${cityFund} AS fund_id, '${CITY}' AS region_code, provider_id, subsidy * 3 / 10 AS amount, approved_at FROM g_r
            UNION ALL
            SELECT g_r.m, 1, g_r.claim_id, g_r.fund_k, v.county, g_r.provider_id, g_r.subsidy * 7 / 10, g_r.approved_at
              FROM g_r JOIN g_v v ON v.n = g_r.n) x
     ORDER BY m, p;

  ` +
    ledgerSql(['issue'])
  );
}

/**
 * Phase 2 of a chunk, after its phase 1 committed: the hold and confirm transactions. They touch only
 * the chunk's own voucher accounts and the providers' payable accounts, so phase 2 of chunk k runs on
 * a second connection while phase 1 of chunk k + 1 runs on the first, without waiting on each other.
 */
export function holdsAndConfirmsSql(o: GenerateOptions, size: ReturnType<typeof worldSize>, lo: number, hi: number): string {
  return fillSql(o, size, lo, hi) + ledgerSql(['hold', 'confirm']);
}

/** Drops and creates the bench database, migrates it (as `npm start` would) and generates the month. */
export async function generate(o: GenerateOptions): Promise<GenerateResult> {
  const size = worldSize(o.parts, o.providersPerRegion);
  const t0 = performance.now();
  log(
    `generating ${size.parts.toLocaleString('en')} claim parts for ${o.period} in ${o.database}: ${size.vouchers.toLocaleString('en')} vouchers, ` +
      `${size.redemptions.toLocaleString('en')} redemptions and claims, ${size.enterprises.toLocaleString('en')} enterprises, ${size.providers} providers, ` +
      `~${size.ledgerTransactions.toLocaleString('en')} ledger transactions (chunks of ${o.chunkVouchers} vouchers)`,
  );
  const url = await recreateDatabase(o.database);
  await migrateDatabase(url, 'scale');
  const tMigrated = performance.now();

  // Two connections: phase 1 of chunk k (rows, issue) on the first while phase 2 of chunk k - 1
  // (holds, confirms) runs on the second; they touch disjoint ledger accounts. BENCH_GEN_PARALLEL=0: one.
  const parallel = process.env.BENCH_GEN_PARALLEL !== '0';
  const first = new pg.Client({ connectionString: url, application_name: 'ivl-bench-generate-1' });
  const second = parallel ? new pg.Client({ connectionString: url, application_name: 'ivl-bench-generate-2' }) : first;
  await first.connect();
  if (parallel) await second.connect();
  let tSetup: number;
  let tChunks: number;
  try {
    await first.query(setupSql(o, size));
    tSetup = performance.now();
    await first.query(TEMP_TABLES);
    if (parallel) await second.query(TEMP_TABLES);
    const chunks: Array<[number, number]> = [];
    for (let lo = 0; lo < size.vouchers; lo += o.chunkVouchers) chunks.push([lo, Math.min(size.vouchers, lo + o.chunkVouchers)]);
    let nextReport = 0.1;
    for (let k = 0; k <= chunks.length; k++) {
      const work: Array<Promise<unknown>> = [];
      if (k < chunks.length) work.push(first.query(rowsAndIssueSql(o, size, ...chunks[k])));
      if (k > 0) {
        const previous = holdsAndConfirmsSql(o, size, ...chunks[k - 1]);
        work.push(second.query(previous)); // the same client when not parallel: pg queues it after phase 1
      }
      await Promise.all(work);
      if (k === 0) continue;
      const done = chunks[k - 1][1] / size.vouchers;
      if (done >= nextReport || k === chunks.length) {
        const s = (performance.now() - tSetup) / 1000;
        log(
          `  ${Math.round(done * 100)} % (${(chunks[k - 1][1] * 4).toLocaleString('en')} parts) in ${s.toFixed(0)} s, ~${Math.round((chunks[k - 1][1] * 20) / s).toLocaleString('en')} entries/s`,
        );
        nextReport += 0.1;
      }
    }
    tChunks = performance.now();
  } finally {
    await first.end();
    if (parallel) await second.end();
  }

  if (o.vacuum !== 'none') {
    const what = o.vacuum === 'all' ? '' : ` ${WRITTEN_TABLES.join(', ')}`;
    log(`VACUUM (ANALYZE)${o.vacuum === 'all' ? ' of the whole database' : ' of the tables written'} …`);
    await withClient(url, (c) => c.query(`VACUUM (ANALYZE)${what}`));
  }
  const tVacuum = performance.now();

  const counts = await withClient(url, async (c) => {
    const { rows } = await c.query<Record<string, string>>(`
      SELECT (SELECT count(*) FROM claim_parts) AS parts, (SELECT count(*) FROM claims) AS claims,
             (SELECT count(*) FROM redemptions) AS redemptions, (SELECT count(*) FROM vouchers) AS vouchers,
             (SELECT count(*) FROM enterprises) AS enterprises, (SELECT count(*) FROM providers) AS providers,
             (SELECT count(*) FROM ledger_transactions) AS tx, (SELECT count(*) FROM ledger_entries) AS entries,
             (SELECT count(*) FROM ledger_accounts) AS accounts`);
    return rows[0];
  });
  const seconds = {
    migrate: round((tMigrated - t0) / 1000),
    setup: round((tSetup - tMigrated) / 1000),
    chunks: round((tChunks - tSetup) / 1000),
    vacuum: round((tVacuum - tChunks) / 1000),
    total: round((tVacuum - t0) / 1000),
  };
  const result: GenerateResult = {
    database: o.database,
    period: o.period,
    parts: Number(counts.parts),
    claims: Number(counts.claims),
    redemptions: Number(counts.redemptions),
    vouchers: Number(counts.vouchers),
    enterprises: Number(counts.enterprises),
    providers: Number(counts.providers),
    ledgerTransactions: Number(counts.tx),
    ledgerEntries: Number(counts.entries),
    ledgerAccounts: Number(counts.accounts),
    sizeMb: await databaseSizeMb(o.database),
    seconds,
    entriesPerSecond: Math.round(Number(counts.entries) / Math.max(0.001, seconds.chunks)),
  };
  log(
    `generated in ${seconds.total} s (migrate ${seconds.migrate}, setup ${seconds.setup}, chunks ${seconds.chunks}, ` +
      `vacuum ${o.vacuum} ${seconds.vacuum}): ${result.ledgerTransactions.toLocaleString('en')} ledger transactions, ` +
      `${result.ledgerEntries.toLocaleString('en')} entries, ${result.sizeMb} MB`,
  );
  return result;
}

export interface ExistingData {
  parts: number;
  period: string;
  batchesOfPeriod: number;
  ledgerTransactions: number;
}

/** What a bench database holds (for BENCH_REUSE=1), or undefined when it holds no generated month. */
export async function inspect(database: string): Promise<ExistingData | undefined> {
  if (!(await databaseExists(database))) return undefined;
  return withClient(databaseUrl(database), async (c) => {
    const { rows: tables } = await c.query<{ t: string | null }>(`SELECT to_regclass('public.claim_parts') AS t`);
    if (!tables[0]?.t) return undefined;
    const { rows } = await c.query<{ parts: string; first: Date | null; tx: string }>(
      `SELECT count(*) AS parts, min(approved_at) AS first, (SELECT count(*) FROM ledger_transactions) AS tx FROM claim_parts`,
    );
    const row = rows[0];
    if (Number(row.parts) === 0 || !row.first) return undefined;
    const period = periodOf(row.first);
    const { rows: batches } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM settlement_batches WHERE period = $1`, [period]);
    return { parts: Number(row.parts), period, batchesOfPeriod: Number(batches[0].n), ledgerTransactions: Number(row.tx) };
  });
}

export function optionsFromEnv(): GenerateOptions {
  return {
    database: scaleSettings.database,
    parts: scaleSettings.parts,
    chunkVouchers: scaleSettings.chunkVouchers,
    providersPerRegion: scaleSettings.providersPerRegion,
    period: benchPeriod(),
    vacuum: scaleSettings.vacuum,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(async () => {
    const result = await generate(optionsFromEnv());
    process.stdout.write(`${JSON.stringify({ bench: 'generate', ...result })}\n`);
    return true;
  });
}
