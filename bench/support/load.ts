import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { log } from './env.js';

export interface LoadOptions {
  baseUrl: string;
  providerTokens: string[];
  voucherCodes: string[];
  seconds: number;
  connections: number;
  /** Fen per service order: small, so that the vouchers last the whole run. */
  orderAmount: number;
  category?: string;
}

export interface LoadResult {
  requests: number;
  ok: number;
  errors: number;
  statusCounts: Record<string, number>;
  connectionErrors: number;
  timeouts: number;
  durationSec: number;
  redemptionsPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** autocannon's own summary, for cross-checking (it has p97_5 and p99 but no p95). */
  autocannonLatencyMs: { p50: number; p97_5: number; p99: number; max: number };
  errorSamples: Array<{ status: number; body: string }>;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * POST /redemptions from `connections` keep-alive connections for `seconds`: each request with a
 * fresh Idempotency-Key, the voucher codes taken in turn, the provider users in turn. Latency
 * percentiles come from every response time (exact, not a histogram); non-2xx count as errors.
 */
export async function redemptionLoad(options: LoadOptions): Promise<LoadResult> {
  const { voucherCodes, providerTokens } = options;
  if (voucherCodes.length === 0 || providerTokens.length === 0) throw new Error('no vouchers or providers to load');
  let counter = 0;
  const bodies = voucherCodes.map((code) =>
    JSON.stringify({
      voucherCode: code,
      category: options.category ?? 'DESIGN',
      orderAmount: options.orderAmount,
      description: '工业设计服务',
    }),
  );
  const times: number[] = [];
  const errorSamples: Array<{ status: number; body: string }> = [];

  const opts: autocannon.Options = {
    url: options.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/redemptions',
        setupRequest: (request) => {
          const i = counter++;
          return {
            ...request,
            method: 'POST',
            path: '/redemptions',
            headers: {
              'content-type': 'application/json',
              authorization: providerTokens[Math.floor(i / voucherCodes.length) % providerTokens.length],
              'idempotency-key': randomUUID(),
            },
            body: bodies[i % bodies.length],
          };
        },
        onResponse: (status, body) => {
          if ((status < 200 || status >= 300) && errorSamples.length < 10) errorSamples.push({ status, body: body.slice(0, 400) });
        },
      },
    ],
  };
  log(
    `load: ${options.connections} connections, ${options.seconds} s, ${voucherCodes.length} vouchers, ${providerTokens.length} providers`,
  );
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (error: unknown, result) => {
      if (error) reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
      else resolve(result);
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });

  const sorted = Float64Array.from(times).sort();
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stat.count ?? 0;
  const ok = result['2xx'];
  const errors = result.non2xx + result.errors;
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  return {
    requests: ok + result.non2xx,
    ok,
    errors,
    statusCounts,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    durationSec: result.duration,
    redemptionsPerSec: Math.round(ok / result.duration),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? NaN),
      mean: round(mean),
    },
    autocannonLatencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
    errorSamples,
  };
}
